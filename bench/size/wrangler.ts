/**
 * What Cloudflare would upload: `wrangler deploy --dry-run --minify`, read
 * from its "Total Upload: X KiB / gzip: Y KiB" line. Needs no login.
 * @module
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { BundleSize } from "./bundle.js";

const run = promisify(execFile);
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point.
const ANSI = /\x1b\[[0-9;]*m/g;
const TOTAL_UPLOAD = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/;

/** Wrangler settings that differ per Worker. */
export interface WranglerOptions {
  /** Adds the `nodejs_compat` flag (the incumbents need it). */
  readonly nodejsCompat?: boolean | undefined;
  /** Module aliases (wrangler's `alias` config). */
  readonly alias?: Readonly<Record<string, string>> | undefined;
}

/**
 * @param wrangler - the wrangler binary (node_modules/.bin/wrangler).
 * @param entry - the Worker's entry file.
 * @param options - compatibility flag and aliases.
 * @returns the upload size in bytes, to wrangler's 0.01 KiB precision.
 */
export async function wranglerSize(
  wrangler: string,
  entry: string,
  options: WranglerOptions = {},
): Promise<BundleSize> {
  // A fresh directory with its own config: the repo's wrangler.toml is not
  // picked up, and .wrangler/ stays out of the repo. (`--alias` on the
  // command line is not applied by wrangler 4.86; the config's `alias` is.)
  const cwd = await mkdtemp(join(tmpdir(), "edge-trace-size-"));
  try {
    const config = {
      name: "size",
      main: resolve(entry),
      compatibility_date: "2025-06-01",
      compatibility_flags: options.nodejsCompat ? ["nodejs_compat"] : [],
      alias: options.alias ?? {},
    };
    await writeFile(join(cwd, "wrangler.json"), JSON.stringify(config));
    const args = ["deploy", "--dry-run", "--minify", "--outdir", join(cwd, "out")];
    const { stdout, stderr } = await run(wrangler, args, {
      cwd,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "1" },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      // Wrangler colours its errors even with NO_COLOR; keep the first ✘ line.
      const detail = `${error.stderr ?? ""}${error.stdout ?? ""}`.replace(ANSI, "");
      const line = detail.split("\n").find((l) => l.includes("✘") && !l.includes("Build failed"));
      throw new Error(
        `wrangler: ${(line ?? detail.trim().split("\n")[0] ?? error.message).trim()}`,
      );
    });
    const match = TOTAL_UPLOAD.exec(`${stdout}\n${stderr}`);
    if (!match) throw new Error(`no "Total Upload" line from wrangler for ${entry}`);
    return { bytes: Number(match[1]) * 1024, gzipBytes: Number(match[2]) * 1024 };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}
