/**
 * Every callback an option accepts, made to throw, on the Workers adapters
 * in real workerd (Miniflare): a module Worker (`withTrace`), a
 * `WorkerEntrypoint` class (`withTraceClass`) and Hono's `tracing()` in a
 * Worker. One Worker per case of test/hardening/fixtures/callbacks.ts,
 * which the Node test runs on the fetch handler, Hono and Lambda too.
 */
import { fileURLToPath } from "node:url";
import type { Miniflare, WorkerOptions } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundle,
  type Collector,
  startCollector,
  startWorkers,
  traceparent,
} from "../workers/harness.js";
import { CALLBACK_CASES, CONTROL, type Expected, type Seen, seen } from "./fixtures/callbacks.js";

const entry = fileURLToPath(new URL("./fixtures/callbacks-worker.ts", import.meta.url));
const TRACEPARENT = traceparent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
const NAMES = [CONTROL, ...CALLBACK_CASES.map((c) => c.name)];

let mf: Miniflare;
let echo: Collector;

beforeAll(async () => {
  echo = await startCollector();
  const contents = await bundle(entry);
  const workers: WorkerOptions[] = NAMES.map((name) => ({
    name: `case-${name}`,
    compatibilityDate: "2025-04-01",
    routes: [`${name}.test/*`],
    modules: [{ type: "ESModule", path: `${entry}.${name}.mjs`, contents }],
    bindings: { CASE: name, ECHO_URL: `${echo.url}/echo` },
    serviceBindings: { CLASS: { name: `case-${name}`, entrypoint: "Api" } },
  }));
  mf = await startWorkers(workers);
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await echo?.close();
});

const ADAPTERS = ["module", "class", "hono"] as const;

async function request(name: string, adapter: string): Promise<Seen> {
  const response = await mf.dispatchFetch(`http://${name}.test/${adapter}`, {
    headers: { traceparent: TRACEPARENT, baggage: "tenant=acme" },
  });
  return seen(response as unknown as Response);
}

/** What the case's onError was told, once `expected` is among it (the flush runs in waitUntil). */
async function told(name: string, adapter: string, expected: Expected | undefined) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const response = await mf.dispatchFetch(`http://${name}.test/events/${adapter}`);
    const events = (await response.json()) as Expected[];
    const found = expected && events.some((e) => JSON.stringify(e) === JSON.stringify(expected));
    if (found || !expected || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(ADAPTERS)("Workers, %s, in workerd", (adapter) => {
  let control: Seen;
  beforeAll(async () => {
    control = await request(CONTROL, adapter);
  });

  it.each(CALLBACK_CASES)(
    "DESIGN principle 4 (tracing never breaks the request): $title leaves the response unchanged and onError told",
    async ({ name, expected }) => {
      expect(await request(name, adapter)).toEqual(control);
      const events = await told(name, adapter, expected);
      if (expected) expect(events).toContainEqual(expected);
      else expect(events).toEqual([]);
    },
  );
});
