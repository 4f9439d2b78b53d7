/**
 * The Cache API as `trace.caches` gives it, written structurally: the
 * runtimes' own `Cache` types are assignable both ways, so the `Trace`
 * type needs no DOM or Workers library.
 * @module
 */

/** A cache of the Cache API, as `trace.caches` gives it. */
export interface TraceCache {
  match(
    request: RequestInfo | URL,
    options?: { ignoreMethod?: boolean },
  ): Promise<Response | undefined>;
  put(request: RequestInfo | URL, response: Response): Promise<void>;
  delete(request: RequestInfo | URL, options?: { ignoreMethod?: boolean }): Promise<boolean>;
}

/** The Cache API's storage: Workers' `caches`, whose `default` cache exists only there. */
export interface TraceCacheStorage {
  readonly default: TraceCache;
  open(cacheName: string): Promise<TraceCache>;
}
