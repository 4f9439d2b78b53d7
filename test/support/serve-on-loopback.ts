/**
 * How a Deno or Bun fixture server starts: on 127.0.0.1, a free port, and
 * one `listening <port>` line that test/fetch/support/runtime.ts waits for.
 * Runs inside the fixture's runtime, so Web APIs and the runtime globals only.
 */

/** A fixture's fetch handler (Deno passes its info, Bun its server). */
export type FixtureHandler = (request: Request, info: unknown) => Response | Promise<Response>;
/** The runtime's own error handler (Deno `onError`, Bun `error`). */
export type FixtureErrorHandler = (error: unknown) => Response;

interface RuntimeGlobals {
  Deno?: {
    serve(
      options: {
        port: number;
        hostname: string;
        onListen(addr: { port: number }): void;
        onError?: FixtureErrorHandler;
      },
      handler: FixtureHandler,
    ): unknown;
  };
  Bun?: {
    serve(options: {
      port: number;
      hostname: string;
      fetch: FixtureHandler;
      error?: FixtureErrorHandler;
    }): { port: number };
  };
}

/**
 * @param handler - what serves each request.
 * @param onError - the runtime's error handler, when the fixture records what reaches it.
 */
export function serveOnLoopback(handler: FixtureHandler, onError?: FixtureErrorHandler): void {
  const { Deno, Bun } = globalThis as RuntimeGlobals;
  const listening = (port: number) => console.log(`listening ${port}`);
  const options = { port: 0, hostname: "127.0.0.1" };
  if (Deno) {
    Deno.serve({ ...options, onListen: ({ port }) => listening(port), onError }, handler);
  } else if (Bun) {
    listening(Bun.serve({ ...options, fetch: handler, error: onError }).port);
  }
}
