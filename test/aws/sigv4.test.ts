/**
 * awsSigV4 against AWS's own signer (@smithy/signature-v4 with
 * @aws-crypto/sha256-js): the same request, signed at the same instant with
 * the same credentials, must carry a byte-identical Authorization header.
 * Requests are generated: methods, paths needing encoding (spaces, unicode,
 * reserved characters, `.` and `..` segments, doubled slashes), query
 * strings (repeated and empty names and values), header names in any case
 * and values with runs of whitespace, empty, text and gzip bodies, with and
 * without a session token, at instants on either side of midnight UTC.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsSigV4 } from "../../src/aws.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const pathChar = fc.constantFrom(..."abcXYZ019-_.~ !$&'()*+,;=:@%é中😀".split(""), "..", ".");
const segment = fc.array(pathChar, { maxLength: 6 }).map((chars) => chars.join(""));
const path = fc.array(segment, { maxLength: 5 }).map((segments) => `/${segments.join("/")}`);
const queryText = fc.string({
  unit: fc.constantFrom(..."aZ09-_.~ +&=%/?é中!*'".split("")),
  maxLength: 6,
});
const query = fc.array(fc.tuple(queryText, queryText), { maxLength: 5 });
const headerName = fc
  .stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,10}$/)
  .filter(
    (name) =>
      ![
        "host",
        "authorization",
        "x-amz-date",
        "x-amz-content-sha256",
        "x-amz-security-token",
        "content-length",
      ].includes(name.toLowerCase()),
  );
const headerValue = fc
  .string({ unit: fc.constantFrom(..."ab Z09\t,;=/ ".split("")), maxLength: 12 })
  .map((value) => value.trim())
  .filter((value) => value !== "");
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 });
const body = fc.oneof(
  fc.constant<"empty">("empty"),
  fc.string({ maxLength: 200 }).map((text) => ({ text })),
  fc.string({ maxLength: 200 }).map((text) => ({ gzip: text })),
);
const midnight = Date.UTC(2026, 11, 7);
const instant = fc.oneof(
  fc.integer({ min: midnight - 2_000, max: midnight + 2_000 }),
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
);
const credentials = fc.record({
  accessKeyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/),
  secretAccessKey: fc.stringMatching(/^[A-Za-z0-9/+]{40}$/),
  sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9/+=]{20,80}$/), { nil: undefined }),
});

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("awsSigV4 matches @smithy/signature-v4", () => {
  it("byte-identical Authorization headers over generated requests", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
        path,
        query,
        headers,
        body,
        instant,
        credentials,
        fc.constantFrom("xray", "logs"),
        fc.constantFrom("us-east-1", "eu-west-3", "ap-southeast-2"),
        async (method, rawPath, pairs, headerList, payload, now, creds, service, region) => {
          const url = new URL(`https://${service}.${region}.amazonaws.com`);
          url.pathname = rawPath;
          const search = new URLSearchParams(pairs);
          url.search = search.toString();
          const init = new Headers();
          for (const [name, value] of headerList) init.append(name, value);
          let bytes: Uint8Array<ArrayBuffer> | string | undefined;
          if (method !== "GET" && payload !== "empty") {
            bytes = "text" in payload ? payload.text : await gzip(payload.gzip);
            if ("gzip" in payload) init.set("content-encoding", "gzip");
          }
          const request = new Request(url, { method, headers: init, body: bytes });

          const ours = await awsSigV4({ service, region, credentials: creds, clock: () => now })(
            request,
          );

          const smithy = new SignatureV4({
            service,
            region,
            credentials: creds,
            sha256: Sha256,
            applyChecksum: false,
          });
          const smithyQuery: Record<string, string | string[]> = {};
          for (const [name, value] of url.searchParams) {
            const seen = smithyQuery[name];
            smithyQuery[name] = seen === undefined ? value : [...[seen].flat(), value];
          }
          const smithyHeaders: Record<string, string> = { host: url.host };
          for (const [name, value] of request.headers) smithyHeaders[name] = value;
          const theirs = await smithy.sign(
            {
              method,
              protocol: "https:",
              hostname: url.hostname,
              path: url.pathname,
              query: smithyQuery,
              headers: smithyHeaders,
              body: typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes,
            },
            { signingDate: new Date(now) },
          );
          expect(ours.headers.get("authorization")).toBe(theirs.headers.authorization);
          expect(ours.headers.get("x-amz-date")).toBe(theirs.headers["x-amz-date"]);
          expect(ours.headers.get("x-amz-security-token")).toBe(
            theirs.headers["x-amz-security-token"] ?? null,
          );
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe("awsSigV4", () => {
  const signer = (env: Record<string, string>) =>
    awsSigV4({ service: "xray", env, clock: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
  const request = () =>
    // Not an AWS host: the region comes from the env (or the option).
    new Request("https://otlp.example.com/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"resourceSpans":[]}',
    });

  it("reads region and credentials from the env it is given, at call time", async () => {
    const env: Record<string, string> = {
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "s",
    };
    const sign = signer(env);
    env.AWS_SESSION_TOKEN = "token-from-lambda";
    const signed = await sign(request());
    expect(signed.headers.get("authorization")).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/eu-west-1\/xray\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.headers.get("x-amz-security-token")).toBe("token-from-lambda");
    expect(signed.headers.get("x-amz-date")).toBe("20260102T030405Z");
  });

  it("keeps the body, method and URL of the request", async () => {
    const env = { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "s" };
    const signed = await signer(env)(request());
    expect(signed.method).toBe("POST");
    expect(signed.url).toBe("https://otlp.example.com/v1/traces");
    expect(await signed.text()).toBe('{"resourceSpans":[]}');
  });

  it("rejects with a clear message when there are no credentials or no region", async () => {
    await expect(signer({ AWS_REGION: "us-east-1" })(request())).rejects.toThrow(/credentials/);
    await expect(
      signer({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "s" })(request()),
    ).rejects.toThrow(/region/);
  });

  it("takes credentials from a function, called for each request", async () => {
    let calls = 0;
    const sign = awsSigV4({
      service: "logs",
      region: "us-east-1",
      env: {},
      credentials: async () => ({ accessKeyId: `KEY${++calls}`, secretAccessKey: "s" }),
    });
    await sign(request());
    const second = await sign(request());
    expect(second.headers.get("authorization")).toContain("Credential=KEY2/");
  });
});

describe("awsSigV4 on CloudWatch's OTLP endpoints", () => {
  const env = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "s",
  };
  it("takes the service and region from the host, so one signer serves traces and logs", async () => {
    const sign = awsSigV4({ env, clock: () => Date.UTC(2026, 0, 2) });
    const traces = await sign(new Request("https://xray.eu-west-1.amazonaws.com/v1/traces"));
    const logs = await sign(
      new Request("https://logs.ap-southeast-2.amazonaws.com/v1/logs", {
        method: "POST",
        headers: { "x-aws-log-group": "/aws/lambda/orders", "x-aws-log-stream": "otlp" },
        body: "{}",
      }),
    );
    expect(traces.headers.get("authorization")).toContain("/20260102/eu-west-1/xray/aws4_request,");
    expect(logs.headers.get("authorization")).toContain(
      "/20260102/ap-southeast-2/logs/aws4_request,",
    );
    // The log group and stream headers CloudWatch Logs requires are signed too.
    expect(logs.headers.get("authorization")).toContain(
      "SignedHeaders=content-type;host;x-amz-date;x-aws-log-group;x-aws-log-stream,",
    );
  });

  it("falls back to AWS_REGION for other hosts, and needs a service there", async () => {
    const collector = new Request("https://otel.example.com/v1/traces");
    await expect(awsSigV4({ env })(collector)).rejects.toThrow(/service/);
    const signed = await awsSigV4({ env, service: "xray" })(collector);
    expect(signed.headers.get("authorization")).toContain("/us-east-1/xray/aws4_request,");
  });
});
