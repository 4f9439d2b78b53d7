/**
 * `traceOf(this)` in a class traced by `withTraceClass`: the trace of the
 * call in progress, the one `this.trace` (kept at run time) gives too, and
 * nothing outside a call. The workerd tests (durable.test.ts,
 * entrypoint.test.ts) check the same in every trigger of a real Durable
 * Object; this one pins the lookup itself, call by call.
 */
import { expect, it } from "vitest";
import { type Trace, traceOf, withTraceClass } from "../../src/workers.js";

const ctx = { waitUntil: (_promise: Promise<unknown>): void => {} };
const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

class Api {
  seen: (Trace | undefined)[] = [];
  constructor(
    readonly ctx: unknown,
    readonly env: object,
  ) {}
  async fetch(_request: Request): Promise<Response> {
    const trace = traceOf(this);
    this.seen.push(trace);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Still this call's trace after an await, and the same object `this.trace` returns.
    expect(traceOf(this)).toBe(trace);
    expect((this as { trace?: unknown }).trace).toBe(trace);
    return new Response(trace?.traceId ?? "none");
  }
}

it("traceOf(this) is the running call's trace, continued from its traceparent, and undefined between calls", async () => {
  const Traced = withTraceClass(Api);
  const api = new Traced(ctx, {});
  expect(traceOf(api)).toBeUndefined();
  const response = await api.fetch(
    new Request("https://api.example/", { headers: { traceparent } }),
  );
  expect(await response.text()).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  expect(api.seen[0]?.parentSpanId).toBe("00f067aa0ba902b7");
  expect(traceOf(api)).toBeUndefined();
});

it("traceOf(this) tells two instances apart, and a class not constructed by the runtime has none", async () => {
  const Traced = withTraceClass(Api);
  const [a, b] = [new Traced(ctx, {}), new Traced(ctx, {})];
  await Promise.all([
    a.fetch(new Request("https://a.example/")),
    b.fetch(new Request("https://b.example/")),
  ]);
  expect(a.seen[0]).toBeDefined();
  expect(a.seen[0]).not.toBe(b.seen[0]);
  const untraced = new Traced(undefined, {});
  await untraced.fetch(new Request("https://c.example/"));
  expect(untraced.seen).toEqual([undefined]);
});
