/**
 * A collector's protobuf answer, read with the few fields it has: on
 * success an `Export{Trace,Logs,Metrics}ServiceResponse`, whose
 * `partial_success` (1) holds the rejected count (1, int64) and
 * `error_message` (2) at the same numbers for all three signals; on an
 * error a `google.rpc.Status`, whose `message` is field 2. Unknown fields
 * are skipped by wire type; a malformed body throws (the caller reads
 * that as "nothing said").
 * @see https://opentelemetry.io/docs/specs/otlp/#full-success-1
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/status.proto
 * @module
 */
import type { OtlpAnswer } from "../export/otlp-encoding.js";

/** Calls `visit` with each field: its number and its value (a number, or the bytes of a length-delimited field). */
function readFields(bytes: Uint8Array, visit: (field: number, value: number | Uint8Array) => void) {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      if (pos >= bytes.length || shift > 2 ** 63) throw new RangeError("truncated varint");
      const byte = bytes[pos++]!;
      value += (byte & 0x7f) * shift;
      if (byte < 0x80) return value;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const wireType = key % 8;
    const field = Math.floor(key / 8);
    if (wireType === 0) visit(field, varint());
    else if (wireType === 2) {
      const length = varint();
      if (pos + length > bytes.length) throw new RangeError("truncated field");
      pos += length;
      visit(field, bytes.subarray(pos - length, pos));
    } else if (wireType === 1 || wireType === 5) pos += wireType === 1 ? 8 : 4;
    else throw new RangeError(`wire type ${wireType}`);
  }
  if (pos > bytes.length) throw new RangeError("truncated field");
}

/**
 * @param bytes - the response body.
 * @param ok - whether the status was 2xx (a service response) or not (a `google.rpc.Status`).
 * @returns the rejected count and message (0 and `""` when absent).
 * @example
 * decodeAnswer(new Uint8Array([0x0a, 0x02, 0x08, 0x03]), true); // { rejected: 3, message: "" }
 */
export function decodeAnswer(bytes: Uint8Array, ok: boolean): OtlpAnswer {
  let rejected = 0;
  let message = "";
  const text = (value: number | Uint8Array): string =>
    typeof value === "number" ? "" : new TextDecoder().decode(value);
  if (!ok) {
    readFields(bytes, (field, value) => {
      if (field === 2) message = text(value);
    });
    return { rejected, message };
  }
  readFields(bytes, (field, partial) => {
    if (field !== 1 || typeof partial === "number") return;
    readFields(partial, (inner, value) => {
      if (inner === 1 && typeof value === "number") rejected = value;
      if (inner === 2) message = text(value);
    });
  });
  return { rejected, message };
}
