import { describe, expect, test } from "vitest";
import { readEnvConfig } from "../../src/export/env-config.js";
import { createResource, UNKNOWN_SERVICE } from "../../src/export/resource.js";
import { VERSION } from "../../src/export/version.js";

const fromEnv = (env: Record<string, string>) => readEnvConfig(env, () => {});

describe("createResource", () => {
  test("defaults: unknown_service and the telemetry.sdk attributes", () => {
    expect(createResource({}, {})).toEqual({
      "service.name": UNKNOWN_SERVICE,
      "telemetry.sdk.name": "edge-trace",
      "telemetry.sdk.language": "webjs",
      "telemetry.sdk.version": VERSION,
    });
  });

  test("OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (decoded)", () => {
    const env = fromEnv({
      OTEL_SERVICE_NAME: "checkout",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod,team=pay%20ments,service.name=ignored",
    });
    expect(createResource({}, env)).toMatchObject({
      "service.name": "checkout",
      "deployment.environment": "prod",
      team: "pay ments",
    });
  });

  test("service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset", () => {
    const env = fromEnv({ OTEL_RESOURCE_ATTRIBUTES: "service.name=from-attrs" });
    expect(createResource({}, env)["service.name"]).toBe("from-attrs");
  });

  test("options win over env", () => {
    const env = fromEnv({ OTEL_SERVICE_NAME: "env-name", OTEL_RESOURCE_ATTRIBUTES: "team=env" });
    const resource = createResource(
      {
        serviceName: "opt-name",
        serviceVersion: "1.2.3",
        resourceAttributes: { team: "opt", n: 1 },
      },
      env,
    );
    expect(resource).toMatchObject({
      "service.name": "opt-name",
      "service.version": "1.2.3",
      team: "opt",
      n: 1,
    });
  });

  test("undefined option values are dropped, not encoded", () => {
    const resource = createResource({ resourceAttributes: { gone: undefined } }, {});
    expect("gone" in resource).toBe(false);
  });
});
