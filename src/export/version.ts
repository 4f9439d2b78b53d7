/**
 * Who we are on the wire: the `telemetry.sdk.*` resource attributes and the
 * instrumentation scope of every exported span.
 * @see https://opentelemetry.io/docs/specs/semconv/resource/#telemetry-sdk
 * @module
 */

/** The package version. `test/spans/version.test.ts` keeps it equal to package.json's. */
export const VERSION = "0.1.0";

/** `telemetry.sdk.name`, and the instrumentation scope name. */
export const SDK_NAME = "edge-trace";

/**
 * `telemetry.sdk.language`: `webjs` is the semconv value for JavaScript
 * outside Node.js, which is where this library is meant to run.
 */
export const SDK_LANGUAGE = "webjs";
