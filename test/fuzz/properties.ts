/**
 * One fuzz property per parser. Each checks, for one hostile input:
 * the parser does not throw; what it accepts the reference validator
 * (./reference.ts, written from the spec) accepts, with the same result;
 * every header written from the result is valid for its format, has no
 * CR, LF or NUL, and `Headers.set` takes it unchanged; and parsing what
 * was written gives the same result back (the round trip is stable).
 *
 * `fuzz.test.ts` runs these with a small sample in `npm test` and with
 * `FUZZ_RUNS` (1,000,000 in `npm run fuzz`) otherwise.
 * @module
 */
import fc from "fast-check";
import { B3_DEBUG_CARRIED, b3Multi, b3Single } from "../../src/core/b3.js";
import { type Baggage, formatBaggage, parseBaggage } from "../../src/core/baggage.js";
import { w3cBaggage } from "../../src/core/baggage-propagator.js";
import { type HeaderRecord, headerAccess } from "../../src/core/carrier.js";
import { extract } from "../../src/core/extract.js";
import { inject } from "../../src/core/inject.js";
import { JAEGER_DEBUG_CARRIED, jaeger } from "../../src/core/jaeger.js";
import type { Propagator, RemoteSpanContext } from "../../src/core/propagator.js";
import { formatTraceparent, parseTraceparent } from "../../src/core/traceparent.js";
import { formatTracestate, parseTracestate, TraceState } from "../../src/core/tracestate.js";
import { awsXray, XRAY_LINEAGE_CARRIED } from "../../src/core/xray.js";
import {
  b3MultiSeeds,
  b3SingleSeed,
  baggageSeed,
  headerValue,
  jaegerBaggageSeed,
  jaegerSeed,
  type Mutated,
  mutated,
  nameCase,
  tokenArb,
  traceparentSeed,
  tracestateSeed,
  xraySeed,
} from "./arbitraries.js";
import {
  baggageOutputError,
  headerError,
  maxWireLength,
  type RefIds,
  refB3Multi,
  refB3Single,
  refBaggageMembers,
  refJaeger,
  refTraceparent,
  refTracestate,
  refXray,
  stripOws,
  TOKEN,
  TRACEPARENT_OUT,
  TRACESTATE_KEY,
  TRACESTATE_VALUE,
  UBER_OUT,
  URI_COMPONENT,
  XRAY_OUT,
} from "./reference.js";

/** A parser's property: `count` learns whether each input was accepted. */
export interface FuzzTarget {
  readonly name: string;
  property(count: (accepted: boolean) => void): fc.IProperty<[unknown]>;
}

/**
 * One input in `growEvery` is grown to 64 KiB; fast-check's own bias
 * already favours small values, so this keeps large inputs a bounded share.
 */
export const GROW_EVERY = Number(process.env.FUZZ_GROW_EVERY ?? 500);

/** Thrown when a property does not hold; the message says which and why. */
export function ensure(condition: unknown, message: string, detail?: unknown): asserts condition {
  if (!condition) {
    const shown = detail === undefined ? "" : `: ${short(JSON.stringify(detail))}`;
    throw new Error(`${message}${shown}`);
  }
}

function short(text: string | undefined): string {
  if (text === undefined) return "undefined";
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} chars)` : text;
}

/** Structural equality of plain data (Maps compared as entry lists). */
function same(a: unknown, b: unknown): boolean {
  const plain = (v: unknown): string =>
    JSON.stringify(v, (_, x: unknown) => (x instanceof Map ? [...x] : x));
  return plain(a) === plain(b);
}

function safe(name: string, value: string): void {
  const error = headerError(name, value);
  ensure(error === undefined, error ?? "");
}

function target<T>(name: string, input: fc.Arbitrary<T>, check: (input: T) => boolean): FuzzTarget {
  return {
    name,
    property: (count) =>
      fc.property(input, (x) => {
        count(check(x));
      }) as unknown as fc.IProperty<[unknown]>,
  };
}

// ---------------------------------------------------------------------------
// Carriers

/** A header record as a Lambda event delivers it: names in any case, `string[]` values. */
type Entries = readonly (readonly [string, string | string[]])[];

function record(entries: Entries): HeaderRecord {
  const out: HeaderRecord = {};
  for (const [name, value] of entries) out[name] = value;
  return out;
}

/** RFC 7230 §3.2.2 over a record, written here rather than borrowed from `carrier.ts`. */
function joined(carrier: HeaderRecord, name: string): string | undefined {
  const values: string[] = [];
  for (const [key, value] of Object.entries(carrier)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === "string") values.push(value);
    else if (Array.isArray(value)) values.push(...value);
  }
  return values.length === 0 ? undefined : values.join(", ");
}

function headerEntry(name: string, value: fc.Arbitrary<Mutated>) {
  return fc.tuple(nameCase(name), headerValue(value));
}

/** Injects with `propagators` into fresh `Headers` and a record; both must agree and be safe. */
function injected(
  ctx: Parameters<Propagator["inject"]>[0],
  propagators: readonly Propagator[],
): Headers {
  const headers = new Headers();
  const rec: Record<string, string> = {};
  inject(ctx, headers, { propagators });
  inject(ctx, rec, { propagators });
  for (const [name, value] of Object.entries(rec)) {
    safe(name, value);
    ensure(headers.get(name) === value, `Headers and record disagree on ${name}`, [
      value,
      headers.get(name),
    ]);
  }
  ensure([...headers.keys()].length === Object.keys(rec).length, "Headers and record differ", rec);
  return headers;
}

function checkIds(ctx: RemoteSpanContext, ref: RefIds | undefined, format: string): void {
  ensure(ref !== undefined, `${format}: accepted what the spec forbids`);
  ensure(/^(?!0{32})[0-9a-f]{32}$/.test(ctx.traceId), `${format}: bad trace id`, ctx.traceId);
  ensure(/^(?!0{16})[0-9a-f]{16}$/.test(ctx.spanId), `${format}: bad span id`, ctx.spanId);
  ensure(ctx.traceId === ref.traceId && ctx.spanId === ref.spanId, `${format}: ids differ`, [
    ctx,
    ref,
  ]);
  ensure(ctx.sampled === ref.sampled, `${format}: sampled differs`, [ctx.sampled, ref.sampled]);
  ensure(ctx.traceFlags === (ctx.sampled ? 1 : 0), `${format}: flags disagree with sampled`, ctx);
}

// ---------------------------------------------------------------------------
// traceparent

const traceparentInput = fc.record({
  value: mutated(traceparentSeed, GROW_EVERY),
  name: nameCase("traceparent"),
});

export const traceparentTarget: FuzzTarget = target(
  "traceparent",
  traceparentInput,
  ({ value: m, name }) => {
    const value = m.value;
    const parsed = parseTraceparent(value);
    const ref = refTraceparent(value);
    // The Lambda path: a plain record, any name case, values Headers would refuse.
    const remote = extract({ [name]: value });
    ensure(
      (remote === undefined) === (parsed === undefined),
      "extract disagrees with parse",
      remote,
    );
    if (remote && parsed) {
      const { traceId, spanId, traceFlags } = remote;
      ensure(same({ traceId, spanId, traceFlags }, parsed), "extract disagrees with parse", remote);
    }
    if (parsed === undefined) {
      ensure(ref === undefined, "rejected a valid traceparent", ref);
      return false;
    }
    ensure(ref !== undefined, "accepted what the spec forbids");
    ensure(
      parsed.traceId === ref.traceId &&
        parsed.spanId === ref.spanId &&
        parsed.traceFlags === (ref.flags & 3),
      "fields differ from the reference",
      [parsed, ref],
    );
    const out = formatTraceparent(parsed);
    ensure(TRACEPARENT_OUT.test(out), "formatted traceparent is invalid", out);
    safe("traceparent", out);
    ensure(same(parseTraceparent(out), parsed), "round trip changed the context", [parsed, out]);
    return true;
  },
);

// ---------------------------------------------------------------------------
// tracestate

const tracestateInput = fc.record({
  value: headerValue(mutated(tracestateSeed, GROW_EVERY)),
  key: mutated(fc.constantFrom("congo", "rojo", "a1@b", "t/x*_-")),
  val: mutated(fc.constantFrom("t61rcWkgMzE", " lead", "00f067aa0ba902b7")),
});

export const tracestateTarget: FuzzTarget = target(
  "tracestate",
  tracestateInput,
  ({ value, key, val }) => {
    const parsed = parseTracestate(value);
    const ref = refTracestate(value);
    const setOn = parsed ?? TraceState.EMPTY;
    // TraceState.set: a key or value the grammar forbids leaves the state unchanged.
    const next = setOn.set(key.value, val.value);
    const settable = TRACESTATE_KEY.test(key.value) && TRACESTATE_VALUE.test(val.value);
    ensure((next !== setOn) === settable, "TraceState.set disagrees with the grammar", [
      key.value,
      val.value,
    ]);
    if (settable) {
      ensure(
        same(next.entries()[0], [key.value, val.value]) && next.size <= 32,
        "set did not put the entry first",
      );
      checkTracestateOut(next);
    }
    if (parsed === undefined) {
      ensure(ref === undefined, "rejected a valid tracestate", ref);
      return false;
    }
    ensure(ref !== undefined, "accepted what the spec forbids");
    ensure(same(parsed.entries(), ref), "entries differ from the reference", [
      parsed.entries(),
      ref,
    ]);
    checkTracestateOut(parsed);
    return true;
  },
);

function checkTracestateOut(state: TraceState): void {
  const out = formatTracestate(state);
  ensure(out.length <= 512, "formatted tracestate over 512 chars", out.length);
  if (out === "") return;
  safe("tracestate", out);
  const members = out.split(",");
  ensure(members.length <= 32, "over 32 members written", members.length);
  const keys = members.map((m) => m.slice(0, m.indexOf("=")));
  ensure(new Set(keys).size === keys.length, "duplicate keys written", out);
  for (const m of members) {
    const eq = m.indexOf("=");
    ensure(
      eq > 0 && TRACESTATE_KEY.test(m.slice(0, eq)) && TRACESTATE_VALUE.test(m.slice(eq + 1)),
      "bad member written",
      m,
    );
  }
  const again = parseTracestate(out);
  ensure(again !== undefined && formatTracestate(again) === out, "round trip is not stable", out);
  const whole = state.entries().reduce((n, [k, v]) => n + k.length + v.length + 2, -1);
  if (whole <= 512)
    ensure(same(again.entries(), state.entries()), "round trip changed entries", out);
}

// ---------------------------------------------------------------------------
// baggage

const baggageInput = headerValue(mutated(baggageSeed, GROW_EVERY));

export const baggageTarget: FuzzTarget = target("baggage", baggageInput, (value) => {
  const parsed = parseBaggage(value);
  const valid = refBaggageMembers(value);
  ensure(parsed.size <= 64, "over 64 members kept", parsed.size);
  // Each kept entry is one of the valid members of that key (which one
  // depends on the limits: a later duplicate that does not fit loses).
  const allowed = new Map<string, Set<string>>();
  for (const [k, e] of valid) allowed.set(k, (allowed.get(k) ?? new Set()).add(JSON.stringify(e)));
  for (const [key, entry] of parsed) {
    ensure(allowed.has(key), "accepted a member the spec forbids", key);
    ensure(
      allowed.get(key)!.has(JSON.stringify(entry)),
      "entry differs from every valid member of its key",
      [key, entry],
    );
  }
  // Within the limits whatever the dedup, all valid members are kept, in
  // first-seen order, later ones winning.
  const worst =
    valid.length > 64 * 4 ? Infinity : valid.reduce((n, [k, e]) => n + maxWireLength(k, e) + 1, 0);
  if (allowed.size <= 64 && worst <= 8192) {
    const expected = new Map(valid);
    ensure(same(parsed, expected), "rejected valid members", [[...parsed], [...expected]]);
  }
  const out = checkBaggageOut(parsed);
  // Extract from a record (the Lambda path): the same baggage (its wire form compared, which is cheaper).
  const remote = w3cBaggage.extract(headerAccess({ BaGgAgE: value }));
  ensure(
    formatBaggage(remote?.baggage ?? new Map()) === out,
    "the propagator disagrees with parseBaggage",
  );
  return parsed.size > 0;
});

/** Formatting a parsed baggage is injective (no lone surrogates survive decoding), so wire forms compare. */
function checkBaggageOut(baggage: Baggage): string {
  const out = formatBaggage(baggage);
  const error = baggageOutputError(out);
  ensure(error === undefined, `formatted baggage is invalid: ${error}`, out);
  if (out === "") return out;
  safe("baggage", out);
  const again = parseBaggage(out);
  ensure(
    again.size === baggage.size && formatBaggage(again) === out,
    "round trip changed the baggage",
    out,
  );
  const headers = new Headers();
  w3cBaggage.inject(
    { traceId: "1".repeat(32), spanId: "1".repeat(16), traceFlags: 1, baggage },
    headerAccess(headers),
  );
  ensure(
    headers.get("baggage") === out,
    "the propagator wrote something else",
    headers.get("baggage"),
  );
  return out;
}

// ---------------------------------------------------------------------------
// B3

const b3Input = fc
  .tuple(
    fc.option(headerEntry("b3", mutated(b3SingleSeed, GROW_EVERY)), { nil: undefined }),
    ...Object.entries(b3MultiSeeds).map(([name, seed]) =>
      fc.option(headerEntry(name, mutated(seed, GROW_EVERY)), { nil: undefined, freq: 3 }),
    ),
  )
  .map((entries) => record(entries.filter((e) => e !== undefined)));

const B3_ALL = [b3Single, b3Multi];

export const b3Target: FuzzTarget = target("b3", b3Input, (carrier) => {
  const single = b3Single.extract(headerAccess(carrier))?.context;
  const multi = b3Multi.extract(headerAccess(carrier))?.context;
  const refSingle = refB3Single(joined(carrier, "b3"));
  const refMulti = refB3Multi((name) => joined(carrier, name));
  ensure(
    (single === undefined) === (refSingle === undefined),
    "b3 rejected a valid header",
    refSingle,
  );
  ensure(
    (multi === undefined) === (refMulti === undefined),
    "X-B3-* rejected valid headers",
    refMulti,
  );
  for (const [ctx, ref, format] of [
    [single, refSingle, "b3"],
    [multi, refMulti, "x-b3"],
  ] as const) {
    if (!ctx) continue;
    checkIds(ctx, ref, format);
    ensure(
      (ctx.carried?.[B3_DEBUG_CARRIED] === "1") === ref!.debug,
      `${format}: debug differs`,
      ctx,
    );
    const headers = injected(ctx, B3_ALL);
    for (const name of headers.keys()) {
      ensure(
        ["b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags"].includes(name),
        "unexpected header",
        name,
      );
    }
    ensure(
      /^[0-9a-f]{32}-[0-9a-f]{16}-[01d]$/.test(headers.get("b3") ?? ""),
      "bad b3 written",
      headers.get("b3"),
    );
    for (const p of B3_ALL) {
      const back = p.extract(headerAccess(headers))?.context;
      ensure(
        back?.traceId === ctx.traceId && back.spanId === ctx.spanId,
        "round trip changed ids",
        back,
      );
      ensure(back.sampled === (ctx.sampled === true), "round trip changed sampled", [ctx, back]);
    }
  }
  return single !== undefined || multi !== undefined;
});

// ---------------------------------------------------------------------------
// X-Ray

const xrayInput = headerEntry("x-amzn-trace-id", mutated(xraySeed, GROW_EVERY)).map(
  ([name, value]) => record([[name, value]]),
);

export const xrayTarget: FuzzTarget = target("x-ray", xrayInput, (carrier) => {
  const ctx = awsXray.extract(headerAccess(carrier))?.context;
  const value = joined(carrier, "x-amzn-trace-id")!;
  const ref = refXray(value);
  ensure((ctx === undefined) === (ref === undefined), "x-ray rejected a valid header", ref);
  if (!ctx) return false;
  checkIds(ctx, ref, "x-ray");
  ensure(ctx.carried?.[XRAY_LINEAGE_CARRIED] === ref!.lineage, "lineage differs", [
    ctx.carried,
    ref,
  ]);
  const headers = injected(ctx, [awsXray]);
  const out = headers.get("x-amzn-trace-id") ?? "";
  ensure(
    XRAY_OUT.test(out) && [...headers.keys()].length === 1,
    "bad X-Amzn-Trace-Id written",
    out,
  );
  const back = awsXray.extract(headerAccess(headers))?.context;
  ensure(
    back?.traceId === ctx.traceId && back.spanId === ctx.spanId,
    "round trip changed ids",
    out,
  );
  ensure(back.carried?.[XRAY_LINEAGE_CARRIED] === ref!.lineage, "round trip changed lineage", out);
  return true;
});

// ---------------------------------------------------------------------------
// Jaeger

const uberctxName = fc
  .oneof(
    tokenArb,
    mutated(tokenArb).map((m) => m.value),
  )
  .chain((key) => nameCase(`uberctx-${key}`));
const jaegerInput = fc
  .tuple(
    fc.option(headerEntry("uber-trace-id", mutated(jaegerSeed, GROW_EVERY)), {
      nil: undefined,
      freq: 6,
    }),
    fc.array(fc.tuple(uberctxName, headerValue(mutated(jaegerBaggageSeed, GROW_EVERY))), {
      maxLength: 3,
    }),
  )
  .map(([trace, bags]) => record([...(trace ? [trace] : []), ...bags]));

export const jaegerTarget: FuzzTarget = target("jaeger", jaegerInput, (carrier) => {
  const found = jaeger.extract(headerAccess(carrier));
  const ctx = found?.context;
  const ref = refJaeger(joined(carrier, "uber-trace-id"));
  ensure((ctx === undefined) === (ref === undefined), "jaeger rejected a valid header", ref);
  if (ctx) {
    checkIds(ctx, ref, "jaeger");
    ensure((ctx.carried?.[JAEGER_DEBUG_CARRIED] === "1") === ref!.debug, "debug differs", ctx);
  }
  // Baggage: each `uberctx-{token}` whose value URL-decodes; all of them
  // while their wire size is within the W3C baggage limits.
  const expected = new Map<string, { value: string }>();
  let wire = 0;
  for (const key of new Set(Object.keys(carrier).map((k) => k.toLowerCase()))) {
    const suffix = key.slice("uberctx-".length);
    if (!key.startsWith("uberctx-") || !TOKEN.test(suffix)) continue;
    const raw = stripOws(joined(carrier, key)!);
    try {
      expected.set(suffix, { value: decodeURIComponent(raw) });
      wire += suffix.length + raw.length + 2;
    } catch {
      // Not URL-decodable: dropped.
    }
  }
  for (const [key, entry] of found?.baggage ?? []) {
    ensure(
      expected.get(key)?.value === entry.value,
      "baggage entry not from a valid uberctx header",
      key,
    );
  }
  if (wire <= 8192) {
    ensure(
      (found?.baggage?.size ?? 0) === expected.size,
      "valid uberctx headers dropped",
      expected,
    );
  }
  const out = {
    traceId: ctx?.traceId ?? "1".repeat(32),
    spanId: ctx?.spanId ?? "1".repeat(16),
    traceFlags: ctx?.traceFlags ?? 1,
    carried: ctx?.carried,
    baggage: found?.baggage,
  };
  const headers = injected(out, [jaeger]);
  ensure(
    UBER_OUT.test(headers.get("uber-trace-id") ?? ""),
    "bad uber-trace-id written",
    headers.get("uber-trace-id"),
  );
  let count = 0;
  let bytes = -1;
  for (const [name, value] of headers) {
    if (name === "uber-trace-id") continue;
    ensure(name.startsWith("uberctx-") && TOKEN.test(name.slice(8)), "unexpected header", name);
    ensure(URI_COMPONENT.test(value), "uberctx value not URL-encoded", value);
    count++;
    bytes += name.length - 8 + value.length + 2;
  }
  ensure(count <= 64 && bytes <= 8192, "uberctx-* over the baggage limits", [count, bytes]);
  const back = jaeger.extract(headerAccess(headers));
  ensure(
    back?.context?.traceId === out.traceId && back.context.spanId === out.spanId,
    "round trip changed ids",
  );
  for (const [key, entry] of back.baggage ?? []) {
    ensure(found?.baggage?.get(key)?.value === entry.value, "round trip changed baggage", key);
  }
  const encodable = [...(found?.baggage ?? [])].filter(([, e]) => isEncodable(e.value));
  const outWire = encodable.reduce(
    (n, [k, e]) => n + k.length + encodeURIComponent(e.value).length + 2,
    0,
  );
  if (outWire <= 8192) {
    ensure((back.baggage?.size ?? 0) === encodable.length, "round trip lost baggage", encodable);
  }
  return ctx !== undefined;
});

function isEncodable(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/** Every parser's property, in the order `npm run fuzz` reports them. */
export const TARGETS: readonly FuzzTarget[] = [
  traceparentTarget,
  tracestateTarget,
  baggageTarget,
  b3Target,
  xrayTarget,
  jaegerTarget,
];
