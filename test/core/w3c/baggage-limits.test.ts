/**
 * W3C Baggage §3.3.2 limits, measured on exactly what is sent: the merged
 * members (a repeated key charged once, at its last value), each as it will
 * go out (received members byte for byte, OWS aside, escapes in uppercase).
 * Issue 20, item 7.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extract } from "../../../src/core/extract.js";
import { inject } from "../../../src/core/inject.js";
import { formatBaggage, parseBaggage } from "../../../src/core/w3c/baggage.js";

const TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** The exact text each member goes out as (reference, from the spec's grammar). */
function sentForm(member: string): { key: string; text: string } {
  const text = member
    .replace(/[ \t]/g, "")
    .replace(/=[^;]*/g, (value) => value.replace(/%../g, (e) => e.toUpperCase()));
  return { key: text.slice(0, text.indexOf("=")), text };
}

/** Reference merge: a repeated key keeps its first place and takes its last value. */
function expectedHeader(members: readonly string[]): { header: string; count: number } {
  const merged = new Map<string, string>();
  for (const member of members) {
    const { key, text } = sentForm(member);
    merged.set(key, text);
  }
  return { header: [...merged.values()].join(","), count: merged.size };
}

const KEY = fc
  .tuple(fc.constantFrom(..."abcdefghijklmnop"), fc.nat(120))
  .map(([c, n]) => (n < 20 ? c : `${c}${n}`));
const OCTETS = fc.constantFrom("a", "Z", "9", "-", "%20", "%c3%a9", "%E2%82%AC", "%2c", "!");
/** Valid members, with OWS and lowercase escapes sometimes, long values sometimes. */
const MEMBER = fc
  .tuple(
    KEY,
    fc.array(OCTETS, { maxLength: 8 }),
    fc.nat(3000),
    fc.constantFrom("", " ", "\t "),
    fc.option(fc.constantFrom(";p", ";q=1", " ; r = %e2%82%ac")),
  )
  .map(
    ([key, octets, pad, ows, property]) =>
      `${ows}${key}${ows}=${ows}${octets.join("")}${"v".repeat(pad % 7 === 0 ? pad : pad % 40)}${property ?? ""}${ows}`,
  );
/** Headers of a few long members or many short ones, many around 8,192 bytes. */
const HEADER = fc.oneof(
  fc.array(MEMBER, { minLength: 1, maxLength: 12 }),
  fc.array(
    MEMBER.filter((m) => m.length < 60),
    { minLength: 55, maxLength: 75 },
  ),
  fc
    .tuple(fc.array(MEMBER, { maxLength: 6 }), fc.integer({ min: 8180, max: 8205 }))
    .map(([members, size]) => {
      const head = members.join(",");
      const room = size - head.length - (head ? 4 : 3);
      return room > 0 ? [...members, `zz=${"x".repeat(room)}`] : members;
    }),
  // A key first sent large, then repeated small: charged only at the small value.
  fc
    .tuple(KEY, fc.array(MEMBER, { maxLength: 4 }), fc.integer({ min: 8000, max: 8200 }))
    .map(([key, middle, size]) => [`${key}=${"x".repeat(size)}`, ...middle, `${key}=small`]),
);

describe("baggage §3.3.2 limits on the bytes sent (issue 20 item 7)", () => {
  it("baggage §3.3.2: whenever all merged members fit in 8192 bytes and 64 members, none is dropped, and they go out byte for byte", () => {
    fc.assert(
      fc.property(HEADER, (members) => {
        const value = members.join(",");
        const expected = expectedHeader(members);
        const fits = expected.header.length <= 8192 && expected.count <= 64;
        const parsed = formatBaggage(parseBaggage(value));
        const headers = new Headers();
        const remote = extract({ traceparent: TP, baggage: value });
        if (remote) inject(remote, headers);
        const propagated = headers.get("baggage") ?? "";
        for (const out of [parsed, propagated]) {
          expect(out.length).toBeLessThanOrEqual(8192);
          if (fits) expect(out).toBe(expected.header);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("baggage §3.3.2: a repeated key is charged once, at the value that is sent", () => {
    const big = `a=${"x".repeat(8100)}`;
    const header = [big, "b=1", "a=small", `c=${"y".repeat(8000)}`].join(",");
    expect(formatBaggage(parseBaggage(header))).toBe(`a=small,b=1,c=${"y".repeat(8000)}`);
  });

  it("baggage §3.3.2: OWS is not charged: a header of 8,205 bytes whose members go out in 8,192 keeps them all", () => {
    const members = [`a = ${"x".repeat(8000)}`, ` b=${"y".repeat(170)} `, "c\t=\t1"];
    const value = members.join(" ,   \t ");
    expect(value.length).toBeGreaterThan(8192);
    const sent = `a=${"x".repeat(8000)},b=${"y".repeat(170)},c=1`;
    expect(sent.length).toBeLessThanOrEqual(8192);
    expect(formatBaggage(parseBaggage(value))).toBe(sent);
  });
});

describe("baggage §3.3.2 limits: reading stops once nothing further can matter (issue 20 item 8)", () => {
  const UNLIMITED = { maxMembers: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY };
  /** Many small members, some huge ones, and repeats of early keys anywhere, OWS sometimes. */
  const LONG = fc
    .tuple(
      fc.integer({ min: 60, max: 400 }),
      fc.array(
        fc.tuple(fc.nat(399), fc.constantFrom("late", "x".repeat(9000), "%zz", "", "%FF%80")),
        {
          maxLength: 3,
        },
      ),
      fc.array(fc.nat(399), { maxLength: 3 }),
      fc.boolean(),
    )
    .map(([count, repeats, huge, ows]) => {
      const members = Array.from({ length: count }, (_, i) =>
        huge.includes(i)
          ? `k${i}=${"h".repeat(5000)}`
          : i % 97 === 50
            ? `k${i}=%C3`
            : `k${i}=v${i}`,
      );
      for (const [at, value] of repeats)
        members.splice(at % (count + 1), 0, `k${at % 70}=${value}`);
      return members.join(ows ? " , " : ",");
    });

  it("baggage §3.3.2: the same answer as reading the whole header, on any long header", () => {
    fc.assert(
      fc.property(LONG, (header) => {
        const whole = formatBaggage(parseBaggage(header, UNLIMITED));
        const parsed = parseBaggage(header);
        expect(formatBaggage(parsed)).toBe(whole);
        expect([...parsed.keys()]).toEqual([...parseBaggage(whole).keys()]);
      }),
      { numRuns: 500 },
    );
  });

  it("baggage §3.3.2: a 128 KiB header of 10,000+ members keeps the first 64; a repeat at its very end still wins", () => {
    const members: string[] = [];
    for (let i = 0, bytes = 0; bytes < 128 * 1024 - 16; i++) {
      members.push(`k${i}=v${i}`);
      bytes += members[members.length - 1]!.length + 1;
    }
    expect(members.length).toBeGreaterThan(10_000);
    const header = members.join(",");
    expect([...parseBaggage(header).keys()]).toEqual(
      members.slice(0, 64).map((m) => m.split("=")[0]),
    );
    // A first member that fills the bytes stops the reading as well: same answer as reading it all.
    const heavy = `big=${"x".repeat(8150)},${header}`;
    const whole = parseBaggage(heavy, { maxMembers: 64, maxBytes: Number.POSITIVE_INFINITY });
    expect(formatBaggage(parseBaggage(heavy))).toBe(
      formatBaggage(whole, { maxMembers: 64, maxBytes: 8192 }),
    );
    const repeated = parseBaggage(`${header},k3=late`);
    expect(repeated.get("k3")?.value).toBe("late");
    expect(repeated.size).toBe(64);
  });
});
