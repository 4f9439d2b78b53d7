/**
 * edge-trace/fetch in the real Bun binary: `Bun.serve({ fetch: withTrace(...) })`.
 */
import { describe, expect, it } from "vitest";
import { parseTraceparent } from "../../src/core/w3c/traceparent.js";
import { useFixtureServer } from "./support/fixture-server.js";
import { runtimes } from "./support/runtime.js";
import { fetchHandlerScenarios, inbound } from "./support/scenarios.js";

const fixture = useFixtureServer(runtimes.bun("test/fetch/fixtures/bun-server.ts"));

describe("edge-trace/fetch on Bun", () => {
  fetchHandlerScenarios({
    server: () => fixture.server(),
    echo: () => fixture.echo(),
    collector: () => fixture.collector(),
  });

  it("calls the handler with Bun's server as `this` and as the second argument", async () => {
    const seen = (await (await fetch(`${fixture.server().url}/seen`)).json()) as Record<
      string,
      unknown
    >;
    expect(seen).toMatchObject({
      thisIsServer: true,
      argIsServer: true,
      remoteIp: "127.0.0.1",
      extraArgs: 0,
    });
  });

  it("keeps 200 interleaved requests apart: each outbound call carries its own trace", async () => {
    const requests = Array.from({ length: 200 }, (_, i) => ({
      id: `c${i}`,
      ...inbound(0x2000 + i),
    }));
    const answers = await Promise.all(
      requests.map(async ({ id, header }) => {
        const response = await fetch(`${fixture.server().url}/concurrent?id=${id}`, {
          headers: { traceparent: header },
        });
        return ((await response.json()) as { traceId: string }).traceId;
      }),
    );
    expect(answers).toEqual(requests.map((r) => r.traceId));

    const parents = new Set<string>();
    for (const { id, traceId, spanId } of requests) {
      const calls = fixture.echo().calls.filter((call) => call.url.searchParams.get("id") === id);
      expect(calls.map((call) => call.url.searchParams.get("n")).sort()).toEqual(["1", "2"]);
      for (const call of calls) {
        const sent = parseTraceparent(call.headers.traceparent);
        expect(sent?.traceId).toBe(traceId);
        expect(sent?.spanId).not.toBe(spanId);
        parents.add(sent?.spanId ?? "");
      }
    }
    // Every call was its own client span.
    expect(parents.size).toBe(400);
  });
});
