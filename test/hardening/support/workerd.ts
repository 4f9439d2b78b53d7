/**
 * Runs the hardening Worker in real workerd: one Worker per export mode in
 * one Miniflare, each reached by its own host (`http://<mode>.test/`), with
 * everything Miniflare and workerd log captured so a test can assert that
 * no uncaught error was reported.
 */
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Log, LogLevel, type Miniflare } from "miniflare";
import { fixtureWorker, startWorkers } from "../../workers/harness.js";
import type { Mode } from "../fixtures/export-modes.js";
import type { ProbeReport } from "../fixtures/probe.js";

const entry = fileURLToPath(new URL("../fixtures/worker.ts", import.meta.url));

/** Where the Workers send things. */
export interface WorkerUrls {
  readonly otlp: string;
  readonly refused: string;
  readonly collector: string;
  readonly upstream: string;
}

/** A running Miniflare and what it logged. */
export interface HardeningWorkers {
  readonly mf: Miniflare;
  /** Every line Miniflare's log and workerd's stdout/stderr produced, in order. */
  readonly output: string[];
  /** `http://<mode>.test` */
  url(mode: Mode, path: string): string;
  probe(mode: Mode): Promise<ProbeReport>;
}

/** Miniflare's log, kept in memory instead of printed. */
class CapturingLog extends Log {
  constructor(private readonly lines: string[]) {
    super(LogLevel.DEBUG);
  }
  protected override log(message: string): void {
    this.lines.push(message);
  }
  override error(message: Error): void {
    this.lines.push(`error: ${message.stack ?? message.message}`);
  }
}

/**
 * Starts one Worker per mode.
 * @param modes - the modes to run.
 * @param urls - the receiver, the closed port, the harness collector, the upstream.
 */
export async function startHardeningWorkers(
  modes: readonly Mode[],
  urls: WorkerUrls,
): Promise<HardeningWorkers> {
  const output: string[] = [];
  const workers = await Promise.all(
    modes.map((mode) =>
      fixtureWorker(entry, {
        name: `hardening-${mode}`,
        routes: [`${mode}.test/*`],
        bindings: {
          MODE: mode,
          OTLP_URL: urls.otlp,
          REFUSED_URL: urls.refused,
          COLLECTOR_URL: urls.collector,
          UPSTREAM_URL: urls.upstream,
        },
      }),
    ),
  );
  const mf = await startWorkers(workers, {
    // Not one loopback call to Node per request just to print it.
    logRequests: false,
    log: new CapturingLog(output),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => output.push(`stdout: ${chunk.toString()}`));
      stderr.on("data", (chunk: Buffer) => output.push(`stderr: ${chunk.toString()}`));
    },
  });
  const url = (mode: Mode, path: string) => `http://${mode}.test${path}`;
  return {
    mf,
    output,
    url,
    async probe(mode) {
      const response = await mf.dispatchFetch(url(mode, "/__probe"));
      return (await response.json()) as ProbeReport;
    },
  };
}

/** Lines that report an uncaught error or an unhandled rejection. */
export function uncaught(output: readonly string[]): string[] {
  return output.filter((line) => /uncaught|unhandled/i.test(line));
}
