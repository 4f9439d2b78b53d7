/**
 * R2: `head`, `get`, `put`, `delete`, `list`, and multipart uploads
 * (`createMultipartUpload`, `resumeMultipartUpload` and the upload's
 * `uploadPart`, `abort`, `complete`) as client spans. Keys are recorded,
 * object bodies and custom metadata never. A `get` whose object has a
 * body ends its span when the body has been read or cancelled, or, unread,
 * when the invocation's flush runs.
 * @see https://developers.cloudflare.com/r2/api/workers/workers-api-reference/
 * @module
 */
import type { Attributes } from "../../trace/span-data.js";
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { bindingAttributes, keyCount, keysOf, method, optionOf } from "./attributes.js";
import { watchedObject } from "./body-span.js";
import { tracedMethod } from "./call-span.js";
import type { BodiesOf } from "./invocation-bodies.js";

/** `db.system.name` of R2: Cloudflare's tracing sets none; named like its `cloudflare-kv`. */
export const R2_SYSTEM = "cloudflare-r2";

type Request = (args: readonly unknown[]) => Attributes;

const REQUESTS: Readonly<Record<string, Request>> = {
  head: (args) => ({ "cloudflare.r2.request.key": keysOf(args[0]) }),
  get: (args) => ({
    "cloudflare.r2.request.key": keysOf(args[0]),
    "cloudflare.r2.request.range.offset": optionOf(fieldOf(args[1], "range"), "offset"),
    "cloudflare.r2.request.range.length": optionOf(fieldOf(args[1], "range"), "length"),
  }),
  put: (args) => ({
    "cloudflare.r2.request.key": keysOf(args[0]),
    "cloudflare.r2.request.size": sizeOf(args[1]),
  }),
  delete: (args) => ({
    "cloudflare.r2.request.keys": keysOf(args[0]),
    "cloudflare.r2.request.keys.count": keyCount(args[0]),
  }),
  list: (args) => ({
    "cloudflare.r2.request.prefix": optionOf(args[0], "prefix"),
    "cloudflare.r2.request.limit": optionOf(args[0], "limit"),
    "cloudflare.r2.request.delimiter": optionOf(args[0], "delimiter"),
  }),
  createMultipartUpload: (args) => ({ "cloudflare.r2.request.key": keysOf(args[0]) }),
};

/**
 * @param bucket - an R2 bucket binding; not modified.
 * @param binding - its name in `env`.
 * @param trace - the trace each call belongs to.
 * @param bodies - the invocation a call's object body belongs to, ended at its flush if unread.
 * @returns a view whose operations record spans.
 */
export function r2View<T extends object>(
  bucket: T,
  binding: string,
  trace: TraceSource,
  bodies: BodiesOf,
): T {
  const overrides: Record<string, () => unknown> = {};
  for (const [operation, request] of Object.entries(REQUESTS)) {
    const traced = tracedMethod(bucket, operation, trace, (args) => ({
      name: `${operation} ${binding}`,
      attributes: {
        ...bindingAttributes(R2_SYSTEM, "R2", binding, operation),
        ...request(args),
      },
      result: (value) => resultOf(operation, value),
      handOff: (span, value, parent) =>
        operation === "get" ? watchedObject(value, span, bodies.get(parent)) : undefined,
    }));
    overrides[operation] = () =>
      operation === "createMultipartUpload"
        ? (...args: unknown[]) => uploadOf(traced(...args), binding, trace)
        : traced;
  }
  const resume = method(bucket, "resumeMultipartUpload");
  overrides.resumeMultipartUpload =
    () =>
    (...args: unknown[]) =>
      uploadOf(resume(...args), binding, trace);
  return createView(bucket, overrides);
}

/** An upload's methods, and the operation each is named after (as Cloudflare's tracing names them). */
const UPLOAD_OPERATIONS: Readonly<Record<string, string>> = {
  uploadPart: "uploadPart",
  abort: "abortMultipartUpload",
  complete: "completeMultipartUpload",
};

/** A multipart upload (or the promise of one) whose methods record spans. */
function uploadOf(upload: unknown, binding: string, trace: TraceSource): unknown {
  if (upload instanceof Promise) return upload.then((value) => uploadOf(value, binding, trace));
  if (typeof upload !== "object" || upload === null) return upload;
  const { key, uploadId } = upload as { key?: unknown; uploadId?: unknown };
  const overrides: Record<string, () => unknown> = {};
  for (const [name, operation] of Object.entries(UPLOAD_OPERATIONS)) {
    const traced = tracedMethod(upload, name, trace, (args) => ({
      name: `${operation} ${binding}`,
      attributes: {
        ...bindingAttributes(R2_SYSTEM, "R2", binding, operation),
        "cloudflare.r2.request.key": keysOf(key),
        "cloudflare.r2.request.upload_id": typeof uploadId === "string" ? uploadId : undefined,
        "cloudflare.r2.request.part_number":
          operation === "uploadPart" && typeof args[0] === "number" ? args[0] : undefined,
        "cloudflare.r2.request.size": operation === "uploadPart" ? sizeOf(args[1]) : undefined,
      },
      result: (value) => resultOf(operation, value),
    }));
    overrides[name] = () => traced;
  }
  return createView(upload, overrides);
}

/** An object's size and etag, a listing's counts, a new upload's id: never bodies or metadata. */
function resultOf(operation: string, value: unknown): Attributes | undefined {
  const lookup = operation === "get" || operation === "head";
  if (typeof value !== "object" || value === null) {
    return lookup ? { "cloudflare.r2.response.hit": false } : undefined;
  }
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.objects)) {
    return {
      "cloudflare.r2.response.returned_objects": record.objects.length,
      "cloudflare.r2.response.truncated": record.truncated === true,
    };
  }
  return {
    "cloudflare.r2.response.hit": lookup ? true : undefined,
    "cloudflare.r2.response.size": typeof record.size === "number" ? record.size : undefined,
    "cloudflare.r2.response.etag": typeof record.etag === "string" ? record.etag : undefined,
    "cloudflare.r2.response.upload_id":
      typeof record.uploadId === "string" ? record.uploadId : undefined,
  };
}

function fieldOf(options: unknown, name: string): unknown {
  return typeof options === "object" && options !== null
    ? (options as Record<string, unknown>)[name]
    : undefined;
}

/** The byte size of a body given to `put` or `uploadPart`, where known without reading it. */
function sizeOf(body: unknown): number | undefined {
  if (typeof body === "string") return new TextEncoder().encode(body).byteLength;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  return undefined;
}
