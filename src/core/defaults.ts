/**
 * The default propagators: W3C Trace Context and W3C Baggage.
 * @module
 */

import type { Propagator } from "./propagator.js";
import { w3cBaggage } from "./w3c/baggage-propagator.js";
import { w3cTraceContext } from "./w3c/w3c.js";

/** W3C `traceparent`/`tracestate` then W3C `baggage`. */
export const DEFAULT_PROPAGATORS: readonly Propagator[] = [w3cTraceContext, w3cBaggage];
