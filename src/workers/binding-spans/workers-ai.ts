/**
 * Workers AI: `env.AI.run(model, inputs, options)` as a client span named
 * after OpenTelemetry's generative AI conventions, with the model and,
 * where the result reports `usage`, its token counts. Prompts, messages
 * and outputs are never recorded. A streamed result ends its span when
 * the stream has been read or cancelled, or, unread, when the invocation's
 * flush runs.
 * @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/
 * @module
 */
import type { Attributes } from "../../trace/span-data.js";
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { method, optionOf } from "./attributes.js";
import { watchedStream } from "./body-span.js";
import { callSpan } from "./call-span.js";
import type { BodiesOf } from "./invocation-bodies.js";

/** `gen_ai.provider.name` of Workers AI (not a registered value). */
export const WORKERS_AI_PROVIDER = "cloudflare.workers_ai";

/**
 * @param ai - the Workers AI binding; not modified.
 * @param binding - its name in `env`.
 * @param trace - the trace each call belongs to.
 * @param bodies - the invocation a streamed result belongs to, ended at its flush if unread.
 * @returns a view whose `run` records a span.
 */
export function aiView<T extends object>(
  ai: T,
  binding: string,
  trace: TraceSource,
  bodies: BodiesOf,
): T {
  const run = method(ai, "run");
  const traced = (...args: unknown[]) =>
    callSpan(
      trace,
      () => {
        const model = typeof args[0] === "string" ? args[0] : undefined;
        const operation = operationOf(args[1]);
        return {
          name: model ? `${operation} ${model}` : operation,
          attributes: {
            "gen_ai.operation.name": operation,
            "gen_ai.provider.name": WORKERS_AI_PROVIDER,
            "gen_ai.request.model": model,
            "gen_ai.request.max_tokens": numberOf(args[1], "max_tokens"),
            "gen_ai.request.temperature": numberOf(args[1], "temperature"),
            "cloudflare.binding.type": "AI",
            "cloudflare.binding.name": binding,
          },
          result: usageOf,
          handOff: (span, value, parent) =>
            value instanceof ReadableStream
              ? (watchedStream(value, span, bodies.get(parent)) as typeof value)
              : undefined,
        };
      },
      () => run(...args),
    );
  return createView(ai, { run: () => traced });
}

/** Chat models take `messages`, text generation a `prompt`, embedding models `text`. */
function operationOf(inputs: unknown): string {
  if (typeof inputs !== "object" || inputs === null) return "run";
  if ("messages" in inputs) return "chat";
  if ("prompt" in inputs) return "text_completion";
  if ("text" in inputs) return "embeddings";
  return "run";
}

function numberOf(inputs: unknown, name: string): number | undefined {
  const value = optionOf(inputs, name);
  return typeof value === "number" ? value : undefined;
}

/** Token counts, where the model reports them (`usage: { prompt_tokens, completion_tokens }`). */
function usageOf(value: unknown): Attributes | undefined {
  if (typeof value !== "object" || value === null || !("usage" in value)) return undefined;
  const usage = (value as { usage: unknown }).usage;
  return {
    "gen_ai.usage.input_tokens": numberOf(usage, "prompt_tokens"),
    "gen_ai.usage.output_tokens": numberOf(usage, "completion_tokens"),
  };
}
