/**
 * runtimeEnv over the shapes of Deno's and Node's globals: never throws,
 * never asks Deno for a permission it was not given.
 */
import { describe, expect, it } from "vitest";
import { runtimeEnv } from "../../src/server/runtime-env.js";

function deno(state: string, toObject: () => Record<string, string>) {
  const asked: unknown[] = [];
  const Deno = {
    env: { toObject },
    permissions: {
      querySync(descriptor: unknown) {
        asked.push(descriptor);
        return { state };
      },
    },
  };
  return { globals: { Deno }, asked };
}

describe("runtimeEnv", () => {
  it("reads Deno.env when the env permission is granted", () => {
    const { globals, asked } = deno("granted", () => ({ OTEL_SERVICE_NAME: "api" }));
    expect(runtimeEnv(globals)).toEqual({ OTEL_SERVICE_NAME: "api" });
    expect(asked).toEqual([{ name: "env" }]);
  });

  it.each(["prompt", "denied"])("does not touch Deno.env when the permission is %s", (state) => {
    const { globals } = deno(state, () => {
      throw new Error("would prompt");
    });
    expect(runtimeEnv(globals)).toEqual({});
  });

  it("prefers Deno.env over Deno 2's process.env", () => {
    const { globals } = deno("granted", () => ({ FROM: "deno" }));
    expect(runtimeEnv({ ...globals, process: { env: { FROM: "process" } } })).toEqual({
      FROM: "deno",
    });
  });

  it("survives a Deno.env that throws (an older Deno without querySync)", () => {
    const Deno = {
      env: {
        toObject() {
          throw new Error("NotCapable");
        },
      },
    };
    expect(runtimeEnv({ Deno })).toEqual({});
  });

  it("copies process.env on Node and Bun, so later changes do not leak in", () => {
    const env: Record<string, string> = { A: "1" };
    const read = runtimeEnv({ process: { env } });
    env.A = "2";
    expect(read).toEqual({ A: "1" });
  });

  it("returns an empty record where there is no environment (workerd, browsers)", () => {
    expect(runtimeEnv({})).toEqual({});
  });
});
