/**
 * The resource: who produced the spans (`service.name`, the SDK, and
 * whatever `OTEL_RESOURCE_ATTRIBUTES` adds).
 * @see https://opentelemetry.io/docs/specs/otel/resource/sdk/
 * @module
 */
import type { Attributes } from "../trace/span-data.js";
import { isAttributeValue, newAttributes } from "./attribute-value.js";
import type { Report } from "./diagnostics.js";
import { SDK_LANGUAGE, SDK_NAME, VERSION } from "./version.js";

/** The resource options every exporter takes. */
export interface ResourceOptions {
  /** `service.name`; wins over `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly serviceName?: string | undefined;
  /** `service.version`. */
  readonly serviceVersion?: string | undefined;
  /** More resource attributes; win over `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly resourceAttributes?: Attributes | undefined;
}

/** What the environment contributes. */
export interface ResourceEnv {
  readonly serviceName?: string | undefined;
  readonly resourceAttributes?: Readonly<Record<string, string>> | undefined;
}

/** The `service.name` of a service that did not say: the specification's fallback. */
export const UNKNOWN_SERVICE = "unknown_service";

/**
 * Builds the resource, later sources winning: the SDK's attributes,
 * `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_SERVICE_NAME`, `options.resourceAttributes`,
 * `options.serviceName` and `options.serviceVersion`. `undefined` values are
 * dropped; a value that is not an attribute value (`null`, an object) is
 * dropped and reported as `invalid-config`, so it can never reach the encoder.
 *
 * @param options - the user's options.
 * @param env - what `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` said.
 * @param fallbackName - `service.name` when nothing names the service (Lambda: the function).
 * @param report - where an invalid value is reported.
 * @returns the resource attributes, in a bag without prototype.
 * @example
 * createResource({ serviceName: "checkout" }, {})["service.name"]; // "checkout"
 */
export function createResource(
  options: ResourceOptions,
  env: ResourceEnv,
  fallbackName: string = UNKNOWN_SERVICE,
  report?: Report,
): Attributes {
  const merged = newAttributes();
  for (const [key, value] of [
    ["service.name", fallbackName],
    ["telemetry.sdk.name", SDK_NAME],
    ["telemetry.sdk.language", SDK_LANGUAGE],
    ["telemetry.sdk.version", VERSION],
    ...Object.entries(env.resourceAttributes ?? {}),
    ["service.name", env.serviceName],
    ...Object.entries(options.resourceAttributes ?? {}),
    ["service.name", options.serviceName],
    ["service.version", options.serviceVersion],
  ] as const) {
    if (isAttributeValue(value)) merged[key] = value;
    else if (value !== undefined) {
      report?.({
        type: "invalid-config",
        key: `resourceAttributes.${key}`,
        message: "ignored",
      });
    }
  }
  return merged;
}
