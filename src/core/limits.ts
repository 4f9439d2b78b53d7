/**
 * Spec limits, named and linked in one place.
 * @module
 */

/** https://www.w3.org/TR/trace-context-2/#tracestate-header-field-values */
export const TRACESTATE_MAX_MEMBERS = 32;
/** https://w3c.github.io/trace-context/#key */
export const TRACESTATE_MAX_KEY_LENGTH = 256;
/** https://w3c.github.io/trace-context/#value */
export const TRACESTATE_MAX_VALUE_LENGTH = 256;
/** https://www.w3.org/TR/trace-context-2/#tracestate-limits: entries longer than this go first. */
export const TRACESTATE_LARGE_MEMBER = 128;
/** https://www.w3.org/TR/trace-context-2/#tracestate-limits: propagate at least 512 chars. */
export const TRACESTATE_DEFAULT_MAX_LENGTH = 512;

/** https://www.w3.org/TR/baggage/#limits: at least 64 list-members must be propagated. */
export const BAGGAGE_MAX_MEMBERS = 64;
/** https://www.w3.org/TR/baggage/#limits: at least 8192 bytes must be propagated. */
export const BAGGAGE_MAX_BYTES = 8192;

/** https://www.w3.org/TR/trace-context-2/#traceparent-header-field-values */
export const TRACEPARENT_V00_LENGTH = 55;
