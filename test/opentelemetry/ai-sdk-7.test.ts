/**
 * A real emitter in real workerd: the Vercel AI SDK 7 reports `generateText`
 * and `streamText` through `@ai-sdk/otel`, which takes the global
 * @opentelemetry/api tracer provider. AI SDK 7 needs Node 22, so the test
 * bundles it into a Worker (`nodejs_compat`) and runs it in Miniflare: with
 * the bridge, the SDK's spans arrive at an OTLP receiver on 127.0.0.1 under
 * the server span, in the inbound traceparent's trace.
 */
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../support/otlp-receiver.js";
import { hex } from "../workers/harness.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const aiSdkOtel = fileURLToPath(new URL("../../node_modules/@ai-sdk/otel/", import.meta.url));

/**
 * `ai` (and `ai/test`) resolve to the AI SDK 7 nested under `@ai-sdk/otel`,
 * not the top-level AI SDK 6 the Node tests use.
 */
const aiSdk7: Plugin = {
  name: "ai-sdk-7",
  setup(build) {
    build.onResolve({ filter: /^ai(\/.*)?$/ }, (args) =>
      args.pluginData === "ai-sdk-7"
        ? undefined
        : build.resolve(args.path, {
            resolveDir: aiSdkOtel,
            kind: args.kind,
            pluginData: "ai-sdk-7",
          }),
    );
  },
};

/**
 * The AI Gateway's OIDC helper, bundled with `ai`, is CommonJS that calls
 * `require("fs")` (and `os`, `path`) when it loads. esbuild's ES module output
 * cannot `require` an external module, so each of those becomes a small ES
 * module re-exporting the `node:` built-in `nodejs_compat` provides (as
 * wrangler does).
 */
const nodeBuiltinsForRequire: Plugin = {
  name: "node-builtins-for-require",
  setup(build) {
    build.onResolve({ filter: /^(fs|os|path)$/ }, (args) => ({
      path: args.path,
      namespace: "node-builtin",
    }));
    build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => ({
      contents: `export * from "node:${args.path}"; export { default } from "node:${args.path}";`,
      loader: "js",
    }));
  },
};

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [`${fixtures}ai-sdk-7-worker.ts`],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    write: false,
    external: ["cloudflare:*", "node:*"],
    plugins: [aiSdk7, nodeBuiltinsForRequire],
    keepNames: true,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

const INBOUND_PARENT = "00f067aa0ba902b7";

describe("the AI SDK 7 with @ai-sdk/otel in workerd (nodejs_compat)", () => {
  let receiver: OtlpReceiver;
  let mf: Miniflare;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      modules: [
        { type: "ESModule", path: `${fixtures}ai-sdk-7-worker.mjs`, contents: await bundle() },
      ],
      // `node:fs` is part of `nodejs_compat` from 2025-09-01.
      compatibilityDate: "2025-10-01",
      compatibilityFlags: ["nodejs_compat"],
      bindings: { OTLP_URL: receiver.url },
    });
    await mf.ready;
  }, 60_000);

  afterAll(async () => {
    await mf?.dispose();
    await receiver?.close();
  });

  /** Calls the Worker with an inbound traceparent; returns its trace id and server span id. */
  async function call(path: string): Promise<{ traceId: string; serverSpanId: string }> {
    const traceId = hex(32);
    const response = await mf.dispatchFetch(`http://worker.test${path}`, {
      headers: { traceparent: `00-${traceId}-${INBOUND_PARENT}-01` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Hello/);
    return { traceId, serverSpanId: response.headers.get("x-server-span-id")! };
  }

  /** Waits for spans of this trace with these names, plus the server span. */
  async function spansOf(traceId: string, names: readonly string[]): Promise<ReceivedSpan[]> {
    const mine = () => receiver.spans().filter((span) => span.traceId === traceId);
    await receiver.waitFor(
      () =>
        names.every((name) => mine().some((span) => span.name === name)) &&
        mine().some((span) => span.kind === 2),
      `${names.join(", ")} and the server span in trace ${traceId}`,
      20_000,
    );
    expect(receiver.problems()).toEqual([]);
    return mine();
  }

  for (const [path, operation, call_] of [
    ["/generate", "generateText", "doGenerate"],
    ["/stream", "streamText", "doStream"],
  ] as const) {
    it(`${operation} (LegacyOpenTelemetry): ai.${operation} is the server span's child, ai.${operation}.${call_} its child, in the inbound trace`, async () => {
      const { traceId, serverSpanId } = await call(path);
      const top = `ai.${operation}`;
      const inner = `${top}.${call_}`;
      const spans = await spansOf(traceId, [top, inner]);
      const server = spans.find((span) => span.kind === 2)!;
      const outer = spans.find((span) => span.name === top)!;
      const provider = spans.find((span) => span.name === inner)!;
      expect(server.spanId).toBe(serverSpanId);
      expect(server.parentSpanId).toBe(INBOUND_PARENT);
      expect(outer.parentSpanId).toBe(server.spanId);
      expect(provider.parentSpanId).toBe(outer.spanId);
      expect(outer.scope).toMatchObject({ name: "ai" });
      expect(outer.resource["service.name"]).toBe("ai-sdk-7-worker");
      expect(outer.attributes["ai.telemetry.functionId"]).toBe("greet");
      expect(
        provider.attributes["ai.usage.outputTokens"] ??
          provider.attributes["gen_ai.usage.output_tokens"],
      ).toBe(5);
    });
  }

  it("generateText (the registered OpenTelemetry integration, GenAI conventions): invoke_agent under the server span, the chat call under it, in the inbound trace", async () => {
    const { traceId, serverSpanId } = await call("/generate-gen-ai");
    const mine = () => receiver.spans().filter((span) => span.traceId === traceId);
    await receiver.waitFor(
      () =>
        mine().some((span) => span.name.startsWith("invoke_agent")) &&
        mine().some((span) => span.name === "chat mock-model") &&
        mine().some((span) => span.kind === 2),
      "invoke_agent and chat spans",
      20_000,
    );
    expect(receiver.problems()).toEqual([]);
    const spans = mine();
    const agent = spans.find((span) => span.name.startsWith("invoke_agent"))!;
    const chat = spans.find((span) => span.name === "chat mock-model")!;
    expect(agent.parentSpanId).toBe(serverSpanId);
    expect(agent.scope).toMatchObject({ name: "gen_ai" });
    // The chat call sits under the agent span, directly or through its step span.
    const ancestors: string[] = [];
    for (let span: ReceivedSpan | undefined = chat; span?.parentSpanId; ) {
      ancestors.push(span.parentSpanId);
      span = spans.find((candidate) => candidate.spanId === span!.parentSpanId);
    }
    expect(ancestors).toContain(agent.spanId);
    expect(ancestors.at(-1)).toBe(INBOUND_PARENT);
    expect(chat.attributes["gen_ai.usage.output_tokens"]).toBe(5);
  });
});
