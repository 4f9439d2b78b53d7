/** edge-trace/hono on Bun: the fixture app served by `Bun.serve`, from dist/. */
import { describe } from "vitest";
import { useFixtureServer } from "../fetch/support/fixture-server.js";
import { runtimes } from "../fetch/support/runtime.js";
import { honoScenarios } from "./support/scenarios.js";

const fixture = useFixtureServer(runtimes.bun("test/hono/fixtures/bun-hono.ts"));

describe("edge-trace/hono on Bun", () => {
  honoScenarios(
    {
      url: () => fixture.server().url,
      echo: () => fixture.echo(),
      collector: () => fixture.collector(),
    },
    0x4000,
  );
});
