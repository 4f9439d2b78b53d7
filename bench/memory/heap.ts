/**
 * Reads the V8 heap of a Worker running in workerd, through the inspector
 * workerd opens for Miniflare's `inspectorPort`. workerd's inspector does
 * not answer `HeapProfiler.collectGarbage`, but a heap snapshot collects
 * garbage before it is taken, so one (its chunks discarded) stands in for
 * Node's `gc()` before `Runtime.getHeapUsage`.
 * @module
 */
import { connectUserWorker } from "../inspector.js";

/** The user Worker's heap, read after a full collection. */
export interface WorkerHeap {
  /** V8's used heap size in bytes after garbage collection. */
  usedAfterGc(): Promise<number>;
  close(): void;
}

/**
 * @param inspector - the inspector's URL (`ws://127.0.0.1:<port>`).
 * @returns a connection to the user Worker's isolate (Miniflare's own workers are skipped).
 */
export async function connectHeap(inspector: URL): Promise<WorkerHeap> {
  const { call, close } = await connectUserWorker(inspector);
  await call("HeapProfiler.enable");
  return {
    async usedAfterGc() {
      await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      const usage = (await call("Runtime.getHeapUsage")) as { usedSize: number };
      return usage.usedSize;
    },
    close,
  };
}
