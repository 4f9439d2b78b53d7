/**
 * The waitUntil flush's order (waitUntilFlush): the export waits for the
 * tracked work, then for the `idle` step (what `bindingSpans()` ends
 * unread bodies in), then collects; the runtime's `waitUntil` gets the
 * whole of it. workerd runs it end to end in test/workers/binding-bodies.test.ts.
 */
import { describe, expect, it } from "vitest";
import { waitUntilFlush } from "../../src/server/wait-until.js";
import type { Recorder } from "../../src/trace/recorder.js";

function setup() {
  const order: string[] = [];
  const given: Promise<unknown>[] = [];
  const recorder = {
    flushShared: async () => {
      order.push("export");
    },
  } as unknown as Recorder;
  const tracked = waitUntilFlush(recorder, { waitUntil: (promise) => given.push(promise) });
  return { order, given, tracked };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("waitUntilFlush", () => {
  it("runs idle after the tracked work settled and exports after what idle returned", async () => {
    const { order, given, tracked } = setup();
    const work = deferred();
    const idleWork = deferred();
    tracked.waitUntil(work.promise.then(() => order.push("work")));
    tracked.flush(() => {
      order.push("idle");
      return idleWork.promise.then(() => order.push("idle done"));
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    work.resolve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(["work", "idle"]);
    idleWork.resolve();
    await Promise.all(given);
    expect(order).toEqual(["work", "idle", "idle done", "export"]);
  });

  it("exports after the tracked work without an idle step", async () => {
    const { order, given, tracked } = setup();
    tracked.waitUntil(Promise.resolve().then(() => order.push("work")));
    tracked.flush();
    await Promise.all(given);
    expect(order).toEqual(["work", "export"]);
  });
});
