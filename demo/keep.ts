/**
 * `npm start -- --keep`: the services stay up; each new trace that arrives
 * is printed and written as HTML.
 */
import { randomHex, writeHtmlFile } from "./files.js";
import type { Receiver } from "./receiver.js";
import { formatTrace, painter, type Style } from "./report.js";
import type { Stack } from "./stack.js";
import { waitForTrace } from "./trace-wait.js";

/**
 * `--keep`: prints the URLs, then each new trace as it arrives, until Ctrl-C.
 * @param receiver - the receiver the services export to.
 * @param stack - the running services.
 * @param demoTraceId - the trace already printed.
 * @param outDir - where HTML files go.
 * @param style - colour and width.
 * @param stopRequested - resolves on Ctrl-C or SIGTERM.
 */
export async function keepServing(
  receiver: Receiver,
  stack: Stack,
  demoTraceId: string,
  outDir: string,
  style: Style,
  stopRequested: Promise<void>,
): Promise<void> {
  const p = painter(style);
  const out = (text = ""): boolean => process.stdout.write(`${text}\n`);
  out();
  out(p.bold("Services are up. Send requests, for example:"));
  out(
    `  curl -H 'traceparent: 00-${randomHex(16)}-${randomHex(8)}-01' -H 'baggage: plan=free' '${stack.frontendUrl}/?user=bob&sku=7'`,
  );
  out(p.dim("Each new trace is printed as it arrives. Ctrl-C stops everything."));
  const seen = new Set([demoTraceId]);
  receiver.onSpans((traceId) => {
    if (seen.has(traceId)) return;
    seen.add(traceId);
    void waitForTrace(receiver, traceId, { timeoutMs: 10_000, quietMs: 700 }).then(({ spans }) => {
      out();
      out(formatTrace(spans, style));
      out(`HTML waterfall: ${writeHtmlFile(outDir, spans, traceId)}`);
    });
  });
  await stopRequested;
  out();
}
