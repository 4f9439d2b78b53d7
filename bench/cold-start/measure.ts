/**
 * One cold start: a new Miniflare (so a new workerd process) for a Worker,
 * timed from `new Miniflare(…)` to the first successful response, and the
 * CPU time the new workerd spent getting there (all its threads'
 * on-CPU time from /proc's schedstat, ns resolution), of which the first
 * request's share.
 * @module
 */
import type { BuiltWorker } from "../load/build.js";
import { childPids } from "../load/proc.js";
import { newMiniflare } from "../load/workerd.js";
import { processCpuClock } from "../micro/proc-clock.js";

/** One start. */
export interface ColdStart {
  readonly wallMs: number;
  /** The new workerd's CPU time until the response; undefined where /proc has no schedstat. */
  readonly cpuMs: number | undefined;
  /** Of which the first request's (after Miniflare reported ready). */
  readonly firstRequestCpuMs: number | undefined;
}

/** Give up on a Worker that never answers 200. */
const FIRST_RESPONSE_TIMEOUT_MS = 30_000;

/**
 * @param worker - the bundled variant.
 * @param bindings - `UPSTREAM` (fetched by the first request) and `SINK`.
 * @returns the time to the first successful response, and workerd's CPU time until then.
 */
export async function coldStart(
  worker: BuiltWorker,
  bindings: { readonly UPSTREAM: string; readonly SINK: string },
): Promise<ColdStart> {
  const before = new Set(childPids("workerd"));
  const start = performance.now();
  const mf = newMiniflare(worker, bindings);
  try {
    const url = await mf.ready;
    const pid = childPids("workerd").find((p) => !before.has(p));
    const cpu = pid === undefined ? undefined : processCpuClock(pid);
    const atReady = cpu?.();
    for (;;) {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) break;
      if (performance.now() - start > FIRST_RESPONSE_TIMEOUT_MS) {
        throw new Error(`${worker.id} answered ${response.status} for 30 s`);
      }
    }
    const wallMs = performance.now() - start;
    const cpuMs = cpu?.();
    const firstRequestCpuMs =
      cpuMs === undefined || atReady === undefined ? undefined : cpuMs - atReady;
    return { wallMs, cpuMs, firstRequestCpuMs };
  } finally {
    await mf.dispose();
  }
}
