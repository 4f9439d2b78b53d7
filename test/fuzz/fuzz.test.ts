/**
 * Fuzzes the W3C parsers: traceparent, tracestate, baggage (see ./runner.ts
 * for `npm test` versus `npm run fuzz`).
 */
import { baggageTarget, traceparentTarget, tracestateTarget } from "./properties-w3c.js";
import { describeFuzz } from "./runner.js";

describeFuzz(
  [traceparentTarget, tracestateTarget, baggageTarget],
  ["traceparent", "tracestate", "baggage"],
);
