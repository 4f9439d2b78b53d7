/**
 * The handlers the signals section times on Node: edge-trace/fetch's
 * `withTrace` with spans only, with logs, with metrics and with both, all
 * exporting through the real encoders to an in-memory `fetch` that answers
 * 200 at once, and the handler's `trace.fetch` answered in memory too, so
 * the figures are edge-trace's own CPU.
 * @module
 */
import { withTrace } from "../../src/fetch.js";
import { otlpLogs } from "../../src/logs.js";
import { httpMetrics } from "../../src/metrics.js";
import { otlp } from "../../src/otlp.js";

/** One variant: a handler and its flush. */
export interface SignalVariant {
  readonly id: string;
  readonly label: string;
  handle(request: Request): Promise<Response>;
  flush(): Promise<void>;
}

const ok = async (): Promise<Response> => new Response("{}", { status: 200 });
const quiet = (): void => {};

/** @returns the variants, in report order; the first is the base of every ratio. */
export function signalVariants(): SignalVariant[] {
  const make = (id: string, label: string, logs: boolean, metrics: boolean): SignalVariant => {
    const handler = withTrace(
      async (_request: Request, _info: unknown, trace) => {
        if (logs) trace.log.info("calling upstream", { attempt: 1 });
        return trace.fetch("http://upstream.test/item");
      },
      {
        exporter: otlp({
          fetch: ok,
          scheduledDelayMs: 0,
          logs: logs ? otlpLogs({ scheduledDelayMs: 600_000 }) : undefined,
          metrics: metrics ? httpMetrics({ exportIntervalMs: 600_000 }) : undefined,
        }),
        fetch: ok,
        logWriter: quiet,
        flushOnExit: false,
        env: {},
      },
    );
    return {
      id,
      label,
      handle: (request) => handler(request, undefined),
      flush: () => handler.flush(),
    };
  };
  return [
    make("spans", "spans only (`otlp()`)", false, false),
    make("logs", "spans + logs (one `trace.log.info` per request)", true, false),
    make("metrics", "spans + metrics (server + client histograms)", false, true),
    make("all", "spans + logs + metrics", true, true),
  ];
}
