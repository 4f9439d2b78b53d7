/**
 * The lambda-collector section's rows: the collector states the handler
 * exports to, and what is measured for each.
 * @module
 */
import type { Stats } from "../micro/run.js";

/** One collector state the handler exports to. */
export interface CollectorRow {
  readonly id: string;
  readonly label: string;
  readonly url: string;
  /** The timed invocation's remaining time. */
  readonly remainingMs: number;
  /** How the collector is down; `undefined`: it answers. */
  readonly down: "hanging" | "refused" | undefined;
  /** Which samples wait for the extension's `/event/next`. */
  readonly eventNextIn: "every" | "first";
}

/** A row's figures, in ms. */
export interface RowResult {
  readonly row: CollectorRow;
  /** The bare handler through the runtime: `/next` → response posted. */
  readonly bareMs: Stats;
  /** The bare handler called directly: call → promise resolved. */
  readonly bareDirectMs: Stats;
  readonly extensionAddedMs: Stats;
  /** `/next` → the extension's `/event/next`; only the samples that waited for it. */
  readonly eventNextMs: Stats | undefined;
  /** The deadline minus the flush margin, from `/next`. */
  readonly eventNextBoundMs: number;
  readonly directAddedMs: Stats;
}

/**
 * The rows.
 * @param urls - the collectors: one that never answers, one that answers in 500 ms, a closed port.
 */
export function collectorRows(urls: {
  readonly hanging: string;
  readonly healthy: string;
  readonly refused: string;
}): CollectorRow[] {
  return [
    // 15 s left: /event/next only in the first sample (it comes at the
    // exporter's 10 s timeout); the others stop at the response, which is what is timed.
    {
      id: "hanging-15s",
      label: "hanging (accepts, never answers), 15 s remaining",
      url: urls.hanging,
      remainingMs: 15_000,
      down: "hanging",
      eventNextIn: "first",
    },
    {
      id: "hanging-3s",
      label: "hanging, 3 s remaining",
      url: urls.hanging,
      remainingMs: 3_000,
      down: "hanging",
      eventNextIn: "every",
    },
    {
      id: "refused",
      label: "refusing connections (closed port on 127.0.0.1), 15 s remaining",
      url: urls.refused,
      remainingMs: 15_000,
      down: "refused",
      eventNextIn: "every",
    },
    {
      id: "healthy",
      label: "healthy, answering in 500 ms (reference), 15 s remaining",
      url: urls.healthy,
      remainingMs: 15_000,
      down: undefined,
      eventNextIn: "every",
    },
  ];
}
