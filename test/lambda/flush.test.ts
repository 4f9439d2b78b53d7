import { describe, expect, it } from "vitest";
import { withTrace } from "../../src/lambda.js";
import type { FinishedSpan, SpanSink } from "../../src/trace/span-data.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { lambdaContext, loadEvent } from "./support.js";

/** A sink that logs what happens, in order, and flushes however `flush` says. */
function loggingSink(flush: (deadline: number | undefined) => Promise<void>) {
  const log: string[] = [];
  const deadlines: (number | undefined)[] = [];
  const spans: FinishedSpan[] = [];
  const sink: SpanSink = {
    onEnd(span) {
      spans.push(span);
      log.push(`end ${span.name}`);
    },
    flush(deadline) {
      log.push("flush");
      deadlines.push(deadline);
      return flush(deadline);
    },
  };
  return { sink, log, deadlines, spans };
}

describe("flushing before returning", () => {
  it("flushes once, after the span ended, with deadline = now + remaining − margin", async () => {
    const { sink, log, deadlines } = loggingSink(() => Promise.resolve());
    const handler = withTrace(async () => ({ statusCode: 200 }), {
      exporter: sinkExporter(sink),
      flushMarginMs: 80,
      // A budget above the remaining time, so the margin is what bounds the deadline.
      flushBudgetMs: 5_000,
    });
    const before = Date.now();
    await handler(loadEvent("apigw-v2"), lambdaContext(2_000));
    log.push("returned");
    expect(log).toEqual(["end GET /items/{id}", "flush", "returned"]);
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 2_000 - 80 - 50);
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 2_000 - 80);
  });

  it("returns within the budget while a flush that never settles is still pending", async () => {
    let settled = false;
    const never = new Promise<void>(() => {}).finally(() => {
      settled = true;
    });
    const { sink, log, deadlines } = loggingSink(() => never);
    const result = { statusCode: 200, body: "done" };
    const handler = withTrace(async () => result, {
      exporter: sinkExporter(sink),
      flushMarginMs: 10,
    });
    const response = await handler(loadEvent("apigw-v2"), lambdaContext(30));
    log.push("returned");
    expect(response).toBe(result);
    expect(log).toEqual(["end GET /items/{id}", "flush", "returned"]);
    expect(settled).toBe(false);
    // The wrapper waited until the deadline it gave the sink (20 ms after the margin), not longer.
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 1);
  });

  it("does not wait at all when the margin exceeds the remaining time", async () => {
    const { sink, log, deadlines } = loggingSink(() => new Promise<void>(() => {}));
    const handler = withTrace(async () => "ok", { exporter: sinkExporter(sink) });
    const before = Date.now();
    await handler(loadEvent("scheduled"), lambdaContext(30));
    expect(log).toEqual(["end orders-api", "flush"]);
    expect(deadlines[0]).toBeLessThan(before);
  });

  it("survives a sink whose flush throws or rejects", async () => {
    for (const flush of [
      () => {
        throw new Error("sync");
      },
      () => Promise.reject(new Error("async")),
    ]) {
      const { sink } = loggingSink(flush);
      const handler = withTrace(async () => "ok", { exporter: sinkExporter(sink) });
      await expect(handler(loadEvent("scheduled"), lambdaContext())).resolves.toBe("ok");
    }
  });

  it("uses a bounded default budget when the context cannot tell the remaining time", async () => {
    const { sink, log } = loggingSink(() => Promise.resolve());
    const handler = withTrace(async () => "ok", { exporter: sinkExporter(sink) });
    const context = lambdaContext(1_000, {
      getRemainingTimeInMillis: () => {
        throw new Error("not in Lambda");
      },
    });
    await expect(handler(loadEvent("scheduled"), context)).resolves.toBe("ok");
    expect(log).toContain("flush");
  });
});

describe("errors thrown by the handler", () => {
  it("are re-thrown unchanged, after the span ended with an error status and was flushed", async () => {
    const { sink, log, spans } = loggingSink(() => Promise.resolve());
    const failure = new TypeError("bad order");
    const handler = withTrace(
      async () => {
        throw failure;
      },
      { exporter: sinkExporter(sink) },
    );
    const caught = await handler(loadEvent("apigw-v2"), lambdaContext()).catch((e: unknown) => e);
    log.push("rejected");
    expect(caught).toBe(failure);
    expect(log).toEqual(["end GET /items/{id}", "flush", "rejected"]);
    const span = spans[0]!;
    expect(span.status).toEqual({ code: "error", message: "bad order" });
    expect(span.attributes["error.type"]).toBe("TypeError");
    expect(span.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("are re-thrown unchanged when they are not Errors, even when the flush hangs", async () => {
    const { sink } = loggingSink(() => new Promise<void>(() => {}));
    const thrown = { code: "E_ORDER" };
    const handler = withTrace(
      () => {
        throw thrown;
      },
      { exporter: sinkExporter(sink), flushMarginMs: 10 },
    );
    await expect(handler(loadEvent("sqs"), lambdaContext(40))).rejects.toBe(thrown);
  });
});

describe("options as a function of the environment (as every adapter takes them)", () => {
  it("calls it once with process.env and uses its Lambda options", async () => {
    process.env.EDGE_TRACE_LAMBDA_PROBE = "from-env";
    const seen: unknown[] = [];
    const { sink, deadlines } = loggingSink(() => Promise.resolve());
    const handler = withTrace(
      async () => ({ statusCode: 200 }),
      (env) => {
        seen.push(env.EDGE_TRACE_LAMBDA_PROBE);
        return { exporter: sinkExporter(sink), flushMarginMs: 700, flushBudgetMs: 5_000 };
      },
    );
    const before = Date.now();
    await handler(loadEvent("apigw-v2"), lambdaContext(2_000));
    await handler(loadEvent("apigw-v2"), lambdaContext(2_000));
    expect(seen).toEqual(["from-env"]);
    // The margin the function returned was applied: deadline = now + 2000 − 700.
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 2_000 - 700);
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 2_000 - 700 - 50);
    delete process.env.EDGE_TRACE_LAMBDA_PROBE;
  });
});
