/**
 * The fuzz properties of the B3, AWS X-Ray and Jaeger propagators, read
 * from header records with names in any case and `string[]` values; the
 * same checks as ./properties-w3c.ts against ./reference-vendors.ts.
 * @module
 */
import fc from "fast-check";
import { headerAccess } from "../../src/core/carrier.js";
import { B3_DEBUG_CARRIED, b3Multi, b3Single } from "../../src/core/vendor/b3.js";
import { JAEGER_DEBUG_CARRIED, jaeger } from "../../src/core/vendor/jaeger.js";
import { awsXray, XRAY_LINEAGE_CARRIED } from "../../src/core/vendor/xray.js";
import { headerValue, mutated, nameCase } from "./arbitraries.js";
import {
  checkIds,
  ensure,
  type FuzzTarget,
  GROW_EVERY,
  headerEntry,
  injected,
  joined,
  record,
  target,
} from "./property-kit.js";
import {
  refB3Multi,
  refB3Single,
  refJaeger,
  refXray,
  UBER_OUT,
  URI_COMPONENT,
  XRAY_OUT,
} from "./reference-vendors.js";
import { stripOws, TOKEN } from "./reference-w3c.js";
import {
  b3MultiSeeds,
  b3SingleSeed,
  jaegerBaggageSeed,
  jaegerSeed,
  tokenArb,
  xraySeed,
} from "./seeds.js";

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
  const received = new Map<string, string>();
  let wire = 0;
  for (const key of new Set(Object.keys(carrier).map((k) => k.toLowerCase()))) {
    const suffix = key.slice("uberctx-".length);
    if (!key.startsWith("uberctx-") || !TOKEN.test(suffix)) continue;
    const raw = stripOws(joined(carrier, key)!);
    try {
      expected.set(suffix, { value: decodeURIComponent(raw) });
      received.set(suffix, raw);
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
    // URL-encoded by us, or passed on as received (issue #16) when that is visible ASCII without `,`.
    const asReceived = value === received.get(name.slice(8)) && /^[!-+\--~]*$/.test(value);
    ensure(URI_COMPONENT.test(value) || asReceived, "uberctx value not URL-encoded", value);
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
