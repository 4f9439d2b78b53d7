import { describe, expect, it } from "vitest";
import {
  clientRequestAttributes,
  serverRequestAttributes,
} from "../../src/export/http-attributes.js";

describe("HTTP semantic conventions: url.full and url.query redaction", () => {
  it("semconv url.full: credentials are replaced by REDACTED", () => {
    const attrs = clientRequestAttributes(new URL("https://user:pw@api.test/a?x=1"), "GET");
    expect(attrs["url.full"]).toBe("https://REDACTED:REDACTED@api.test/a?x=1");
  });

  it("semconv url.query: signed-URL keys are redacted, other values kept", () => {
    const url = new URL(
      "https://bucket.test/o?AWSAccessKeyId=AKIA&Signature=abc&sig=s&X-Goog-Signature=g&keep=1",
    );
    expect(clientRequestAttributes(url, "GET")["url.full"]).toBe(
      "https://bucket.test/o?AWSAccessKeyId=REDACTED&Signature=REDACTED&sig=REDACTED&X-Goog-Signature=REDACTED&keep=1",
    );
    expect(serverRequestAttributes(url, "GET")["url.query"]).toBe(
      "AWSAccessKeyId=REDACTED&Signature=REDACTED&sig=REDACTED&X-Goog-Signature=REDACTED&keep=1",
    );
  });

  it("leaves ordinary URLs untouched", () => {
    const url = new URL("https://api.test/a?signature_like=1&mysig=2");
    expect(clientRequestAttributes(url, "GET")["url.full"]).toBe(url.href);
  });

  it("semconv http.request.method: unknown methods become _OTHER", () => {
    const attrs = clientRequestAttributes(new URL("https://api.test/"), "PURGE");
    expect(attrs["http.request.method"]).toBe("_OTHER");
    expect(attrs["http.request.method_original"]).toBe("PURGE");
  });
});
