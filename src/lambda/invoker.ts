/**
 * What the Lambda wrappers (`withTrace`, `withStreamingTrace`) share: the
 * extension registered while the module loads, the tracer resolved on the
 * first invocation, and one invocation's start, end and flush.
 * @module
 */
import { resolveTracer } from "../trace/resolve-tracer.js";
import type { Trace } from "../trace/trace.js";
import type { Tracer } from "../trace/tracer.js";
import { afterResponse } from "./after-response.js";
import { type LambdaContext, type LambdaEnv, processEnv } from "./context.js";
import {
  DEFAULT_FLUSH_BUDGET_MS,
  DEFAULT_FLUSH_MARGIN_MS,
  type FlushLimits,
  flushWithinBudget,
  remainingMs,
} from "./flush.js";
import {
  endInvocation,
  type InvocationSettings,
  type Outcome,
  startInvocation,
} from "./invocation.js";
import type { LambdaConfig, LambdaTraceOptions } from "./options.js";
import { connectionRefused } from "./refused.js";
import { DEFAULT_XRAY_MODE } from "./xray.js";

/** One invocation in progress. */
export interface InvocationRun<R> {
  /** The tracer the invocation runs under (the OpenTelemetry bridge rides on it). */
  readonly tracer: Tracer;
  readonly trace: Trace;
  /** Ends the span with the handler's outcome; returns the result to send. Never throws. */
  end(outcome: Outcome<R>): R | undefined;
  /**
   * Hands the spans to the extension (which flushes after the response)
   * when it runs, else flushes them within the budget. Never rejects.
   */
  flush(): Promise<void>;
  /** The time the invocation has left, minus the flush margin (ms). */
  remainingMs(): number;
}

/**
 * Call at module top level (Lambda's Init): registers the extension now.
 * @param options - the wrapper's options.
 * @returns a function starting one invocation.
 */
export function lambdaInvoker<E, C extends LambdaContext>(
  options: LambdaConfig<E>,
): <R>(event: E, context: C) => InvocationRun<R> {
  const env = processEnv();
  // Registered now, while the module is evaluated: Lambda accepts an
  // extension only during Init (see after-response.ts).
  const after = wantsExtension(options, env)
    ? afterResponse(env.AWS_LAMBDA_RUNTIME_API!)
    : undefined;
  let resolved: Resolved<E> | undefined;
  // Resolved on the first invocation, whose context names the function:
  // `service.name` falls back to it as OpenTelemetry's Lambda detector does.
  // No export timer: the process may be frozen between invocations, so
  // spans are flushed at the end of each one instead.
  const resolve = (context: C): Resolved<E> => {
    if (resolved) return resolved;
    const tracer = resolveTracer(options, env, {
      timer: false,
      giveUpOn: connectionRefused,
      serviceName: env.AWS_LAMBDA_FUNCTION_NAME || functionName(context),
    });
    resolved = { tracer, ...lambdaSettings(tracer.options as LambdaTraceOptions<E>) };
    return resolved;
  };

  return (event, context) => {
    const { tracer, settings, flush, extension } = resolve(context);
    const invocation = startInvocation(tracer, settings, event, context, processEnv());
    return {
      tracer,
      trace: invocation.trace,
      end: (outcome) => endInvocation(invocation, outcome, settings.traceResponse),
      async flush() {
        const sink = tracer.recorder?.sink;
        const afterwards = extension && after?.active() === true;
        // The extension waits for every invocation, even one it has nothing
        // to flush for (or one ended before it was registered).
        after?.ended(context.awsRequestId, { sink: afterwards ? sink : undefined, ...flush });
        if (sink && !afterwards) await flushWithinBudget(sink, context, flush);
      },
      remainingMs: () => remainingMs(context) - flush.marginMs,
    };
  };
}

interface Resolved<E> {
  readonly tracer: Tracer;
  readonly settings: InvocationSettings<E>;
  readonly flush: FlushLimits;
  /** Whether spans go to the extension, when it runs. */
  readonly extension: boolean;
}

/**
 * Registers only where it can help: in Lambda, with export possibly on (a
 * function of the environment may turn it on), and not turned off.
 */
function wantsExtension<E>(options: LambdaConfig<E>, env: LambdaEnv): boolean {
  if (!env.AWS_LAMBDA_RUNTIME_API) return false;
  return typeof options === "function" || (options.extension !== false && !!options.exporter);
}

function lambdaSettings<E>(options: LambdaTraceOptions<E>): Omit<Resolved<E>, "tracer"> {
  const { inbound = "trust", xray = DEFAULT_XRAY_MODE, sqs, traceResponse = false } = options;
  return {
    settings: { inbound, xray, perRecord: sqs?.parent === "parent", traceResponse },
    flush: {
      marginMs: options.flushMarginMs ?? DEFAULT_FLUSH_MARGIN_MS,
      budgetMs: options.flushBudgetMs ?? DEFAULT_FLUSH_BUDGET_MS,
    },
    extension: options.extension !== false,
  };
}

function functionName(context: LambdaContext): string | undefined {
  const name: unknown = context?.functionName;
  return typeof name === "string" && name !== "" ? name : undefined;
}
