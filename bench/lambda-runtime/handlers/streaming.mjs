// A response-streaming handler as the docs show it: withStreamingTrace inside
// awslambda.streamifyResponse. It writes, returns, and ends the stream 150 ms later.
import { withStreamingTrace } from "edge-trace/lambda";
import { otlp } from "edge-trace/otlp";

export const handler = awslambda.streamifyResponse(
  withStreamingTrace(
    async (event, responseStream) => {
      const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200 });
      stream.write("first ");
      setTimeout(() => stream.end(`last ${event.n}`), 150);
    },
    { exporter: otlp() },
  ),
);
