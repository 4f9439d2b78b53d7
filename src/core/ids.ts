/**
 * Trace and span ids: random, lowercase hex, never all-zero.
 * @module
 */
import { byteToHex } from "./hex.js";

/** Fills a byte array with random values (`crypto.getRandomValues` by default). */
export type RandomSource = (bytes: Uint8Array<ArrayBuffer>) => void;

/** Generates ids; see {@link createIdGenerator}. */
export interface IdGenerator {
  /** 32 lowercase hex digits. Level 2: the rightmost 7 bytes are random. */
  traceId(): string;
  /** 16 lowercase hex digits. */
  spanId(): string;
}

const POOL_SIZE = 1024;

const webRandom: RandomSource = (bytes) => {
  crypto.getRandomValues(bytes);
};

/**
 * Creates an id generator that draws random bytes in batches, because one
 * `getRandomValues` call per 1 KiB is much cheaper than one per id.
 *
 * @param random - the random source; tests inject a fake one.
 * @returns a generator of trace and span ids.
 * @example
 * const ids = createIdGenerator();
 * ids.traceId(); // "4bf92f3577b34da6a3ce929d0e0e4736"
 */
export function createIdGenerator(random: RandomSource = webRandom): IdGenerator {
  const pool = new Uint8Array(POOL_SIZE);
  // The pool as one hex string: an id is a slice of it, not 8–16 concatenations.
  let poolHex = "";
  let offset = POOL_SIZE;

  function hex(byteCount: number): string {
    for (;;) {
      if (offset + byteCount > POOL_SIZE) {
        random(pool);
        // Concatenation: several times faster than Array.from(...).join("").
        poolHex = "";
        for (const byte of pool) poolHex += byteToHex(byte);
        offset = 0;
      }
      const id = poolHex.slice(2 * offset, 2 * offset + 2 * byteCount);
      offset += byteCount;
      // All-zero ids are invalid (W3C Trace Context §3.2.2.3, §3.2.2.4): drawn again.
      if (/[^0]/.test(id)) return id;
    }
  }

  return { traceId: () => hex(16), spanId: () => hex(8) };
}

let defaultGenerator: IdGenerator | undefined;

/** The shared default generator, created on first use (Workers forbid randomness at startup). */
export function defaultIds(): IdGenerator {
  defaultGenerator ??= createIdGenerator();
  return defaultGenerator;
}
