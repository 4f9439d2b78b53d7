/**
 * Outbound safety, fuzzed: hostile inbound headers of every format at once
 * → extract → a server trace → baggage set in code → `trace.fetch`, through
 * a fetch that builds a real `Request` (which validates every header).
 * Nothing from inbound headers or baggage may throw from our side, add a
 * header line, or make the outbound request invalid.
 *
 * Runs `FUZZ_RUNS / 10` cases under `npm run fuzz` (each is a whole request).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type HeaderRecord, headerAccess } from "../../src/core/carrier.js";
import { extractWith } from "../../src/core/composite-propagator.js";
import { DEFAULT_PROPAGATORS } from "../../src/core/defaults.js";
import { applyInbound } from "../../src/core/inbound.js";
import type { Propagator } from "../../src/core/propagator.js";
import { b3Multi, b3Single } from "../../src/core/vendor/b3.js";
import { jaeger } from "../../src/core/vendor/jaeger.js";
import { awsXray } from "../../src/core/vendor/xray.js";
import { w3cBaggage } from "../../src/core/w3c/baggage-propagator.js";
import { w3cTraceContext } from "../../src/core/w3c/w3c.js";
import { Tracer } from "../../src/trace/tracer.js";
import { recordingFetch } from "../support/collect.js";
import { headerValue, mutated, nameCase } from "./arbitraries.js";
import { headerError } from "./header-safety.js";
import { ensure, GROW_EVERY } from "./property-kit.js";
import { baggageOutputError } from "./reference-w3c.js";
import {
  b3MultiSeeds,
  b3SingleSeed,
  baggageKeyInput,
  baggageSeed,
  baggageValueInput,
  jaegerBaggageSeed,
  jaegerSeed,
  tokenArb,
  traceparentSeed,
  tracestateSeed,
  xraySeed,
} from "./seeds.js";

const FULL = process.env.FUZZ_RUNS !== undefined;
const RUNS = FULL ? Math.ceil(Number(process.env.FUZZ_RUNS) / 10) : 300;

/** Propagator configurations by name, so a counterexample prints the name. */
const CONFIGS: Readonly<Record<string, readonly Propagator[]>> = {
  all: [w3cTraceContext, w3cBaggage, b3Single, b3Multi, awsXray, jaeger],
  default: DEFAULT_PROPAGATORS,
  vendors: [jaeger, awsXray, b3Multi],
};

/**
 * The most our headers may add to a request: baggage and Jaeger's
 * `uberctx-*` at 8192 bytes each plus 64 names, tracestate's 512, and the
 * fixed-size trace headers. Unbounded inbound input must not grow it.
 */
const MAX_OURS = 8192 + 8192 + 64 * "uberctx-".length + 512 + 1024;

/** The header names each configuration may write. */
function allowedName(propagators: readonly Propagator[], name: string): boolean {
  const fields = propagators.flatMap((p) => p.fields);
  return fields.includes(name) || (propagators.includes(jaeger) && name.startsWith("uberctx-"));
}

const seeds: [string, fc.Arbitrary<string>][] = [
  ["traceparent", traceparentSeed],
  ["tracestate", tracestateSeed],
  ["baggage", baggageSeed],
  ["b3", b3SingleSeed],
  ...Object.entries(b3MultiSeeds),
  ["x-amzn-trace-id", xraySeed],
  ["uber-trace-id", jaegerSeed],
  ["uberctx-tenant", jaegerBaggageSeed],
];

/** Every format's header, each present or not, mutated or not, in any name case. */
const inbound: fc.Arbitrary<HeaderRecord> = fc
  .tuple(
    ...seeds.map(([name, seed]) =>
      fc.option(fc.tuple(nameCase(name), headerValue(mutated(seed, GROW_EVERY))), {
        nil: undefined,
        freq: 2,
      }),
    ),
  )
  .map((entries) => Object.fromEntries(entries.filter((e) => e !== undefined)));

const setInCode = fc.array(
  fc.tuple(
    baggageKeyInput,
    baggageValueInput,
    fc.option(
      fc.array(
        fc.record({
          key: fc.oneof(tokenArb, baggageKeyInput),
          value: fc.option(baggageValueInput, { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
      { nil: undefined },
    ),
  ),
  { maxLength: 3 },
);

/** A caller's own headers on the outbound call: these must survive untouched. */
const callerInit = fc.constantFrom<RequestInit | undefined>(
  undefined,
  { headers: { "x-caller": "1" } },
  { headers: { baggage: "caller=1" } },
  { method: "POST", body: "x", headers: [["content-type", "text/plain"]] },
);

describe(`outbound safety: ${RUNS.toLocaleString("en")} hostile inbound requests`, () => {
  test(
    "extract → trace → setBaggage → trace.fetch: never throws, writes only our header names, no CR/LF/NUL",
    async () => {
      const started = performance.now();
      // What the cases exercised: each one ran, and the headers we write were really sent.
      const seen = { cases: 0, traceparent: 0, baggage: 0 };
      await fc.assert(
        fc.asyncProperty(
          inbound,
          setInCode,
          fc.constantFrom(...Object.keys(CONFIGS)),
          callerInit,
          async (carrier, baggage, config, init) => {
            const propagators = CONFIGS[config]!;
            const net = recordingFetch();
            const tracer = new Tracer({ fetch: net.fetch, propagators });
            const found = extractWith(propagators, headerAccess(carrier));
            const trace = tracer.startTrace({
              name: "GET /",
              kind: "server",
              inbound: applyInbound(found, "trust", undefined),
            });
            for (const [key, value, properties] of baggage)
              trace.setBaggage(key, value, properties);
            const response = await trace.fetch("https://api.test/x", init);
            ensure(response.status === 200, "the fetch did not go through");
            const sent = net.calls[0]!.headers;
            seen.cases++;
            if (sent.has("traceparent")) seen.traceparent++;
            if (sent.has("baggage")) seen.baggage++;
            const callerNames = new Set(new Headers(init?.headers).keys());
            let ours = 0;
            for (const [name, value] of sent) {
              // The caller's own headers are theirs, except a baggage header we merge into.
              const merged = name === "baggage" && propagators.includes(w3cBaggage);
              if (callerNames.has(name) && !merged) continue;
              ensure(allowedName(propagators, name), "a header we do not write was sent", name);
              ours += name.length + value.length;
              const error = headerError(name, value);
              ensure(error === undefined, error ?? "");
            }
            ensure(ours <= MAX_OURS, "our headers are too large to send", ours);
            ensure(
              sent.get("x-caller") === (callerNames.has("x-caller") ? "1" : null),
              "caller header changed",
            );
            ensure(
              baggageOutputError(sent.get("baggage") ?? "") === undefined,
              "bad baggage sent",
              sent.get("baggage"),
            );
            // The transport-neutral form is just as safe.
            for (const [name, value] of Object.entries(trace.headers("https://api.test/"))) {
              ensure(allowedName(propagators, name), "headers(): unexpected name", name);
              ensure(headerError(name, value) === undefined, headerError(name, value) ?? "");
            }
          },
        ),
        { numRuns: RUNS },
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `\noutbound: ${RUNS.toLocaleString("en")} cases, 0 failures, ${seconds} s\n`,
      );
      expect(seen.cases).toBe(RUNS);
      // Not a vacuous pass: most requests carried our trace context, many our baggage.
      expect(seen.traceparent).toBeGreaterThan(RUNS / 2);
      expect(seen.baggage).toBeGreaterThan(RUNS / 10);
    },
    FULL ? 60 * 60 * 1000 : 30_000,
  );
});
