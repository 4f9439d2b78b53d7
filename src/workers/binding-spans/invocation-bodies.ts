/**
 * The bodies an invocation's binding calls returned (an R2 object from
 * `get`, a streamed Workers AI result), until the invocation's flush. A
 * body's span ends when the body has been read or cancelled; a body
 * nothing reads would leave it open, and an open span is never exported.
 * So the flush, once the handler returned and the `waitUntil` work it
 * tracks settled, runs {@link InvocationBodies.close}: it lets the runtime
 * start sending a body the handler returned, ends the span of each body
 * nothing reads (marked {@link UNREAD_BODY}), and waits for the bodies
 * still being read (piped into the response, a reader in progress), so
 * their spans go out with this flush.
 * @module
 */
import type { Trace } from "../../trace/trace.js";

/** On the span of a body that nothing was reading when the invocation's flush ran: `true`. */
export const UNREAD_BODY = "edge_trace.body.unread";

/**
 * How long the flush waits for bodies still being read. A body piped into
 * the response ends once it has been sent, but one whose reader was left
 * half-way never ends: it must not keep the invocation's other spans from
 * going out. The runtime gives `waitUntil` work 30 s after the response,
 * and the export takes up to 10 s of them. A body still read after this
 * ends its span when it ends, and goes out with a later flush.
 */
export const BODY_HOLD_MS = 20_000;

/**
 * How often the flush looks whether the bodies being read have ended: a
 * span ends with its body whichever way that is read (a stream read to
 * its end or cancelled, `text()` settled), and looking is simpler than
 * hearing from each way. It adds at most this to the flush.
 */
export const BODY_POLL_MS = 20;

/** One result with a body, from the call until the invocation's flush. */
export interface OpenBody {
  /** The call's span, which the body ends. */
  readonly span: Trace;
  /** Whether something reads the body now: its stream is locked, or a reader method runs. */
  reading(): boolean;
}

/** The open bodies of one invocation. */
export interface InvocationBodies {
  /**
   * Adds a body. Once the invocation's flush has run, a body added (by
   * work that outlived it) ends its span only when read or cancelled.
   */
  add(body: OpenBody): void;
  /** The flush's `idle` step: ends what is unread, waits for what is read. */
  readonly close: () => Promise<unknown>;
}

/** The bodies of each recording invocation, by its trace (a binding call's parent). */
export type BodiesOf = Pick<WeakMap<Trace, InvocationBodies>, "get">;

/** @returns the registry of a new invocation's bodies. */
export function invocationBodies(): InvocationBodies {
  let open: OpenBody[] | undefined = [];
  return {
    add(body) {
      open?.push(body);
    },
    async close() {
      const bodies = open ?? [];
      open = undefined;
      // One task first: the runtime locks a body the handler returned
      // (`new Response(object.body)`) when it starts sending it, after the handler's promise settled.
      await sleep(0);
      // A span no longer recording has ended (read, cancelled or failed); of the others,
      // those nothing reads end now, and the flush waits for the rest.
      const unended = bodies.filter((body) => body.span.isRecording);
      for (const body of unended)
        if (!body.reading()) body.span.setAttribute(UNREAD_BODY, true).end();
      const anyOpen = () => unended.some((body) => body.span.isRecording);
      for (let waited = 0; waited < BODY_HOLD_MS && anyOpen(); waited += BODY_POLL_MS) {
        await sleep(BODY_POLL_MS);
      }
    },
  };
}

function sleep(ms: number): Promise<unknown> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
