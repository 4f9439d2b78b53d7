/**
 * The load test's local upstream and OTLP sink, run as its own Node process
 * so that it does not share a thread with the load generator. On 127.0.0.1:
 * `POST /v1/traces` (and `/v1/logs`, `/v1/metrics`) answers 200 `{}` as soon as the body is read (a
 * collector that keeps up, whatever it is sent); `GET /__stats` returns the
 * counters and `POST /__reset` zeroes them; anything else is the upstream,
 * answering 200 "ok". Prints `LISTENING <port>` once bound.
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { emptyStats, type UpstreamStats } from "./upstream-stats.js";

let stats: UpstreamStats = emptyStats();

const server = createServer((request, response) => {
  const url = request.url ?? "/";
  if (request.method === "POST" && /^\/v1\/(traces|logs|metrics)/.test(url)) {
    let bytes = 0;
    request.on("data", (chunk: Buffer) => {
      bytes += chunk.byteLength;
    });
    request.on("end", () => {
      stats.exports++;
      stats.exportBytes += bytes;
      response.writeHead(200, { "content-type": "application/json", "content-length": "2" });
      response.end("{}");
    });
    return;
  }
  if (url === "/__stats") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(stats));
    return;
  }
  if (url === "/__reset") {
    stats = emptyStats();
    response.writeHead(204);
    response.end();
    return;
  }
  request.resume();
  stats.upstream++;
  if (request.headers.traceparent !== undefined) stats.traced++;
  response.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
  response.end("ok");
});
// Longer than any pause between runs, so pooled connections are reused, as in production.
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
});
process.on("disconnect", () => process.exit(0));
