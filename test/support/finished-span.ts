/**
 * A finished span as a recorder hands it to an exporter: empty lists, no
 * parent, unset status. Each test names in `fields` what it is about.
 * @module
 */
import type { FinishedSpan } from "../../src/trace/span-data.js";

/**
 * @param fields - the fields that matter to the test, over the defaults.
 * @returns a whole `FinishedSpan`.
 */
export function finishedSpan(fields: Partial<FinishedSpan> = {}): FinishedSpan {
  const now = Date.now();
  return {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    parentSpanId: undefined,
    traceFlags: 1,
    traceState: undefined,
    name: "work",
    kind: "internal",
    startTime: now,
    endTime: now,
    attributes: {},
    events: [],
    links: [],
    status: { code: "unset" },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...fields,
  };
}
