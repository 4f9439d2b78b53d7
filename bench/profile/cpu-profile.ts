/**
 * A CPU profile of a Worker under load, taken through the inspector that
 * workerd opens for Miniflare's `inspectorPort`, summarised as the top
 * functions by self time. It shows where a traced Worker's extra
 * microseconds per request go, beside the bare Worker's profile.
 * @module
 */
import { connectUserWorker } from "../inspector.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** One function's share of the profile. */
export interface SelfTime {
  readonly name: string;
  /** Microseconds of self time over the whole profile. */
  readonly selfUs: number;
}

/**
 * @param inspector - the inspector's URL (`ws://127.0.0.1:<port>`).
 * @param during - the load to profile.
 * @returns the top functions by self time.
 */
export async function profileDuring(
  inspector: URL,
  during: () => Promise<void>,
  intervalUs = 200,
): Promise<SelfTime[]> {
  const { call, close } = await connectUserWorker(inspector);
  try {
    await call("Profiler.enable");
    await call("Profiler.setSamplingInterval", { interval: intervalUs });
    await call("Profiler.start");
    await during();
    const { profile } = (await call("Profiler.stop")) as { profile: Profile };
    return selfTimes(profile);
  } finally {
    close();
  }
}

/** Self time per function (name and location), largest first. */
export function selfTimes(profile: Profile): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.split("/").pop() ?? "";
    const name = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  return [...totals]
    .map(([name, selfUs]) => ({ name, selfUs }))
    .sort((a, b) => b.selfUs - a.selfUs);
}
