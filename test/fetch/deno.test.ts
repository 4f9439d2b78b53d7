/**
 * edge-trace/fetch in the real Deno binary: `Deno.serve(withTrace(...))`.
 */
import { describe, expect, it } from "vitest";
import { useFixtureServer } from "./support/fixture-server.js";
import { runtimes } from "./support/runtime.js";
import { fetchHandlerScenarios } from "./support/scenarios.js";

const fixture = useFixtureServer(runtimes.deno("test/fetch/fixtures/deno-server.ts"));

describe("edge-trace/fetch on Deno", () => {
  fetchHandlerScenarios({
    server: () => fixture.server(),
    echo: () => fixture.echo(),
    collector: () => fixture.collector(),
  });

  it("passes Deno's info argument through, and nothing else", async () => {
    const seen = (await (await fetch(`${fixture.server().url}/seen`)).json()) as {
      remoteAddr: { transport: string; hostname: string; port: number };
      extraArgs: number;
    };
    expect(seen.remoteAddr).toMatchObject({ transport: "tcp", hostname: "127.0.0.1" });
    expect(seen.remoteAddr.port).toBeGreaterThan(0);
    expect(seen.extraArgs).toBe(0);
  });
});
