/**
 * The Bun and Deno servers of the load test, one bundle for both:
 * `<runtime> server.mjs <bare|traced> <upstream URL> <compiled fetch.js URL>`.
 * Each request makes one outbound fetch to the upstream and returns its
 * response; `traced` wraps the handler in edge-trace/fetch's `withTrace`
 * (propagation only) imported from the compiled package, as users run it.
 * Prints `LISTENING <port>` once bound to 127.0.0.1.
 * @module
 */

type Handler = (request: Request, info: unknown) => Response | Promise<Response>;
type FetchModule = {
  withTrace(
    handler: (request: Request, info: unknown, trace: { fetch: typeof fetch }) => Promise<Response>,
  ): Handler;
};

interface RuntimeGlobals {
  Bun?: { serve(options: { port: number; hostname: string; fetch: Handler }): { port: number } };
  Deno?: {
    args: string[];
    serve(
      options: { port: number; hostname: string; onListen(address: { port: number }): void },
      handler: Handler,
    ): unknown;
  };
  process?: { argv: string[] };
}

const runtime = globalThis as RuntimeGlobals;
const [mode, upstream, fetchModule] = runtime.Deno?.args ?? runtime.process?.argv.slice(2) ?? [];
if (!upstream || !fetchModule || (mode !== "bare" && mode !== "traced")) {
  throw new Error("usage: server.mjs <bare|traced> <upstream URL> <fetch.js URL>");
}

async function handlerFor(): Promise<Handler> {
  if (mode === "bare") return () => fetch(upstream!);
  const { withTrace } = (await import(fetchModule!)) as FetchModule;
  return withTrace((_request, _info, trace) => trace.fetch(upstream!));
}

const handler = await handlerFor();
const listening = (port: number): void => console.log(`LISTENING ${port}`);
if (runtime.Bun) {
  listening(runtime.Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: handler }).port);
} else if (runtime.Deno) {
  runtime.Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: ({ port }) => listening(port) },
    handler,
  );
} else {
  throw new Error("run me with bun or deno");
}
