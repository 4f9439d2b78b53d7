/**
 * Views over runtime objects, in Node with doubles shaped like workerd's
 * (a class whose prototype methods check their receiver, a Proxy that
 * answers every name like a JS-RPC stub).
 */
import { describe, expect, it } from "vitest";
import type { Trace } from "../../src/trace/trace.js";
import { Tracer } from "../../src/trace/tracer.js";
import { envView } from "../../src/workers/env-proxy.js";
import { queueEnvelopes } from "../../src/workers/queues/envelopes.js";
import { createView } from "../../src/workers/view.js";

class Native {
  readonly #secret = "native";
  read(): string {
    return this.#secret; // throws for any other receiver, like workerd's methods
  }
}

function rpcStub(tag: string) {
  const target = Object.assign(new Native(), { [Symbol.toStringTag]: tag });
  return new Proxy(target, {
    get(object, name, receiver) {
      if (name in object) return Reflect.get(object, name, receiver);
      return (...args: unknown[]) => `${String(name)}(${args.length})`;
    },
  });
}

describe("createView", () => {
  it("answers overrides, binds the object's own prototype methods, passes the rest", () => {
    const target = Object.assign(new Native(), { plain: { x: 1 } });
    const view = createView(target, { extra: () => "override" });
    expect((view as unknown as { extra: string }).extra).toBe("override");
    expect(view.read()).toBe("native");
    const { read } = view;
    expect(read()).toBe("native");
    expect(view.plain).toBe(target.plain);
  });

  it("returns a frozen property's own value, as Proxy invariants require", () => {
    const target = Object.freeze({ fetch: "frozen" });
    const view = createView(target, { fetch: () => "override" });
    expect(view.fetch).toBe("frozen");
  });
});

describe("envView", () => {
  const trace = new Tracer().startTrace({
    name: "test",
    kind: "server",
    inbound: { links: [], baggage: new Map() },
  });
  const current = (): Trace => trace;

  it("passes plain values and unknown objects through as the same value", () => {
    const kv = Object.assign(new Native(), { [Symbol.toStringTag]: "KvNamespace" });
    const json = { nested: true };
    const env = { VAR: "v", JSON: json, KV: kv, NUM: 1 };
    const view = envView(env, current, queueEnvelopes({ producers: true }));
    expect(view.VAR).toBe("v");
    expect(view.JSON).toBe(json);
    expect(view.KV).toBe(kv);
    expect(Object.keys(view)).toEqual(Object.keys(env));
  });

  it("views fetchers once per view, and keeps their RPC names working", () => {
    const stub = rpcStub("Fetcher");
    const env = { SVC: stub };
    const view = envView(env, current, undefined);
    expect(view.SVC).not.toBe(stub);
    expect(view.SVC).toBe(view.SVC);
    expect(
      (view.SVC as unknown as Record<string, (...a: unknown[]) => string>).anyMethod?.(1, 2),
    ).toBe("anyMethod(2)");
    expect(env.SVC).toBe(stub);
  });

  it("leaves Queue producers alone unless opted in", () => {
    const queue = Object.assign(new Native(), { [Symbol.toStringTag]: "WorkerQueue" });
    expect(envView({ Q: queue }, current, undefined).Q).toBe(queue);
    expect(envView({ Q: queue }, current, queueEnvelopes()).Q).toBe(queue);
    expect(envView({ Q: queue }, current, queueEnvelopes({ producers: ["Q"] })).Q).not.toBe(queue);
  });
});
