/**
 * Stops what the demo started, newest first, exactly once; and, should
 * the demo die without running it, kills the child processes it knows
 * of as the process exits, so nothing is left behind either way.
 */
import { descendantPids } from "./children.js";

/** A list of things to stop. */
export class Cleanup {
  readonly #steps: Array<{ name: string; stop: () => Promise<void> }> = [];
  #running: Promise<void> | undefined;

  constructor() {
    // Last resort (an uncaught error, process.exit): exit handlers run synchronously.
    process.once("exit", () => {
      for (const pid of descendantPids()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    });
  }

  /**
   * @param name - what is stopped, for error messages.
   * @param stop - stops it; resolves once it has stopped.
   */
  add(name: string, stop: () => Promise<void>): void {
    this.#steps.push({ name, stop });
  }

  /** Stops everything, newest first; a step that fails does not stop the others. */
  run(): Promise<void> {
    this.#running ??= (async () => {
      for (const { name, stop } of this.#steps.reverse()) {
        try {
          await stop();
        } catch (error) {
          process.stderr.write(`could not stop ${name}: ${String(error)}\n`);
        }
      }
    })();
    return this.#running;
  }
}
