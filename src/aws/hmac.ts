/**
 * SHA-256 and HMAC-SHA256 through Web Crypto (`crypto.subtle`), which
 * Workers, Node, Deno and Bun all have: no dependency, no `node:crypto`.
 * @module
 */

const encoder = /* @__PURE__ */ new TextEncoder();

/** Bytes of a string (UTF-8) or a buffer. */
export type Bytes = string | Uint8Array | ArrayBuffer;

function toBytes(data: Bytes): Uint8Array | ArrayBuffer {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/** @returns the SHA-256 digest of `data`, as lower-case hex. */
export async function sha256Hex(data: Bytes): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", toBytes(data) as BufferSource));
}

/** @returns HMAC-SHA256 of `data` under `key`. */
export async function hmacSha256(key: Bytes, data: Bytes): Promise<ArrayBuffer> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    toBytes(key) as BufferSource,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return crypto.subtle.sign("HMAC", cryptoKey, toBytes(data) as BufferSource);
}

/** @returns `bytes` as lower-case hex. */
export function hex(bytes: ArrayBuffer): string {
  let out = "";
  for (const byte of new Uint8Array(bytes)) out += byte.toString(16).padStart(2, "0");
  return out;
}
