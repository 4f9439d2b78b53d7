/**
 * A Worker built on edge-trace loads the ways users run one: bundled and
 * given to Miniflare by `scriptPath` (Miniflare then discovers its modules
 * and refuses any `import()` with a computed specifier), and under
 * `wrangler dev`, which bundles the project itself. The Worker imports the
 * package by name, from a project whose node_modules links this one.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, root } from "../support/ensure-build.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

const WORKER = `
import { withTrace, withTraceClass, queueEnvelopes } from "edge-trace/workers";
import { otlp } from "edge-trace/otlp";
export default withTrace(
  {
    async fetch(request, env, ctx, trace) {
      return Response.json({ traceId: trace.traceId, traceparent: trace.headers().traceparent });
    },
  },
  { exporter: otlp({ endpoint: "http://127.0.0.1:9" }), queues: queueEnvelopes() },
);
export const Unused = withTraceClass(class {});
`;

let project: string;

beforeAll(async () => {
  await ensureBuild();
  project = mkdtempSync(join(tmpdir(), "edge-trace-loading-"));
  mkdirSync(join(project, "node_modules"));
  symlinkSync(root, join(project, "node_modules", "edge-trace"), "dir");
  writeFileSync(join(project, "worker.js"), WORKER);
  writeFileSync(
    join(project, "wrangler.toml"),
    'name = "loading"\nmain = "worker.js"\ncompatibility_date = "2025-04-01"\n',
  );
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

async function expectTraced(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { traceId: string; traceparent: string };
  expect(body.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  expect(body.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
}

describe("a bundled Worker importing edge-trace/workers and edge-trace/otlp", () => {
  it("loads in Miniflare with modules: true and scriptPath", async () => {
    const scriptPath = join(project, "bundled.mjs");
    await build({
      entryPoints: [join(project, "worker.js")],
      outfile: scriptPath,
      bundle: true,
      format: "esm",
      platform: "browser",
      conditions: ["workerd", "worker", "browser"],
      logLevel: "silent",
    });
    const mf = new Miniflare({
      modules: true,
      scriptPath,
      modulesRoot: project,
      compatibilityDate: "2025-04-01",
      host: "127.0.0.1",
      port: 0,
    });
    try {
      await expectTraced(
        (await mf.dispatchFetch("http://127.0.0.1/", {
          headers: { traceparent: TRACEPARENT },
        })) as unknown as Response,
      );
    } finally {
      await mf.dispose();
    }
  });

  it("loads in wrangler dev", async () => {
    const [port, inspector] = [await freePort(), await freePort()];
    const wrangler = join(root, "node_modules", ".bin", "wrangler");
    const args = ["dev", "--ip", "127.0.0.1", "--port", `${port}`];
    const child = spawn(wrangler, [...args, "--inspector-port", `${inspector}`], {
      cwd: project,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    try {
      await readyLine(child, /Ready on http:\/\/127\.0\.0\.1/);
      await expectTraced(
        await fetch(`http://127.0.0.1:${port}/`, { headers: { traceparent: TRACEPARENT } }),
      );
    } finally {
      await stop(child);
    }
  }, 90_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readyLine(child: ChildProcess, ready: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`wrangler dev not ready:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      resolve();
    }
  });
}
