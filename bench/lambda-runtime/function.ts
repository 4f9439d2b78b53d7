/**
 * Runs a handler module in a child Node process the way Lambda does: a
 * Runtime API double, the runtime driver (node-runtime.mjs) importing the
 * module with AWS_LAMBDA_RUNTIME_API set, and OTLP export to `collector`.
 * Used by test/lambda/runtime/extension.test.ts and the bench's
 * lambda-collector section.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RuntimeApiDouble, startRuntimeApi } from "./runtime-api-double.js";

export interface LambdaFunction {
  readonly api: RuntimeApiDouble;
  /** What the child wrote to stderr. */
  readonly stderr: () => string;
  stop(): Promise<void>;
}

// `../lambda-runtime/`, not `./`: the same file from here (vitest runs the
// source) and from bench/out/bench.mjs (the bench runs this bundled).
const driver = fileURLToPath(new URL("../lambda-runtime/node-runtime.mjs", import.meta.url));

/** A handler module in `handlers/` beside this file, or an absolute path. */
export function handlerPath(name: string): string {
  return name.startsWith("/")
    ? name
    : fileURLToPath(new URL(`../lambda-runtime/handlers/${name}`, import.meta.url));
}

/**
 * @param handlerFile - a module in `handlers/`, or an absolute path; its `handler` export is run.
 * @param collector - where otlp() exports (`OTEL_EXPORTER_OTLP_ENDPOINT`).
 */
export async function startFunction(
  handlerFile: string,
  collector: { readonly url: string },
  options: { registrations?: "accept" | "refuse" | "ignore" } = {},
): Promise<LambdaFunction> {
  const api = await startRuntimeApi(options.registrations);
  let stderr = "";
  const child: ChildProcess = spawn(process.execPath, [driver], {
    env: {
      PATH: process.env.PATH,
      AWS_LAMBDA_RUNTIME_API: api.address,
      AWS_LAMBDA_FUNCTION_NAME: "orders",
      AWS_REGION: "us-east-1",
      _HANDLER: `${handlerPath(handlerFile)}#handler`,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return {
    api,
    stderr: () => stderr,
    async stop() {
      child.kill();
      await api.close();
    },
  };
}
