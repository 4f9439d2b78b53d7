/**
 * Carriers: where headers are read from and written to.
 * @module
 */

/** A plain header record: any key case, API Gateway's `string[]` values allowed. */
export type HeaderRecord = Record<string, string | readonly string[] | null | undefined>;

/** Anything `extract` reads and `inject` writes. */
export type Carrier = Headers | Request | HeaderRecord;

/** Case-insensitive header access over any carrier. */
export interface HeaderAccess {
  /** All values of `name` (lowercase), comma-joined as `Headers.get` does. */
  get(name: string): string | undefined;
  /** Replaces `name`; a no-op if the carrier refuses (immutable or invalid value). */
  set(name: string, value: string): void;
  /**
   * The header names present, lowercase. Optional because `get` alone is
   * enough for fixed names; formats with name-prefixed headers (Jaeger's
   * `uberctx-{key}`) need to list them.
   */
  keys?(): Iterable<string>;
}

/**
 * Wraps a carrier for case-insensitive access.
 * @param carrier - `Headers`, a `Request`, or a plain record.
 * @returns the accessor.
 */
export function headerAccess(carrier: Carrier): HeaderAccess {
  // A Request's (or any Request-like's) `headers`; a record's values are never Headers.
  const headers = carrier instanceof Headers ? carrier : (carrier as Request).headers;
  return headers instanceof Headers
    ? new HeadersAccess(headers)
    : recordAccess(carrier as HeaderRecord);
}

/**
 * Access to `Headers` this code has just created empty: reads answer from
 * what was written through it, without asking the `Headers` (in workerd
 * and Node each `get` is a costly native or WebIDL call, and a fresh
 * outbound request would otherwise be asked for every trace header first).
 *
 * @param headers - `Headers` nobody else has written to yet.
 * @returns the accessor.
 */
export function freshHeadersAccess(headers: Headers): HeaderAccess {
  return new FreshHeadersAccess(headers);
}

/** A class rather than closures: one small object per request, on every request. */
class HeadersAccess implements HeaderAccess {
  readonly #headers: Headers;

  constructor(headers: Headers) {
    this.#headers = headers;
  }

  get(name: string): string | undefined {
    return this.#headers.get(name) ?? undefined;
  }

  /** Headers iterates sorted, lowercase, already-combined names. */
  keys(): Iterable<string> {
    return this.#headers.keys();
  }

  set(name: string, value: string): void {
    try {
      this.#headers.set(name, value);
    } catch {
      // Immutable headers (an incoming Request) or a value the runtime rejects.
    }
  }
}

function recordAccess(record: HeaderRecord): HeaderAccess {
  // Lowercase name → the record's keys of that name, built on first use.
  let index: Map<string, string[]> | undefined;
  const keysOf = (name: string): string[] => {
    if (!index) {
      index = new Map();
      for (const key of Object.keys(record)) {
        const lower = key.toLowerCase();
        const keys = index.get(lower);
        if (keys) keys.push(key);
        else index.set(lower, [key]);
      }
    }
    return index.get(name.toLowerCase()) ?? [];
  };
  return {
    get(name) {
      // A string[] value (API Gateway) is one level deep; anything not a string is skipped.
      const values = keysOf(name)
        .flatMap((key) => record[key])
        .filter((v) => typeof v === "string");
      return values.length === 0 ? undefined : values.join(", ");
    },
    set(name, value) {
      for (const key of keysOf(name)) delete record[key];
      record[name] = value;
      index!.set(name.toLowerCase(), [name]);
    },
    keys() {
      keysOf(""); // builds the index
      return index!.keys();
    },
  };
}

class FreshHeadersAccess implements HeaderAccess {
  readonly #headers: Headers;
  /** Lowercase name → value, for what was set successfully. */
  #written: Map<string, string> | undefined;

  constructor(headers: Headers) {
    this.#headers = headers;
  }

  get(name: string): string | undefined {
    return this.#written?.get(name.toLowerCase());
  }

  keys(): Iterable<string> {
    return this.#written?.keys() ?? [];
  }

  set(name: string, value: string): void {
    try {
      this.#headers.set(name, value);
    } catch {
      return; // a value the runtime rejects: nothing was written
    }
    this.#written ??= new Map();
    this.#written.set(name.toLowerCase(), value);
  }
}
