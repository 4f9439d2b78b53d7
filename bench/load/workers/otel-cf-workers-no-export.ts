// otel-cf-workers with export off: it has no "off" switch, so the exporter is
// one that accepts every batch and sends nothing. Spans are still recorded,
// sampled and handed to the exporter, like edge-trace's propagation-only mode.
import { instrument, type ResolveConfigFn } from "@microlabs/otel-cf-workers";
import type { LoadEnv } from "./env.js";

const discard = {
  export(_spans: unknown, done: (result: { code: number }) => void): void {
    done({ code: 0 });
  },
  shutdown: (): Promise<void> => Promise.resolve(),
};

const config: ResolveConfigFn = () => ({ exporter: discard, service: { name: "bench" } });

export default instrument(
  {
    fetch(_request: Request, env: LoadEnv): Promise<Response> {
      return fetch(env.UPSTREAM);
    },
  },
  config,
);
