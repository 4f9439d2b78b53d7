/**
 * A span's links, checked once when the span starts: a link whose context
 * is not a valid span context is dropped (a bad id would make the collector
 * reject the whole batch), each link's attributes checked like the span's.
 * @see https://opentelemetry.io/docs/specs/otel/trace/api/#link
 * @module
 */
import { isValidHexId } from "../core/hex.js";
import type { SpanLink } from "../trace/span-data.js";
import { type AttributeLimits, checkAttributes } from "./attribute-value.js";

/** The links a span keeps, and how many were not. */
export interface CheckedLinks {
  readonly links: readonly SpanLink[];
  /** Links not kept: invalid ones plus those over `linkCount`. */
  readonly dropped: number;
  /** Invalid links and invalid attribute values of kept links, for the diagnostics. */
  readonly invalid: number;
}

/**
 * @param given - the links user code (or the tracer) passed; anything but an array is none.
 * @param limits - the attribute limits and `linkCount`.
 * @returns the first `linkCount` valid links, with checked attributes.
 * @example
 * checkLinks([{ context: { traceId, spanId, traceFlags: 1 }, attributes: {} }], DEFAULT_SPAN_LIMITS).links.length; // 1
 */
export function checkLinks(
  given: readonly SpanLink[] | undefined,
  limits: AttributeLimits & { readonly linkCount: number },
): CheckedLinks {
  const links: SpanLink[] = [];
  let dropped = 0;
  let invalid = 0;
  if (!Array.isArray(given)) return { links, dropped, invalid };
  for (const link of given as readonly unknown[]) {
    const context = validContext(link);
    if (!context) {
      dropped++;
      invalid++;
    } else if (links.length >= limits.linkCount) dropped++;
    else {
      const checked = checkAttributes((link as SpanLink).attributes, limits);
      invalid += checked.invalid;
      links.push(
        checked.dropped
          ? { context, attributes: checked.attributes, droppedAttributesCount: checked.dropped }
          : { context, attributes: checked.attributes },
      );
    }
  }
  return { links, dropped, invalid };
}

/** The link's context when its ids and flags are valid, else `undefined`. */
function validContext(link: unknown): SpanLink["context"] | undefined {
  try {
    const context = (link as SpanLink | undefined)?.context;
    if (
      !context ||
      !isValidHexId(context.traceId, 32) ||
      !isValidHexId(context.spanId, 16) ||
      !Number.isInteger(context.traceFlags)
    ) {
      return undefined;
    }
    const { traceId, spanId, traceFlags, traceState, isRemote } = context;
    return {
      traceId,
      spanId,
      traceFlags,
      traceState: typeof traceState === "string" ? traceState : undefined,
      isRemote: typeof isRemote === "boolean" ? isRemote : undefined,
    };
  } catch {
    return undefined;
  }
}
