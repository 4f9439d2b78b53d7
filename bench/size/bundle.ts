/**
 * Bundles an entry the way a Worker is bundled (esbuild, minified ESM,
 * the `workerd`/`worker`/`browser` conditions wrangler uses) and measures it
 * gzipped with the default zlib level, as wrangler reports it.
 * @module
 */
import { gzipSync } from "node:zlib";
import { type BuildOptions, build } from "esbuild";

/** A bundle's size in bytes, raw and gzipped. */
export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Bundle options that differ per entry. */
export interface BundleOptions {
  /** Module names left to the runtime (`node:*` under `nodejs_compat`, peers like `hono`). */
  readonly external?: readonly string[] | undefined;
  /** Module aliases, as wrangler's `alias` config. */
  readonly alias?: Readonly<Record<string, string>> | undefined;
}

/**
 * @param entry - the entry file (TypeScript or JavaScript).
 * @param options - externals and aliases.
 * @returns the size of the minified bundle, raw and gzipped.
 * @example
 * const { gzipBytes } = await bundleSize("bench/size/workers/bare.ts");
 */
export async function bundleSize(entry: string, options: BundleOptions = {}): Promise<BundleSize> {
  const code = await bundleCode(entry, options);
  return { bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength };
}

/**
 * @param entry - the entry file.
 * @param options - externals and aliases.
 * @returns the minified bundle.
 */
export async function bundleCode(entry: string, options: BundleOptions = {}): Promise<Uint8Array> {
  const result = await build(buildOptions(entry, options));
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.contents;
}

function buildOptions(entry: string, options: BundleOptions): BuildOptions & { write: false } {
  return {
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    external: [...(options.external ?? [])],
    alias: { ...options.alias },
    write: false,
    logLevel: "silent",
    legalComments: "none",
  };
}

/** One input file's share of a minified bundle. */
export interface Share {
  readonly file: string;
  readonly bytes: number;
}

/**
 * Where a bundle's (minified, not gzipped) bytes come from, largest first.
 * @param entry - the entry file.
 * @param options - externals and aliases.
 * @returns each input file with its bytes in the output.
 */
export async function composition(entry: string, options: BundleOptions = {}): Promise<Share[]> {
  const result = await build({ ...buildOptions(entry, options), metafile: true });
  const output = Object.values(result.metafile.outputs)[0];
  if (!output) return [];
  return Object.entries(output.inputs)
    .map(([file, { bytesInOutput }]) => ({ file, bytes: bytesInOutput }))
    .filter((share) => share.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** Bytes as KiB (1024), the unit wrangler prints. */
export function kib(bytes: number): number {
  return bytes / 1024;
}
