/**
 * The example frontend Worker: continues (or starts) the trace of each
 * request and calls the backend Worker through the `BACKEND` service
 * binding twice: with `fetch`, which the env view injects, and over JS-RPC
 * with `rpc(trace, ...)`. Spans are exported when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set (see wrangler.toml).
 */
import { rpc, withTrace } from "../src/workers.js";

interface Env {
  /** A service binding (`Fetcher` in @cloudflare/workers-types). */
  readonly BACKEND: {
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
    greet(name: string): Promise<{ greeting: string; traceId?: string }>;
  };
}

export default withTrace({
  async fetch(request: Request, env: Env, _ctx, trace) {
    trace.setBaggage("user", new URL(request.url).searchParams.get("user") ?? "anonymous");
    const viaFetch = await (await env.BACKEND.fetch("https://backend/hello")).json();
    const viaRpc = await rpc(trace, env.BACKEND, "BACKEND").greet("frontend");
    return Response.json({
      service: "frontend",
      traceId: trace.traceId,
      spanId: trace.spanId,
      traceparent: trace.headers().traceparent,
      backend: { viaFetch, viaRpc },
    });
  },
});
