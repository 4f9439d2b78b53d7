/**
 * OTLP/HTTP protobuf bodies from the OTLP/JSON object model: the request
 * objects `encodeTraceRequest`, the log and the metric encoders build are
 * walked once against the field tables of `otlp-schema.ts` and written as
 * protobuf. One model serves both encodings, so whatever the JSON carries
 * the protobuf carries: hex ids as bytes, decimal-string int64s as varints
 * or fixed64 words (past 2^53, two's complement when negative), `"NaN"` and
 * `"±Infinity"` as doubles, empty strings where presence matters.
 * @see https://opentelemetry.io/docs/specs/otlp/#binary-protobuf-encoding
 * @module
 */

import { splitInt64 } from "./int64.js";
import {
  BASE64,
  BOOL,
  DOUBLE,
  FIXED32,
  FIXED64,
  HEX,
  INT64,
  MESSAGE,
  type MessageName,
  type MessageType,
  OTLP,
  PACKED_DOUBLE,
  PACKED_FIXED64,
  PRESENT,
  REPEATED,
  SFIXED64,
  STRING,
  UINT,
} from "./otlp-schema.js";
import { ProtobufWriter } from "./writer.js";

// Wire types.
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

type Json = Readonly<Record<string, unknown>>;

/**
 * @param request - an `Export{Trace,Logs,Metrics}ServiceRequest` in its
 *   OTLP/JSON form (`{ resourceSpans }`, `{ resourceLogs }` or `{ resourceMetrics }`).
 * @returns its protobuf encoding. Keys the schema does not know are left out.
 * @example
 * const body = encodeOtlpProtobuf(encodeTraceRequest(spans, resource));
 */
export function encodeOtlpProtobuf(request: object): Uint8Array<ArrayBuffer> {
  const writer = new ProtobufWriter();
  writeMessage(writer, request as Json, OTLP.ExportRequest);
  return writer.finish();
}

function writeMessage(w: ProtobufWriter, message: Json, type: MessageType): void {
  for (const key in message) {
    const value = message[key];
    const field = type[key];
    if (value === undefined || value === null || field === undefined) continue;
    const [number, flags, name] = field;
    const present = (flags & PRESENT) !== 0;
    switch (flags & ~PRESENT) {
      case STRING:
        if (present || value !== "") {
          w.tag(number, LEN);
          w.string(String(value));
        }
        break;
      case BOOL:
        if (present || value) {
          w.tag(number, VARINT);
          w.uint32(value ? 1 : 0);
        }
        break;
      case UINT: {
        const n = Number(value);
        if (present || n) {
          w.tag(number, VARINT);
          // A negative int32 (none in OTLP today) is sign-extended to ten bytes.
          if (n < 0) w.varint64(n >>> 0, 0xffffffff);
          else w.uint32(n);
        }
        break;
      }
      case FIXED32:
        if (present || value) {
          w.tag(number, I32);
          w.fixed32(Number(value));
        }
        break;
      case FIXED64:
      case SFIXED64:
      case INT64: {
        splitInt64(value as string | number | bigint, w);
        if (!present && w.lo === 0 && w.hi === 0) break;
        if ((flags & ~PRESENT) === INT64) {
          w.tag(number, VARINT);
          w.varint64(w.lo, w.hi);
        } else {
          w.tag(number, I64);
          w.fixed64(w.lo, w.hi);
        }
        break;
      }
      case DOUBLE: {
        // proto3 JSON spells the non-finite doubles "NaN", "Infinity", "-Infinity".
        const n = typeof value === "number" ? value : Number(value);
        if (present || n !== 0 || Object.is(n, -0)) {
          w.tag(number, I64);
          w.double(n);
        }
        break;
      }
      case HEX:
        if (value !== "") {
          w.tag(number, LEN);
          hexBytes(w, String(value));
        }
        break;
      case BASE64:
        w.tag(number, LEN);
        w.byteString(Uint8Array.from(atob(String(value)), (c) => c.charCodeAt(0)));
        break;
      case MESSAGE:
        writeNested(w, number, value as Json, OTLP[name as MessageName]);
        break;
      case REPEATED:
        for (const item of value as readonly Json[]) {
          writeNested(w, number, item, OTLP[name as MessageName]);
        }
        break;
      case PACKED_FIXED64:
      case PACKED_DOUBLE: {
        const items = value as readonly (string | number)[];
        if (items.length === 0) break;
        w.tag(number, LEN);
        w.uint32(items.length * 8);
        for (const item of items) {
          if ((flags & ~PRESENT) === PACKED_DOUBLE) w.double(Number(item));
          else {
            splitInt64(item, w);
            w.fixed64(w.lo, w.hi);
          }
        }
        break;
      }
    }
  }
}

function writeNested(w: ProtobufWriter, number: number, value: Json, type: MessageType): void {
  w.tag(number, LEN);
  const start = w.begin();
  if (type === OTLP.KeyValue) writeKeyValue(w, value);
  else writeMessage(w, value, type);
  w.end(start);
}

/**
 * `KeyValue` and its `AnyValue`, the bulk of every batch, written directly
 * (field numbers as in the table) rather than through the table walk; any
 * other AnyValue member (arrays, kvlists, bytes) takes the table's way.
 */
function writeKeyValue(w: ProtobufWriter, kv: Json): void {
  const { key, value } = kv as { key?: string; value?: Json };
  if (key) {
    w.tag(1, LEN);
    w.string(key);
  }
  if (value === undefined || value === null) return;
  w.tag(2, LEN);
  const start = w.begin();
  const { stringValue, intValue, boolValue } = value as Record<string, unknown>;
  if (typeof stringValue === "string") {
    w.tag(1, LEN);
    w.string(stringValue);
  } else if (typeof intValue === "string" || typeof intValue === "number") {
    splitInt64(intValue, w);
    w.tag(3, VARINT);
    w.varint64(w.lo, w.hi);
  } else if (typeof boolValue === "boolean") {
    w.tag(2, VARINT);
    w.uint32(boolValue ? 1 : 0);
  } else {
    writeMessage(w, value, OTLP.AnyValue);
  }
  w.end(start);
}

/** A hex id (`traceId`, `spanId`) as its bytes, with their length. */
function hexBytes(w: ProtobufWriter, hex: string): void {
  const length = hex.length >>> 1;
  w.uint32(length);
  w.reserve(length);
  const b = w.bytes;
  for (let i = 0; i < length; i++) {
    b[w.pos++] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  }
}

/** One hex digit's value (either case); the model only holds valid hex. */
function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}
