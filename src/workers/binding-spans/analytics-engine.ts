/**
 * Workers Analytics Engine: `writeDataPoint` does no I/O the Worker waits
 * for, so it is an event on the span active at the call, not a span of
 * its own. Only counts are recorded: never blobs, doubles or indexes.
 * @see https://developers.cloudflare.com/analytics/analytics-engine/
 * @module
 */
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { method } from "./attributes.js";

/** The event's name. */
export const WRITE_DATA_POINT = "cloudflare.analytics_engine.write_data_point";

/**
 * @param dataset - an Analytics Engine dataset binding; not modified.
 * @param binding - its name in `env`.
 * @param trace - the trace whose span gets the event.
 * @returns a view whose `writeDataPoint` adds an event.
 */
export function analyticsEngineView<T extends object>(
  dataset: T,
  binding: string,
  trace: TraceSource,
): T {
  const write = method(dataset, "writeDataPoint");
  const traced = (point?: unknown) => {
    const result = write(point);
    const parent = trace();
    if (parent?.isRecording) {
      const fields = (typeof point === "object" && point !== null ? point : {}) as Record<
        string,
        unknown
      >;
      const count = (name: string) => {
        const value = fields[name];
        return Array.isArray(value) ? value.length : 0;
      };
      parent.addEvent(WRITE_DATA_POINT, {
        "cloudflare.binding.type": "AnalyticsEngine",
        "cloudflare.binding.name": binding,
        "cloudflare.wae.query.blobs": count("blobs"),
        "cloudflare.wae.query.doubles": count("doubles"),
        "cloudflare.wae.query.indexes": count("indexes"),
      });
    }
    return result;
  };
  return createView(dataset, { writeDataPoint: () => traced });
}
