/**
 * Fuzzes the vendor formats' parsers: B3, AWS X-Ray, Jaeger (see
 * ./runner.ts for `npm test` versus `npm run fuzz`). A file of its own so
 * vitest runs it beside the W3C one, on another core.
 */
import { b3Target, jaegerTarget, xrayTarget } from "./properties-vendors.js";
import { describeFuzz } from "./runner.js";

describeFuzz([b3Target, xrayTarget, jaegerTarget], ["b3", "x-ray", "jaeger"]);
