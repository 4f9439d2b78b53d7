/** edge-trace/hono on Deno: the fixture app served by `Deno.serve`, from dist/. */
import { describe } from "vitest";
import { useFixtureServer } from "../fetch/support/fixture-server.js";
import { runtimes } from "../fetch/support/runtime.js";
import { honoScenarios } from "./support/scenarios.js";

const fixture = useFixtureServer(runtimes.deno("test/hono/fixtures/deno-hono.ts"));

describe("edge-trace/hono on Deno", () => {
  honoScenarios(
    {
      url: () => fixture.server().url,
      echo: () => fixture.echo(),
      collector: () => fixture.collector(),
    },
    0x3000,
  );
});
