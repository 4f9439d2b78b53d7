/**
 * The `email` trigger, with `bindings: bindingSpans()`: a server span for
 * each message, continuing the context its headers carry where present
 * (a `traceparent` the sending system set), with the same `env` view and
 * flush in `waitUntil` as the other triggers; `traceOf(message)` returns
 * its trace. The sender, the subject and the body are never recorded.
 * @see https://developers.cloudflare.com/email-routing/email-workers/runtime-api/
 * @module
 */

import { readCarrier } from "../../core/composite-propagator.js";
import { applyInbound } from "../../core/inbound.js";
import { bindTrace } from "../../trace/trace-of.js";
import { PLATFORM_ATTRIBUTES } from "../attributes.js";
import { trackWaitUntil } from "../ctx.js";
import { envView } from "../env-proxy.js";
import { invoke } from "../invoke.js";
import type { ResolvedWorkers } from "../options.js";
import type { ExecutionContextLike } from "../platform.js";
import type { EmailHandler } from "./contract.js";

/** The user's `email` handler, bound to its object. */

const NO_INBOUND = { links: [], baggage: new Map() } as const;

/**
 * @param resolved - the handler's tracer and options.
 * @param handler - the user's `email`.
 * @param message - the runtime's `ForwardableEmailMessage`; handed over unchanged.
 * @param env - the runtime's `env`; the handler gets the view.
 * @param ctx - the runtime's `ctx`.
 * @returns what the handler returned; a throw is recorded and re-thrown unchanged.
 */
export function traceEmail(
  resolved: ResolvedWorkers,
  handler: EmailHandler,
  message: unknown,
  env: unknown,
  ctx: ExecutionContextLike,
): Promise<unknown> {
  const options = resolved.options;
  const { headers, to, rawSize } = (message ?? {}) as Record<string, unknown>;
  const found = headers instanceof Headers ? readCarrier(resolved.propagators, headers) : undefined;
  // Mail comes from outside: a per-request predicate cannot judge it, so only "trust" continues it.
  const policy = (options.inbound ?? "trust") === "trust" ? "trust" : "ignore";
  const trace = resolved.startTrace({
    name: "email",
    kind: "server",
    inbound: found ? applyInbound(found, policy, undefined) : NO_INBOUND,
    attributes: {
      "faas.trigger": "other",
      ...PLATFORM_ATTRIBUTES,
      "cloudflare.email.to": typeof to === "string" ? to : undefined,
      "cloudflare.email.size": typeof rawSize === "number" ? rawSize : undefined,
    },
  });
  if (typeof message === "object" && message !== null) bindTrace(message, trace);
  const recorder = resolved.recorder;
  const tracked = recorder ? trackWaitUntil(ctx, recorder) : undefined;
  const bindings = options.bindings?.start(ctx, trace, tracked);
  const view =
    typeof env === "object" && env !== null
      ? envView(env, () => trace, options.queues, bindings)
      : env;
  const run = () => handler(message, view, tracked?.ctx ?? ctx);
  // The bindings' flush ends the bodies the handler left unread first.
  return invoke(resolved, bindings ?? tracked, trace, async () =>
    recorder ? recorder.record.runInSpan(trace, run) : run(),
  );
}
