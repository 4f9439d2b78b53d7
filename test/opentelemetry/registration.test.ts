/**
 * How openTelemetry() registers on @opentelemetry/api: once, harmlessly
 * again, beside an SDK that was there first (reported through `diag`,
 * never thrown), and a clear error without AsyncLocalStorage.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  context,
  DiagLogLevel,
  diag,
  type ProxyTracerProvider,
  propagation,
  trace,
} from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { withTrace } from "../../src/fetch.js";
import { openTelemetry } from "../../src/opentelemetry.js";

/** Captures what the API's diagnostics say at WARN and above. */
function captureDiag(): string[] {
  const said: string[] = [];
  const log = (message: string) => said.push(message);
  diag.setLogger(
    { error: log, warn: log, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  return said;
}

afterEach(() => {
  trace.disable();
  context.disable();
  propagation.disable();
  diag.disable();
});

describe("openTelemetry() registration", () => {
  it("registers a provider, a context manager and a propagator; a second call returns the same bridge", () => {
    const said = captureDiag();
    const first = openTelemetry({ AsyncLocalStorage });
    const second = openTelemetry({ AsyncLocalStorage });
    expect(second).toBe(first);
    expect(said).toEqual([]);
    expect(trace.getTracer("x").startSpan("outside").isRecording()).toBe(false);
    expect(propagation.fields()).toEqual(["traceparent", "tracestate", "baggage"]);
  });

  it("beside a provider registered first: says so through diag, does not throw, leaves it in place", async () => {
    const sdk = new BasicTracerProvider();
    trace.setGlobalTracerProvider(sdk);
    const said = captureDiag();
    const otel = openTelemetry({ AsyncLocalStorage });
    expect(
      said.some((line) => /edge-trace\/opentelemetry: another TracerProvider/.test(line)),
    ).toBe(true);
    expect((trace.getTracerProvider() as ProxyTracerProvider).getDelegate()).toBe(sdk);
    // The context manager did register: handlers still run with their span active.
    let active: string | undefined;
    const handler = withTrace(
      (_r: Request, _i: unknown, t) => {
        active = trace.getActiveSpan()?.spanContext().spanId;
        expect(active).toBe(t.spanId);
        return new Response("ok");
      },
      { openTelemetry: otel, flushOnExit: false },
    );
    expect((await handler(new Request("http://127.0.0.1/"), undefined)).status).toBe(200);
    expect(active).toMatch(/^[0-9a-f]{16}$/);
  });

  it("without AsyncLocalStorage: a TypeError naming what to pass and the Workers flags", () => {
    expect(() => openTelemetry({} as never)).toThrow(
      /openTelemetry\(\) needs \{ AsyncLocalStorage \} from node:async_hooks.*nodejs_als or nodejs_compat/,
    );
    class Broken {
      constructor() {
        throw new Error("not here");
      }
    }
    let thrown: unknown;
    try {
      openTelemetry({ AsyncLocalStorage: Broken as never });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as TypeError).cause).toEqual(new Error("not here"));
  });
});
