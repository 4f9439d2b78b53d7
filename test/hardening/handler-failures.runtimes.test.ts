/**
 * Handler failures in real Deno and Bun servers: a handler that throws
 * synchronously, rejects, returns something that is not a Response, or
 * returns a body stream that errors after the response has started. The
 * client and the runtime's own error handler (Deno `onError`, Bun `error`)
 * see exactly what they see without withTrace (identity is checked inside
 * the process), and the exported span records what it can know.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import type { ErrorInfo } from "./fixtures/probe.js";
import { eventually } from "./support/responses.js";
import {
  type HardeningServer,
  type ServerRuntime,
  startHardeningServer,
} from "./support/runtimes.js";
import {
  expectNoError,
  expectRecordedError,
  inboundContext,
  serverSpanOf,
} from "./support/spans.js";

const NOT_A_RESPONSE_DENO =
  "Return value from serve handler must be a response or a promise resolving to a response";

describe.each<ServerRuntime>(["deno", "bun"])("handler failures in %s", (runtime) => {
  let rx: OtlpReceiver;
  let s: HardeningServer;

  beforeAll(async () => {
    rx = await startOtlpReceiver();
    s = await startHardeningServer(runtime, {
      OTLP_URL: rx.url,
      REFUSED_URL: rx.url,
      COLLECTOR_URL: rx.url,
      UPSTREAM_URL: rx.url,
    });
  });

  afterAll(async () => {
    await s?.stop();
    await rx?.close();
  });

  /** What the client got: status and body, or how reading failed. */
  async function client(mode: "otlp" | "bare", route: string, traceparent?: string) {
    try {
      const response = await fetch(s.url(`/${mode}/${route}`), {
        headers: traceparent ? { traceparent } : {},
      });
      try {
        return `${response.status} ${await response.text()}`;
      } catch {
        return `${response.status} then the body failed`;
      }
    } catch {
      return "the request failed";
    }
  }

  /**
   * Requests the route traced (with a fresh trace) and untraced, and
   * collects what the runtime's error handler got for each.
   */
  async function both(route: string, runtimeErrorsEach: number) {
    const { traceId, traceparent } = inboundContext();
    const start = (await s.probe()).runtimeErrors.length;
    const traced = await client("otlp", route, traceparent);
    const middle = await eventually(async () => {
      const errors = (await s.probe()).runtimeErrors;
      return errors.length >= start + runtimeErrorsEach && errors.length;
    }, "the runtime's error handler");
    const bare = await client("bare", route);
    const errors = await eventually(async () => {
      const all = (await s.probe()).runtimeErrors;
      return all.length >= middle + runtimeErrorsEach && all;
    }, "the runtime's error handler");
    const outcomes = (await s.probe()).outcomes.filter((o) => o.route === route);
    return {
      traceId,
      traced,
      bare,
      tracedErrors: errors.slice(start, middle) as ErrorInfo[],
      bareErrors: errors.slice(middle) as ErrorInfo[],
      outcome: outcomes.at(-2), // the traced request's; the last is the bare one's
    };
  }

  describe.each([
    { route: "throw", type: "ThrownError", message: "boom: thrown synchronously" },
    { route: "reject", type: "RejectedError", message: "boom: rejected" },
  ])("a handler that fails ($route)", ({ route, type, message }) => {
    it("reaches the runtime's error handler as the very same error; the span records it", async () => {
      const seen = await both(route, 1);
      expect(seen.outcome).toEqual({ route, outcome: "threw", same: true });
      expect(seen.traced).toBe(`500 handled: ${message}`);
      expect(seen.traced).toBe(seen.bare);
      const same = route === "throw" ? "thrownError" : "rejectedError";
      expect(seen.tracedErrors).toEqual([{ name: type, message, same }]);
      expect(seen.tracedErrors).toEqual(seen.bareErrors);

      const span = await serverSpanOf(rx, seen.traceId);
      expectRecordedError(span, { type, message });
      expect(span.attributes["http.response.status_code"]).toBe(500);
    });
  });

  it("a handler that returns a non-Response: the runtime gets that very value; the span says why", async () => {
    const seen = await both("non-response", runtime === "deno" ? 1 : 0);
    expect(seen.outcome).toEqual({ route: "non-response", outcome: "returned", same: true });
    expect(seen.traced).toBe(seen.bare);
    expect(seen.tracedErrors).toEqual(seen.bareErrors);
    if (runtime === "deno") {
      // Deno rejects the value itself and tells its onError.
      expect(seen.traced).toBe(`500 handled: ${NOT_A_RESPONSE_DENO}`);
      expect(seen.tracedErrors).toEqual([{ name: "TypeError", message: NOT_A_RESPONSE_DENO }]);
    } else {
      // Bun logs it (not to `error`) and sends a malformed response, traced or not.
      expect(seen.traced).toBe("the request failed");
      expect(s.server.output()).toContain("Expected a Response object");
    }
    const span = await serverSpanOf(rx, seen.traceId);
    expectRecordedError(span, {
      type: "TypeError",
      message: "The handler did not return a Response",
    });
  });

  it("a handler that returns undefined to a plain request: the runtime gets it; the span records the error", async () => {
    const seen = await both("undefined", runtime === "deno" ? 1 : 0);
    expect(seen.outcome).toEqual({ route: "undefined", outcome: "returned", same: true });
    expect(seen.traced).toBe(seen.bare);
    expect(seen.tracedErrors).toEqual(seen.bareErrors);
    expect(seen.traced).toBe(
      runtime === "deno" ? `500 handled: ${NOT_A_RESPONSE_DENO}` : "the request failed",
    );
    // Only an Upgrade request's empty return is Bun's `server.upgrade()` (a 101).
    const span = await serverSpanOf(rx, seen.traceId);
    expect(span.attributes["http.response.status_code"]).toBeUndefined();
    expectRecordedError(span, {
      type: "TypeError",
      message: "The handler did not return a Response",
    });
  });

  it("a body stream that errors mid-stream: the runtime sees it as untraced; the span records no error (gap)", async () => {
    const seen = await both("midstream", runtime === "deno" ? 1 : 0);
    expect(seen.traced).toBe(seen.bare);
    expect(seen.tracedErrors).toEqual(seen.bareErrors);
    if (runtime === "deno") {
      // Deno hands the stream's own error to onError, after the 200 went out.
      expect(seen.traced).toBe("200 then the body failed");
      expect(seen.tracedErrors).toEqual([
        { name: "StreamError", message: "boom: mid-stream", same: "streamError" },
      ]);
    } else {
      // Bun logs the stream's error (not to `error`) and resets the connection.
      expect(seen.traced).toBe("the request failed");
      const logged = () => s.server.output().match(/StreamError: boom: mid-stream/g) ?? [];
      await eventually(() => logged().length >= 2, "Bun to log both stream errors");
      expect(logged()).toHaveLength(2);
    }
    // The span ended when the handler returned its 200 Response; withTrace
    // does not watch the body, so the stream's later error is not on it.
    const span = await serverSpanOf(rx, seen.traceId);
    expect(span.attributes["http.response.status_code"]).toBe(200);
    expectNoError(span);
  });

  it("saw no unhandled rejection", async () => {
    expect((await s.probe()).unhandledReasons).toEqual([]);
  });
});
