// @microlabs/otel-cf-workers with OTLP export to the local sink (needs nodejs_compat).
// Its instrument() patches the global fetch, so the plain fetch below is traced and injects.
import { instrument, type ResolveConfigFn } from "@microlabs/otel-cf-workers";
import type { LoadEnv } from "./env.js";

const config: ResolveConfigFn = (env: LoadEnv) => ({
  exporter: { url: `${env.SINK}/v1/traces` },
  service: { name: "bench" },
});

export default instrument(
  {
    fetch(_request: Request, env: LoadEnv): Promise<Response> {
      return fetch(env.UPSTREAM);
    },
  },
  config,
);
