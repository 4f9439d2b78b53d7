/**
 * The fuzz properties of the W3C parsers. Each checks, for one hostile
 * input: the parser does not throw; what it accepts the reference
 * validator (./reference-w3c.ts, written from the spec) accepts, with the
 * same result; every header written from the result is valid for its
 * format, has no CR, LF or NUL, and `Headers.set` takes it unchanged; and
 * parsing what was written gives the same result back.
 * @module
 */
import fc from "fast-check";
import { headerAccess } from "../../src/core/carrier.js";
import { extract } from "../../src/core/extract.js";
import { type Baggage, formatBaggage, parseBaggage } from "../../src/core/w3c/baggage.js";
import { w3cBaggage } from "../../src/core/w3c/baggage-propagator.js";
import { formatTraceparent, parseTraceparent } from "../../src/core/w3c/traceparent.js";
import { formatTracestate, parseTracestate, TraceState } from "../../src/core/w3c/tracestate.js";
import { headerValue, mutated, nameCase } from "./arbitraries.js";
import { ensure, type FuzzTarget, GROW_EVERY, safe, same, target } from "./property-kit.js";
import {
  baggageOutputError,
  refBaggageMembers,
  refBaggageSentLengths,
  refTraceparent,
  refTracestate,
  TRACEPARENT_OUT,
  TRACESTATE_KEY,
  TRACESTATE_VALUE,
} from "./reference-w3c.js";
import { baggageSeed, traceparentSeed, tracestateSeed } from "./seeds.js";

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
    valid.length > 64 * 4
      ? Infinity
      : refBaggageSentLengths(value).reduce((n, length) => n + length + 1, 0);
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
