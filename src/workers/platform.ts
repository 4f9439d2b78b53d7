/**
 * The Workers runtime's shapes, written structurally so that users need
 * no `@cloudflare/workers-types` to compile, and so that the real types
 * (which have more members) are assignable to them.
 * @see https://developers.cloudflare.com/workers/runtime-apis/handlers/
 * @module
 */

/**
 * The `ctx` the runtime hands a handler's `fetch`, `scheduled` and
 * `queue`: the members every `ExecutionContext` of
 * `@cloudflare/workers-types` has, whatever the compatibility date. The
 * real one is assignable to it, and it is assignable to the `ExecutionContext`
 * a framework declares for its own `fetch` (Hono's requires
 * `passThroughOnException` and `props`), so `withTrace(app)` compiles.
 * @see https://developers.cloudflare.com/workers/runtime-apis/context/
 */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  /** What the caller of a service binding or `ctx.exports` entrypoint passed as `props`. */
  readonly props: unknown;
  /**
   * The Worker's own entrypoints as bindings (`ctx.exports`): declared by the
   * Workers types of recent compatibility dates only, so optional here.
   */
  readonly exports?: unknown;
}

/**
 * A handler's `ctx` when nothing else names its type. Where
 * `@cloudflare/workers-types` (or `wrangler types`) are present, a handler
 * checked with `satisfies ExportedHandler<Env>` gets their
 * `ExecutionContext` itself.
 */
export interface WorkersExecutionContext extends ExecutionContextLike {}

/** The `controller` of a `scheduled` (Cron Trigger) invocation. */
export interface ScheduledControllerLike {
  readonly cron: string;
  /** Epoch milliseconds. */
  readonly scheduledTime: number;
}

/** One message of a Queue batch. */
export interface QueueMessageLike<Body = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  readonly attempts?: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

/** The batch a `queue` handler receives. */
export interface MessageBatchLike<Body = unknown> {
  readonly queue: string;
  readonly messages: readonly QueueMessageLike<Body>[];
  ackAll(): void;
  retryAll(options?: { delaySeconds?: number }): void;
}

/** Per-message options of `Queue.send` / `sendBatch`. */
export interface QueueSendOptions {
  /** `"json"`, `"text"`, `"bytes"` or `"v8"` (the default). */
  readonly contentType?: string;
  readonly delaySeconds?: number;
}

/** A message of `Queue.sendBatch`. */
export interface QueueBatchItem extends QueueSendOptions {
  readonly body: unknown;
}

/** A Queue producer binding. */
export interface QueueLike {
  send(body: unknown, options?: QueueSendOptions): Promise<unknown>;
  sendBatch(
    messages: Iterable<QueueBatchItem>,
    options?: { delaySeconds?: number },
  ): Promise<unknown>;
}

/** Something with a `fetch`: a service binding or a Durable Object stub. */
export interface FetcherLike {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}
