/**
 * A server under load: an HTTP URL and the pid whose CPU time is its cost.
 * @module
 */

/** One running variant. */
export interface Target {
  readonly id: string;
  readonly label: string;
  /** The URL autocannon requests. */
  readonly url: string;
  /** The process that serves it (workerd, bun, deno). */
  readonly pid: number;
  close(): Promise<void>;
}
