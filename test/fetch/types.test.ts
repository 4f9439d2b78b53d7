/**
 * Type-level checks (run by `tsc`): the handler's parameters are inferred
 * from where the wrapped handler is used, with the signatures Deno and Bun
 * declare (copied structurally: their types packages are not installed).
 */
import { expectTypeOf, it } from "vitest";
import { type Trace, withTrace } from "../../src/fetch.js";

interface ServeHandlerInfo {
  readonly remoteAddr: { readonly hostname: string };
}
declare function denoServe(
  handler: (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>,
): void;

interface BunServer {
  readonly port: number;
}
declare function bunServe(options: {
  fetch(this: BunServer, request: Request, server: BunServer): Response | Promise<Response>;
}): BunServer;

it("infers Deno's info and Bun's server and this from the call site", () => {
  const typesOnly = (): void => {
    denoServe(
      withTrace((request, info, trace) => {
        expectTypeOf(request).toEqualTypeOf<Request>();
        expectTypeOf(info).toEqualTypeOf<ServeHandlerInfo>();
        expectTypeOf(trace).toEqualTypeOf<Trace>();
        return new Response(info.remoteAddr.hostname);
      }),
    );
    bunServe({
      fetch: withTrace(function (request, server, trace) {
        expectTypeOf(this).toEqualTypeOf<BunServer>();
        expectTypeOf(server).toEqualTypeOf<BunServer>();
        return new Response(`${server.port} ${trace.traceId} ${request.url}`);
      }),
    });
  };
  expectTypeOf(typesOnly).toBeFunction();
});

it("exposes flush() on the wrapped handler", () => {
  const handler = withTrace(() => new Response("ok"), { flushOnExit: false });
  expectTypeOf(handler.flush).returns.toEqualTypeOf<Promise<void>>();
});
