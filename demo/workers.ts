/**
 * Runs the example Workers in workerd through Miniflare's API: the same
 * `workers/*.ts` sources and bindings as `wrangler.toml`, bundled with
 * esbuild. It boots in about a second, where `wrangler dev` takes several.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import type { Miniflare, WorkerOptions } from "miniflare";
import type { WorkerConfig } from "./wrangler-config.js";

/** The Workers, running. */
export interface RunningWorkers {
  /** The entry Worker's URL (the first Worker). */
  readonly url: string;
  /** What the Workers logged (`console.*`), kept off the demo's own output. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts the Workers on 127.0.0.1 and a free port.
 * @param workers - each Worker's config (from wrangler.toml) and bundle; the first is the entry.
 * @param vars - extra variables for every Worker, such as `OTEL_EXPORTER_OTLP_ENDPOINT`.
 * @returns the entry URL and a way to stop workerd.
 */
export async function startWorkers(
  workers: ReadonlyArray<{ config: WorkerConfig; bundle: string; vars?: Record<string, string> }>,
): Promise<RunningWorkers> {
  // Loaded here, not at the top: it takes a few hundred ms, and the demo
  // starts the other services meanwhile.
  const { Miniflare, Log, LogLevel } = await import("miniflare");
  const options: WorkerOptions[] = workers.map(({ config, bundle, vars }) => ({
    name: config.name,
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: [...config.compatibilityFlags],
    // Module paths are relative to a root; workerd refuses ".." outside it.
    modulesRoot: dirname(bundle),
    modules: [{ type: "ESModule", path: bundle, contents: readFileSync(bundle, "utf8") }],
    bindings: { ...config.vars, ...vars },
    serviceBindings: Object.fromEntries(config.services.map((s) => [s.binding, s.service])),
  }));
  let output = "";
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  const signalListeners = new Set([
    ...process.listeners("SIGINT"),
    ...process.listeners("SIGTERM"),
  ]);
  const mf: Miniflare = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    log: new Log(LogLevel.WARN),
    // The placeholder `request.cf`: no request to Cloudflare for the real one.
    cf: false,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", keep);
      stderr.on("data", keep);
    },
    workers: options,
  });
  // Miniflare exits the process on Ctrl-C (status 130) as soon as workerd is
  // told to stop, before the demo has stopped Bun and Deno and said so. The
  // demo stops workerd itself; Miniflare's "exit" hook stays as a last resort.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalListeners.has(listener)) process.removeListener(signal, listener);
    }
  }
  let url: URL;
  try {
    url = await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  return { url: url.origin, output: () => output, close: () => mf.dispose() };
}
