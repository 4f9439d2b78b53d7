/**
 * What workerd prints while a variant runs (its warnings, a library's
 * console output), captured instead of flooding the bench's stderr, and
 * counted by message, so a report can say that a variant made workerd warn
 * and how often.
 * @module
 */
import type { Readable } from "node:stream";

/** Counted output lines of one workerd. */
export interface RuntimeOutput {
  /** Message → how many times; stack lines (`    at …`) are not counted. */
  readonly messages: Map<string, number>;
  /** For Miniflare's `handleRuntimeStdio`. */
  handle(stdout: Readable, stderr: Readable): void;
  /** The most frequent messages, e.g. `1,980× Warning: A promise was resolved…`. */
  summary(top?: number): string[];
}

/** @returns an empty counter. */
export function runtimeOutput(): RuntimeOutput {
  const messages = new Map<string, number>();
  const count = (stream: Readable): void => {
    let rest = "";
    stream.on("data", (chunk: Buffer) => {
      const lines = (rest + String(chunk)).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim() || /^\s+at /.test(line)) continue;
        const message = line.length > 160 ? `${line.slice(0, 160)}…` : line;
        messages.set(message, (messages.get(message) ?? 0) + 1);
      }
    });
  };
  return {
    messages,
    handle(stdout, stderr) {
      count(stdout);
      count(stderr);
    },
    summary(top = 3) {
      return [...messages]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([message, n]) => `${n.toLocaleString("en")}× ${message}`);
    },
  };
}
