/**
 * The shapes a Workers user writes, type-checked as they would be: with
 * `@cloudflare/workers-types` as the only globals (no DOM), against the
 * published declarations in dist/. Run by `npm test` (`typecheck:types`).
 * A wrong type fails `tsc`; `@ts-expect-error` lines fail if they compile.
 */
import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
import {
  type Trace,
  traceOf,
  type WorkersHandler,
  withTrace,
  withTraceClass,
} from "../../../dist/workers.js";

interface Env {
  readonly API: Fetcher;
  readonly NAME: string;
  readonly COUNTER: DurableObjectNamespace;
}

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <A, B>(_proof: Equal<A, B>): void => {};

// `satisfies ExportedHandler<Env>` on the result: every parameter is typed,
// and `ctx` is the runtime's own ExecutionContext.
export default withTrace({
  async fetch(request, env: Env, ctx, trace) {
    exact<typeof ctx, ExecutionContext>(true);
    exact<typeof trace, Trace>(true);
    ctx.passThroughOnException();
    const props: unknown = ctx.props;
    return env.API.fetch(`${request.url}?${env.NAME}${String(props)}`);
  },
  async scheduled(controller, _env, ctx, trace) {
    exact<typeof controller.cron, string>(true);
    ctx.waitUntil(trace.fetch(`https://example.com/${controller.cron}`));
  },
}) satisfies ExportedHandler<Env>;

// `satisfies ExportedHandler<Env>` on the handler: a three-argument handler finds its trace.
export const declaredFirst = withTrace({
  async fetch(request, env, ctx) {
    ctx.passThroughOnException();
    const trace = traceOf(request);
    return trace ? trace.fetch(env.API.fetch.name) : new Response(env.NAME);
  },
} satisfies ExportedHandler<Env>);

// `withTrace<Env>(...)`: only the Env named.
export const named = withTrace<Env>({
  async fetch(request, env, ctx, trace) {
    exact<typeof env, Env>(true);
    ctx.waitUntil(Promise.resolve());
    return trace.fetch(request);
  },
});

// A handler declared apart, with the documented type.
const apart: WorkersHandler<Env> = {
  fetch: (_request, env, ctx, trace) => {
    ctx.passThroughOnException();
    return trace.fetch(env.NAME);
  },
};
export const fromApart = withTrace(apart) satisfies ExportedHandler<Env>;

// The result has exactly the triggers written.
const onlyFetch = withTrace({ fetch: (_request: Request, _env: Env) => new Response("ok") });
export const called: Promise<Response> = onlyFetch.fetch(
  new Request("https://example.com"),
  { NAME: "x" } as Env,
  {} as ExecutionContext,
);
// @ts-expect-error no queue handler was written
onlyFetch.queue;

// Classes: the subclass keeps the class's own type. `traceOf(this)` is how
// a method reaches its trace: `WorkerEntrypoint` declares `trace(traces)`
// (the Tail Worker handler), so a `trace` property cannot be declared there.
export const Users = withTraceClass(
  class Users extends WorkerEntrypoint<Env> {
    override async fetch(request: Request): Promise<Response> {
      const trace: Trace | undefined = traceOf(this);
      return trace ? trace.fetch(request) : this.env.API.fetch(request);
    }
    async getUser(id: number): Promise<{ id: number; traceId: string | undefined }> {
      traceOf(this)?.setAttribute("user.id", id);
      this.ctx.waitUntil(Promise.resolve());
      return { id, traceId: traceOf(this)?.traceId };
    }
  },
);
exact<
  InstanceType<typeof Users>["getUser"],
  (id: number) => Promise<{ id: number; traceId: string | undefined }>
>(true);

// A Durable Object: `traceOf(this)` too; a `trace` property may still be
// declared here (DurableObject has no member of that name).
export class Counter extends DurableObject<Env> {
  declare readonly trace: Trace | undefined;
  async increment(): Promise<number> {
    await this.ctx.storage.put("count", 1);
    return traceOf(this) === this.trace ? 1 : 0;
  }
  override async alarm(): Promise<void> {
    traceOf(this)?.log.info("alarm");
  }
}
export const TracedCounter: typeof Counter = withTraceClass(Counter, (env: Env) => ({
  inbound: env.NAME === "public" ? "ignore" : "trust",
}));
