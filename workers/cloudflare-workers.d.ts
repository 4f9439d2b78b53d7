// The part of workerd's "cloudflare:workers" module the example Workers and
// the test fixtures use. The repo compiles against the DOM library, which
// @cloudflare/workers-types conflicts with; your own Worker uses those types.

declare module "cloudflare:workers" {
  type Ctx = import("../src/workers/platform.js").ExecutionContextLike;
  export abstract class WorkerEntrypoint<Env = unknown> {
    protected ctx: Ctx;
    protected env: Env;
    constructor(ctx: Ctx, env: Env);
  }
  export abstract class DurableObject<Env = unknown> {
    protected ctx: Ctx & { readonly id: unknown };
    protected env: Env;
    constructor(ctx: Ctx, env: Env);
  }
}
