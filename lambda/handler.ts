/**
 * Example Lambda handler behind an HTTP API (payload format 2.0): it calls a
 * downstream service with `trace.fetch`, which injects `traceparent` and
 * `baggage`, and answers with the trace it saw and the baggage it received.
 *
 * `DOWNSTREAM_URL` names the service to call; without it, no call is made.
 * Try it locally with one of the events in `lambda/events/`.
 */
import { formatBaggage } from "../src/index.js";
import { type ApiGatewayProxyEventV2, type ProxyResult, withTrace } from "../src/lambda.js";
import { otlpLogs } from "../src/logs.js";
import { httpMetrics } from "../src/metrics.js";
import { otlp } from "../src/otlp.js";

export const handler = withTrace(
  async (event: ApiGatewayProxyEventV2, context, trace): Promise<ProxyResult> => {
    const received = Object.fromEntries(
      [...trace.baggage].map(([key, entry]) => [key, entry.value]),
    );
    // On the span too, so a trace view (such as `npm start`'s) shows what arrived.
    trace.setAttribute("demo.baggage", formatBaggage(trace.baggage));
    trace.setBaggage("handledBy", context.functionName);

    const url = process.env.DOWNSTREAM_URL;
    let downstream: { url: string; status: number; body: unknown } | undefined;
    if (url) {
      const response = await trace.fetch(url, { headers: { accept: "application/json" } });
      downstream = { url, status: response.status, body: await readBody(response) };
    }

    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        route: event.routeKey,
        traceId: trace.traceId,
        spanId: trace.spanId,
        parentSpanId: trace.parentSpanId ?? null,
        sampled: trace.sampled,
        baggage: received,
        downstream: downstream ?? null,
      }),
    };
  },
  {
    traceResponse: true,
    // All three signals; the caller's route is recorded, this function's own is not sent on.
    exporter: otlp({ logs: otlpLogs(), metrics: httpMetrics({ callerRoute: "record" }) }),
  },
);

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
