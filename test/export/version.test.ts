import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { SDK_LANGUAGE, SDK_NAME, VERSION } from "../../src/export/version.js";

describe("version", () => {
  test("VERSION equals package.json's version, so telemetry.sdk.version never lies", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
  });

  test("SDK name is the package name and the language is webjs", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(SDK_NAME).toBe(pkg.name);
    expect(SDK_LANGUAGE).toBe("webjs");
  });
});
