/**
 * What the wrapper must leave exactly as it was, in real workerd: the
 * response (streaming, WebSocket upgrades), request bodies, thrown errors,
 * `ctx` (passThroughOnException, waitUntil), and when the flush happens.
 */
import { describe, expect, it } from "vitest";
import { backendWorker, frontendWorker, useWorkers } from "./harness.js";

const stack = useWorkers((c) => [frontendWorker(c), backendWorker(c)]);

const url = (path: string) => `http://frontend.test${path}`;

describe("waitUntil and the flush", () => {
  it("responds before the user's waitUntil work, and flushes only after it settled", async () => {
    const key = `k${Date.now()}`;
    // The user's waitUntil promise is held by the collector until released,
    // so receiving the response proves the response did not wait for it.
    const response = await stack.mf().dispatchFetch(url(`/wait-until?key=${key}`));
    expect(await response.text()).toBe("responded");
    const flushOfThisRequest = () =>
      stack
        .collector()
        .log.findIndex(
          (entry) =>
            entry.type === "flush" &&
            stack
              .collector()
              .spans.some(
                (span) =>
                  entry.spanIds.includes(span.spanId) &&
                  span.attributes["url.path"] === "/wait-until",
              ),
        );
    // Still held: neither the user's work nor the flush has happened.
    expect(flushOfThisRequest()).toBe(-1);

    stack.collector().release(key);
    const userDone = await stack.collector().waitFor(() => {
      const index = stack
        .collector()
        .log.findIndex((entry) => entry.type === "event" && entry.name === `user-done-${key}`);
      return index >= 0 ? index : undefined;
    });
    const flushed = await stack.collector().waitFor(() => {
      const index = flushOfThisRequest();
      return index >= 0 ? index : undefined;
    });
    // The flush carrying this request's server span came after the user's work finished.
    expect(flushed).toBeGreaterThan(userDone);
  });

  it("keeps passThroughOnException callable", async () => {
    const response = await stack.mf().dispatchFetch(url("/pass-through"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("still ok");
  });
});

describe("errors", () => {
  it("re-throws the user's error unchanged (the very same object)", async () => {
    const response = await stack.mf().dispatchFetch(url("/throw-identity"));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("same error");
  });

  it("lets workerd answer 500 and records the error on the server span", async () => {
    const response = await stack.mf().dispatchFetch(url("/throw"));
    expect(response.status).toBe(500);
    await response.arrayBuffer();
    const span = await stack.collector().waitForSpan((s) => s.attributes["url.path"] === "/throw");
    expect(span.status.code).toBe("error");
    expect(span.attributes["http.response.status_code"]).toBe(500);
    expect(span.events[0]?.attributes["exception.message"]).toBe("boom from user code");
  });
});

describe("responses and requests pass through", () => {
  it("streams a response body without buffering it", async () => {
    const key = `stream${Date.now()}`;
    // identity: Miniflare gzips compressible responses, and gzip holds small chunks back.
    const response = await stack.mf().dispatchFetch(url(`/stream?key=${key}`), {
      headers: { "accept-encoding": "identity" },
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    // The second chunk cannot be written before the release: reading the
    // first one now proves the body is not buffered anywhere.
    while (!text.includes("first\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe("first\n");
    stack.collector().release(key);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe("first\nsecond\n");
  });

  it("keeps a WebSocket upgrade untouched: status 101 and the webSocket", async () => {
    const response = await stack
      .mf()
      .dispatchFetch(url("/ws"), { headers: { upgrade: "websocket" } });
    expect(response.status).toBe(101);
    const socket = response.webSocket;
    expect(socket).toBeTruthy();
    socket?.accept();
    const reply = new Promise<string>((resolve) =>
      socket?.addEventListener("message", (event) => resolve(String(event.data))),
    );
    socket?.send("hi");
    expect(await reply).toBe("echo:hi");
    socket?.close();
  });

  it("does not consume request bodies", async () => {
    const response = await stack
      .mf()
      .dispatchFetch(url("/body"), { method: "POST", body: "payload" });
    expect(await response.text()).toBe("read:payload");
  });

  it("forwards a request body through a service binding", async () => {
    const response = await stack.mf().dispatchFetch(url("/forward-body"), {
      method: "POST",
      body: "forwarded",
    });
    expect(await response.text()).toBe("body:forwarded");
  });
});

describe("options", () => {
  it("resolves an options function once per env, not per request", async () => {
    for (let i = 0; i < 5; i++) await (await stack.mf().dispatchFetch(url("/info"))).arrayBuffer();
    const { calls } = (await (await stack.mf().dispatchFetch(url("/option-calls"))).json()) as {
      calls: number;
    };
    expect(calls).toBe(1);
  });
});

describe("scheduled", () => {
  it("starts a new root trace per invocation, with the timer attributes", async () => {
    const worker = await stack.mf().getWorker("frontend");
    const scheduledTime = new Date("2026-01-02T03:04:05.000Z");
    await worker.scheduled({ cron: "*/5 * * * *", scheduledTime });
    await worker.scheduled({ cron: "*/5 * * * *", scheduledTime });
    const roots = await stack.collector().waitFor(() => {
      const found = stack
        .collector()
        .spans.filter((span) => span.attributes["faas.trigger"] === "timer");
      return found.length === 2 ? found : undefined;
    });
    const [first, second] = roots;
    expect(first?.parentSpanId).toBeUndefined();
    expect(first?.traceId).not.toBe(second?.traceId);
    expect(first?.name).toBe("scheduled */5 * * * *");
    expect(first?.attributes).toMatchObject({
      "faas.cron": "*/5 * * * *",
      "faas.time": "2026-01-02T03:04:05.000Z",
      "cloud.provider": "cloudflare",
      "cloud.platform": "cloudflare.workers",
    });
    // The backend call inside the scheduled handler joined that trace.
    const backend = await stack
      .collector()
      .waitForSpan((span) => span.service === "backend" && span.traceId === first?.traceId);
    const client = stack.collector().spans.find((span) => span.spanId === backend.parentSpanId);
    expect(client?.parentSpanId).toBe(first?.spanId);
  });
});
