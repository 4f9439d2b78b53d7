/**
 * A request's baggage as the `Trace` and its child spans hold it: one
 * shared cell whose map is replaced, never changed in place.
 * @module
 */
import type { Baggage, BaggageEntry } from "../core/w3c/baggage.js";

/**
 * One request's baggage: the trace and every child span in the same
 * process hold the same cell, so baggage set in a child (a span, a Hono
 * middleware under `traced()`) is what its parent and siblings send on.
 */
export interface BaggageCell {
  current: Baggage;
}

/**
 * Sets (or, with no entry, removes) one member of a request's baggage. A
 * baggage map is a value: a change makes a new map, with `key` (re)set last
 * or removed, so a map read earlier (`trace.baggage`, a call's own copy)
 * never changes under its reader.
 * @param cell - the request's baggage.
 * @param key - the member's key.
 * @param entry - its new entry, or `undefined` to remove it.
 */
export function replaceEntry(
  cell: BaggageCell,
  key: string,
  entry: BaggageEntry | undefined,
): void {
  const next = new Map(cell.current);
  next.delete(key);
  if (entry) next.set(key, entry);
  cell.current = next;
}
