/**
 * bindingSpans() as a Workers user writes it, type-checked with
 * `@cloudflare/workers-types` as the only globals: the `bindings` option on
 * withTrace and withTraceClass, the platform's own binding types still
 * what the handler's `env` holds (the view is typed as the binding it
 * wraps), and `trace.caches` usable as the runtime's `caches`.
 */
import { DurableObject } from "cloudflare:workers";
import { otlp } from "../../../dist/otlp.js";
import {
  type BindingSpans,
  bindingSpans,
  type TraceCache,
  type TraceCacheStorage,
  traceOf,
  withTrace,
  withTraceClass,
} from "../../../dist/workers.js";

interface Env {
  readonly KV: KVNamespace;
  readonly DB: D1Database;
  readonly BUCKET: R2Bucket;
  readonly QUEUE: Queue<{ id: number }>;
  readonly AI: Ai;
  readonly VECTORS: VectorizeIndex;
  readonly EVENTS: AnalyticsEngineDataset;
  readonly DISPATCHER: DispatchNamespace;
  readonly STORE: DurableObjectNamespace;
}

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <A, B>(_proof: Equal<A, B>): void => {};

export default withTrace(
  {
    async fetch(request, env: Env, _ctx, trace) {
      // Each binding is still the platform's type: the view satisfies it.
      const kv: KVNamespace = env.KV;
      const db: D1Database = env.DB;
      const bucket: R2Bucket = env.BUCKET;
      const ai: Ai = env.AI;
      const vectors: VectorizeIndex = env.VECTORS;
      const events: AnalyticsEngineDataset = env.EVENTS;
      const dispatcher: DispatchNamespace = env.DISPATCHER;
      await kv.get("key");
      await db.prepare("SELECT * FROM t WHERE id = ?1").bind(1).first();
      await bucket.head("key");
      await env.QUEUE.send({ id: 1 });
      await ai.run("@cf/meta/llama-3.1-8b-instruct", { prompt: "hi" });
      await vectors.query([0.1], { topK: 1 });
      events.writeDataPoint({ doubles: [1] });
      await dispatcher.get("customer").fetch(request);
      // trace.caches is the runtime's caches, both ways.
      const cached = await trace.caches.default.match(request);
      const named: Cache = await trace.caches.open("pages");
      const asTraceCache: TraceCache = caches.default;
      const asTraceStorage: TraceCacheStorage = caches;
      exact<typeof cached, Response | undefined>(true);
      await named.put(request, new Response("x"));
      void asTraceCache;
      void asTraceStorage;
      return new Response("ok");
    },
    // The runtime's email handler, with its own message type.
    async email(message: ForwardableEmailMessage, env: Env, ctx) {
      exact<typeof ctx, ExecutionContext>(true);
      traceOf(message)?.setAttribute("mail.to", message.to);
      await env.QUEUE.send({ id: message.rawSize });
    },
  },
  { exporter: otlp(), bindings: bindingSpans() },
) satisfies ExportedHandler<Env>;

// Kinds chosen one by one; storage for Durable Objects.
const some: BindingSpans = bindingSpans({ kv: true, d1: false, caches: false });
void some;
// @ts-expect-error kinds are booleans
bindingSpans({ kv: "yes" });

export const Store = withTraceClass(
  class Store extends DurableObject<Env> {
    async fetch(): Promise<Response> {
      await this.ctx.storage.put("key", 1);
      this.ctx.storage.sql.exec("SELECT ?", 1);
      return new Response("ok");
    }
  },
  { exporter: otlp(), bindings: bindingSpans({ storage: true }) },
);
