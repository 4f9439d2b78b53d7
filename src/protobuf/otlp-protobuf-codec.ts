/**
 * OTLP/HTTP protobuf as an encoding the exporters take: requests encoded
 * from the OTLP/JSON object model, answers decoded when the collector
 * answers in protobuf (a proxy's plain-text error is read as text).
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-response
 * @module
 */
import type { OtlpEncoding } from "../export/otlp-encoding.js";
import { otlpAnswer } from "../export/otlp-request.js";
import { decodeAnswer } from "./otlp-answer-decode.js";
import { encodeOtlpProtobuf } from "./otlp-encode.js";

/** `application/x-protobuf` bodies and answers. */
export const OTLP_PROTOBUF: OtlpEncoding = {
  contentType: "application/x-protobuf",
  encode: encodeOtlpProtobuf,
  async read(response) {
    if (!/protobuf/i.test(response.headers.get("content-type") ?? "")) {
      return otlpAnswer(response, undefined);
    }
    try {
      return decodeAnswer(new Uint8Array(await response.arrayBuffer()), response.ok);
    } catch {
      // Unreadable or malformed: the status is what matters.
      return { rejected: 0, message: "" };
    }
  },
};
