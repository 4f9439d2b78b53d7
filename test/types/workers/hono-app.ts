/**
 * A Hono app handed to `withTrace` from edge-trace/workers (the pattern of
 * docs/hono.md, "Inside another edge-trace adapter", and docs/security.md),
 * type-checked with the real `@cloudflare/workers-types` and Hono's own
 * `ExecutionContext`: the app's `fetch` takes the `ctx` edge-trace passes,
 * the result satisfies `ExportedHandler<Env>`, and a real `ctx` is accepted.
 * Checked with the default Workers types (tsconfig.json) and with `latest`
 * (tsconfig.latest.json), whose `ExecutionContext` also declares `exports`.
 */
import { Hono, type ExecutionContext as HonoExecutionContext } from "hono";
import { tracing } from "../../../dist/hono.js";
import {
  type ExecutionContextLike,
  type WorkersExecutionContext,
  withTrace,
} from "../../../dist/workers.js";

interface Env {
  readonly NAME: string;
}

const app = new Hono<{ Bindings: Env }>();
app.use(tracing());
app.get("/", (c) => c.text(c.env.NAME));

// The documented shape: the app itself is the handler object.
export default withTrace(app) satisfies ExportedHandler<Env>;

// With options as a function of env, as docs/security.md writes it.
export const withOptions = withTrace(app, (env: Env) => ({
  inbound: env.NAME === "public" ? "ignore" : "trust",
})) satisfies ExportedHandler<Env>;

// The runtime's own ctx goes in; Hono's own members stay on the result.
declare const ctx: ExecutionContext;
export const response: Promise<Response> = withTrace(app).fetch(
  new Request("https://example.com/"),
  { NAME: "x" },
  ctx,
);
export const routes: typeof app.routes = withTrace(app).routes;

// The structural ctx sits between the two: the real one is assignable to
// it, and it is assignable to what Hono's `fetch` declares.
export const fromReal: ExecutionContextLike = ctx;
export const toHono: HonoExecutionContext = fromReal;
export const byDefault: WorkersExecutionContext = ctx;
const readsProps: unknown = byDefault.props;
const readsExports: unknown = byDefault.exports;

export { readsExports, readsProps };
