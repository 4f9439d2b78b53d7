/**
 * Starts the demo's services: the Lambda handler behind its API Gateway
 * front (in this process), Deno and Bun (child processes), and the two
 * Workers in workerd. Every one exports to the demo's OTLP receiver.
 */
import { join } from "node:path";
import { stop as stopEsbuild } from "esbuild";
import { bundle } from "./bundle.js";
import { spawnService } from "./children.js";
import type { Cleanup } from "./cleanup.js";
import { startLambdaFront } from "./lambda-front.js";
import { protobufRequested } from "./protobuf.js";
import type { Receiver } from "./receiver.js";
import { startWorkers } from "./workers.js";
import { readWranglerConfig } from "./wrangler-config.js";

/** The running services. */
export interface Stack {
  readonly frontendUrl: string;
  /** Name and where it runs, for the listing. */
  readonly listing: ReadonlyArray<readonly [string, string]>;
  /** What the services logged, to show when something went wrong. */
  logs(): string;
}

/**
 * Starts the services, each registered for cleanup as soon as it runs,
 * downstream first so each knows where its callee listens:
 * lambda-fn, deno-api, hono-bun, then the two Workers.
 * @param root - the repository root.
 * @param receiver - the OTLP receiver every service exports to.
 * @param cleanup - where each service's stop is registered.
 * @returns the frontend's URL and the listing to print.
 */
export async function startStack(
  root: string,
  receiver: Receiver,
  cleanup: Cleanup,
): Promise<Stack> {
  // A protobuf run bundles into its own directory, so a JSON run beside it never loads its bundles.
  const outDir = join(root, protobufRequested() ? "demo/out/protobuf" : "demo/out");
  const frontendConfig = readWranglerConfig(join(root, "wrangler.toml"));
  const backendConfig = readWranglerConfig(join(root, "workers/backend.wrangler.toml"));
  const [frontendJs, backendJs, denoJs, bunJs] = await Promise.all([
    bundle(frontendConfig.main, join(outDir, "frontend.mjs"), "workerd"),
    bundle(backendConfig.main, join(outDir, "backend.mjs"), "workerd"),
    bundle(join(root, "demo/services/deno.ts"), join(outDir, "deno.mjs"), "deno"),
    bundle(join(root, "demo/services/hono-bun.ts"), join(outDir, "hono-bun.mjs"), "bun"),
  ]);
  await stopEsbuild();

  const protocol = protocolVariable();
  const childEnv = {
    ...withoutOtel(process.env),
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    ...protocol,
  };
  const lambda = await startLambda(receiver.url);
  cleanup.add("lambda-fn", lambda.close);

  const deno = await spawnService(
    "deno-api",
    [
      join(root, "node_modules/.bin/deno"),
      "run",
      "--quiet",
      "--no-prompt",
      "--no-lock",
      "--no-config",
      "--allow-net=127.0.0.1",
      "--allow-env",
      denoJs,
    ],
    { ...childEnv, LAMBDA_URL: lambda.url, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  );
  cleanup.add("deno-api", deno.stop);
  const bun = await spawnService("hono-bun", [join(root, "node_modules/.bin/bun"), "run", bunJs], {
    ...childEnv,
    DENO_URL: deno.url,
    NO_COLOR: "1",
  });
  cleanup.add("hono-bun", bun.stop);

  const otel = (service: string) => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: service,
    ...protocol,
  });
  const workers = await startWorkers([
    {
      config: frontendConfig,
      bundle: frontendJs,
      vars: { ...otel("frontend-worker"), HONO_URL: bun.url },
    },
    { config: backendConfig, bundle: backendJs, vars: otel("backend-worker") },
  ]);
  cleanup.add("workers", workers.close);

  return {
    frontendUrl: workers.url,
    logs: () =>
      [
        ["workers", workers.output()],
        ["hono-bun", bun.output()],
        ["deno-api", deno.output()],
      ]
        .filter(([, text]) => text?.trim())
        .map(([name, text]) => `--- ${name}\n${text?.trimEnd()}`)
        .join("\n"),
    listing: [
      ["frontend-worker", `${workers.url}  workerd (Miniflare)`],
      ["backend-worker", "service binding BACKEND  workerd"],
      ["hono-bun", `${bun.url}  Hono on Bun`],
      ["deno-api", `${deno.url}  Deno.serve`],
      ["lambda-fn", `${lambda.url}  API Gateway v2 → Lambda handler (Node)`],
      ["OTLP receiver", `${receiver.url}/v1/traces`],
    ],
  };
}

/**
 * Runs lambda/handler.ts in this process behind the API Gateway front. Its
 * tracer reads `process.env` when the module loads, as on Lambda, so the
 * variables are set first and the module imported after.
 */
async function startLambda(endpoint: string): Promise<{ url: string; close(): Promise<void> }> {
  const protocol = protocolVariable();
  for (const key of Object.keys(process.env)) if (key.startsWith("OTEL_")) delete process.env[key];
  delete process.env.DOWNSTREAM_URL;
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: "lambda-fn",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
    AWS_REGION: "us-east-1",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    ...protocol,
  });
  const { handler } = await import("../lambda/handler.js");
  return startLambdaFront(handler, {
    functionName: "lambda-fn",
    region: "us-east-1",
    timeoutMs: 3_000,
    routes: ["GET /stock/{sku}"],
  });
}

/** `npm start` with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf: every service exports protobuf. */
function protocolVariable(): Record<string, string> {
  return protobufRequested() ? { OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" } : {};
}

function withoutOtel(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("OTEL_")));
}
