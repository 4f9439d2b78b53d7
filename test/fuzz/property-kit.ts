/**
 * What the fuzz properties (./properties-w3c.ts, ./properties-vendors.ts)
 * share: the target shape, assertions that explain themselves, and header
 * records as a Lambda event delivers them.
 * @module
 */
import fc from "fast-check";
import type { HeaderRecord } from "../../src/core/carrier.js";
import { inject } from "../../src/core/inject.js";
import type { Propagator, RemoteSpanContext } from "../../src/core/propagator.js";
import { headerValue, type Mutated, nameCase } from "./arbitraries.js";
import { headerError } from "./header-safety.js";
import type { RefIds } from "./reference-vendors.js";

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
export function same(a: unknown, b: unknown): boolean {
  const plain = (v: unknown): string =>
    JSON.stringify(v, (_, x: unknown) => (x instanceof Map ? [...x] : x));
  return plain(a) === plain(b);
}

export function safe(name: string, value: string): void {
  const error = headerError(name, value);
  ensure(error === undefined, error ?? "");
}

export function target<T>(
  name: string,
  input: fc.Arbitrary<T>,
  check: (input: T) => boolean,
): FuzzTarget {
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
export type Entries = readonly (readonly [string, string | string[]])[];

export function record(entries: Entries): HeaderRecord {
  const out: HeaderRecord = {};
  for (const [name, value] of entries) out[name] = value;
  return out;
}

/** RFC 7230 §3.2.2 over a record, written here rather than borrowed from `carrier.ts`. */
export function joined(carrier: HeaderRecord, name: string): string | undefined {
  const values: string[] = [];
  for (const [key, value] of Object.entries(carrier)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === "string") values.push(value);
    else if (Array.isArray(value)) values.push(...value);
  }
  return values.length === 0 ? undefined : values.join(", ");
}

export function headerEntry(
  name: string,
  value: fc.Arbitrary<Mutated>,
): fc.Arbitrary<[string, string | string[]]> {
  return fc.tuple(nameCase(name), headerValue(value));
}

/** Injects with `propagators` into fresh `Headers` and a record; both must agree and be safe. */
export function injected(
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

export function checkIds(ctx: RemoteSpanContext, ref: RefIds | undefined, format: string): void {
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
