/**
 * The lambda-collector section's samples: a handler module in a new Node
 * process, warmed up by one invocation, then the timed one, either through
 * the Runtime API double (bench/lambda-runtime/) or called directly; bare
 * and traced in pairs, alternating which goes first.
 * @module
 */
import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DEFAULT_FLUSH_MARGIN_MS } from "../../src/lambda/flush.js";
import { handlerPath, startFunction } from "../lambda-runtime/function.js";
import { summarize } from "../micro/run.js";
import type { CollectorRow, RowResult } from "./rows.js";

/**
 * The warm-up invocation's remaining time: long enough for a collector
 * answering in 500 ms, short enough that a hanging one holds it 0.9 s.
 */
export const WARM_UP_REMAINING_MS = 1_000;

/** After the deadline, how long to wait for `/event/next` before giving up on it. */
const EVENT_NEXT_SLACK_MS = 2_000;

/** An invocation through the runtime, as the double timed it (Date.now(), 1 ms steps). */
export interface RuntimeSample {
  /** From the runtime's `/next` returning until it posted the response. */
  readonly responseMs: number;
  /** From `/next` returning until the extension's `/event/next`, when waited for. */
  readonly eventNextMs: number | undefined;
}

const run = promisify(execFile);
const direct = fileURLToPath(new URL("../lambda-collector/call-directly.mjs", import.meta.url));

/** Rejects when `promise` has not settled after `ms`: a stuck sample stops the run. */
async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  const timeout = sleep(ms, undefined, { ref: false }).then(() => {
    throw new Error(`lambda-collector: no ${what()} after ${ms} ms`);
  });
  return Promise.race([promise, timeout]);
}

/**
 * A new environment (runtime process, Runtime API double): Init, one
 * warm-up invocation, then one with `remainingMs` left; stopped once the
 * response is posted and, within `waitMs`, the extension called `/event/next`.
 * @param handler - a module in bench/lambda-runtime/handlers/.
 * @param collectorUrl - `OTEL_EXPORTER_OTLP_ENDPOINT`.
 * @param remainingMs - the timed invocation's time (the double's `Lambda-Runtime-Deadline-Ms`).
 * @param waitMs - how long to wait for `/event/next` after the response; 0: not at all.
 */
export async function viaRuntime(
  handler: string,
  collectorUrl: string,
  remainingMs: number,
  waitMs: number,
): Promise<RuntimeSample> {
  const fn = await startFunction(handler, { url: collectorUrl });
  const stuck = (step: string) => () => `${step} from ${handler}; stderr: ${fn.stderr()}`;
  try {
    await within(fn.api.invoke({ n: 0 }, WARM_UP_REMAINING_MS), 15_000, stuck("warm-up"));
    const { responded, done } = fn.api.dispatch({ n: 1 }, remainingMs);
    const invocation = await within(responded, remainingMs, stuck("response"));
    if (waitMs > 0) await Promise.race([done, sleep(waitMs, undefined, { ref: false })]);
    const arrived = invocation.deliveredAt!;
    const eventNextAt = invocation.extensionsDoneAt;
    return {
      responseMs: invocation.respondedAt! - arrived,
      eventNextMs: eventNextAt === undefined ? undefined : eventNextAt - arrived,
    };
  } finally {
    await fn.stop();
  }
}

/**
 * A new Node process that imports the module without `AWS_LAMBDA_RUNTIME_API`
 * and calls `handler` twice: a warm-up, then with `remainingMs` left.
 * @returns the timed call's time until its promise resolved, in ms (performance.now()).
 */
export async function calledDirectly(
  handler: string,
  collectorUrl: string,
  remainingMs: number,
): Promise<number> {
  const args = [direct, handlerPath(handler), String(WARM_UP_REMAINING_MS), String(remainingMs)];
  const { stdout } = await run(process.execPath, args, {
    env: {
      PATH: process.env.PATH,
      AWS_LAMBDA_FUNCTION_NAME: "orders",
      AWS_REGION: "us-east-1",
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    },
    timeout: 30_000,
  });
  return (JSON.parse(stdout) as { ms: number }).ms;
}

/**
 * `samples` pairs through the runtime and as many called directly.
 * @param row - the collector and the remaining time.
 * @returns the row's figures; "added" is each traced sample minus the bare one beside it.
 */
export async function measureRow(row: CollectorRow, samples: number): Promise<RowResult> {
  const runtime = { bare: [] as number[], traced: [] as number[], eventNext: [] as number[] };
  const direct = { bare: [] as number[], traced: [] as number[] };
  for (let k = 0; k < samples; k++) {
    const pair = async <T>(bare: () => Promise<T>, traced: () => Promise<T>) =>
      k % 2 === 0 ? [await bare(), await traced()] : [await traced(), await bare()].reverse();
    const waitMs =
      row.eventNextIn === "every" || k === 0 ? row.remainingMs + EVENT_NEXT_SLACK_MS : 0;
    const [bare, traced] = await pair(
      () => viaRuntime("bare.mjs", row.url, row.remainingMs, 0),
      () => viaRuntime("traced.mjs", row.url, row.remainingMs, waitMs),
    );
    runtime.bare.push(bare!.responseMs);
    runtime.traced.push(traced!.responseMs);
    if (traced!.eventNextMs !== undefined) runtime.eventNext.push(traced!.eventNextMs);
    const [bareMs, tracedMs] = await pair(
      () => calledDirectly("bare.mjs", row.url, row.remainingMs),
      () => calledDirectly("traced.mjs", row.url, row.remainingMs),
    );
    direct.bare.push(bareMs!);
    direct.traced.push(tracedMs!);
  }
  const added = (traced: number[], bare: number[]) => summarize(traced.map((t, i) => t - bare[i]!));
  return {
    row,
    bareMs: summarize(runtime.bare),
    bareDirectMs: summarize(direct.bare),
    extensionAddedMs: added(runtime.traced, runtime.bare),
    eventNextMs: runtime.eventNext.length > 0 ? summarize(runtime.eventNext) : undefined,
    eventNextBoundMs: row.remainingMs - DEFAULT_FLUSH_MARGIN_MS,
    directAddedMs: added(direct.traced, direct.bare),
  };
}
