/**
 * The class `withTraceClass` wraps: its own file, so that the wrapper and
 * the JS-RPC method finder both name it without importing each other.
 * @module
 */

/** A class whose instances the runtime creates: an entrypoint, a Durable Object. */
export type EntrypointClass = new (...args: never[]) => object;
