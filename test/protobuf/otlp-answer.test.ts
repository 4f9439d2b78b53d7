/**
 * Reading a collector's protobuf answer: bodies built with protobufjs from
 * the official schema (`Export…ServiceResponse`) and from google/rpc/status.proto's
 * `Status`, so the decoder is checked against an independent writer.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-response
 */
import fc from "fast-check";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { decodeAnswer } from "../../src/protobuf/otlp-answer-decode.js";
import { OTLP_PROTOBUF } from "../../src/protobuf/otlp-protobuf-codec.js";
import { RESPONSES } from "../support/otlp-schema.js";

const STATUS = new protobuf.Type("Status")
  .add(new protobuf.Field("code", 1, "int32"))
  .add(new protobuf.Field("message", 2, "string"))
  .add(new protobuf.Field("details", 3, "bytes", "repeated"));

const KEYS = { traces: "rejectedSpans", logs: "rejectedLogRecords", metrics: "rejectedDataPoints" };

describe("protobuf answers", () => {
  it("otlp #partial-success: every signal's rejected count and message", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("traces", "logs", "metrics" as const),
        fc.nat(),
        fc.string({ unit: "grapheme" }),
        (signal, rejected, message) => {
          const RESPONSE = RESPONSES[signal];
          const body = RESPONSE.encode(
            RESPONSE.fromObject({
              partialSuccess: { [KEYS[signal]]: rejected, errorMessage: message },
            }),
          ).finish();
          expect(decodeAnswer(body, true)).toEqual({ rejected, message });
        },
      ),
    );
  });

  it("otlp #full-success: an empty response says nothing", () => {
    expect(decodeAnswer(new Uint8Array(), true)).toEqual({ rejected: 0, message: "" });
  });

  it("otlp #failures: a google.rpc.Status's message, its details skipped", () => {
    const body = STATUS.encode(
      STATUS.fromObject({
        code: 3,
        message: "span too big: ✗",
        details: [new Uint8Array([1, 2, 3])],
      }),
    ).finish();
    expect(decodeAnswer(body, false)).toEqual({ rejected: 0, message: "span too big: ✗" });
  });

  it("a truncated or garbled body is read as saying nothing, never thrown", async () => {
    for (const bytes of [[0x0a, 0x05, 0x08], [0xff, 0xff], [0x0b]]) {
      const response = new Response(new Uint8Array(bytes), {
        headers: { "content-type": "application/x-protobuf" },
      });
      expect(await OTLP_PROTOBUF.read(response)).toEqual({ rejected: 0, message: "" });
    }
  });

  it("a proxy's plain-text error to a protobuf request is read as text", async () => {
    const response = new Response("upstream connect error", {
      status: 503,
      headers: { "content-type": "text/plain" },
    });
    expect(await OTLP_PROTOBUF.read(response)).toEqual({
      rejected: 0,
      message: "upstream connect error",
    });
  });
});
