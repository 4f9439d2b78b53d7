/**
 * The canonical request of AWS Signature Version 4, built from a Web
 * `Request`: method, path (normalised, each segment encoded once more, as
 * every service but S3 expects), sorted query, signed headers and the
 * payload's hash.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request
 * @module
 */

/**
 * Headers never signed: hop-by-hop headers and those a proxy or the
 * runtime may change on the way (as AWS's own signer leaves them out).
 */
const UNSIGNABLE = new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

/** RFC 3986 unreserved characters stay; everything else is `%XX` (UTF-8, upper-case hex). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * @param pathname - the path as sent (`URL.pathname`, already percent-encoded once).
 * @returns the path without empty, `.` and `..` segments, encoded once more.
 */
export function canonicalPath(pathname: string): string {
  const segments: string[] = [];
  for (const segment of pathname.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const joined = segments.join("/");
  const trailing = segments.length > 0 && pathname.endsWith("/") ? "/" : "";
  const path = `${pathname.startsWith("/") ? "/" : ""}${joined}${trailing}`;
  return uriEncode(path).replace(/%2F/g, "/");
}

/**
 * @param params - the URL's query, decoded.
 * @returns `name=value` pairs, each side encoded, sorted by name, then by pair.
 */
export function canonicalQuery(params: URLSearchParams): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (name.toLowerCase() === "x-amz-signature") continue;
    const key = uriEncode(name);
    const pairs = byName.get(key) ?? [];
    pairs.push(`${key}=${uriEncode(value)}`);
    byName.set(key, pairs);
  }
  return [...byName.keys()]
    .sort()
    .map((key) => byName.get(key)!.sort().join("&"))
    .join("&");
}

/**
 * @param headers - the request's headers (lower-case names), plus `host` and the `x-amz-*` ones.
 * @returns the signed header names, sorted, and their canonical lines.
 */
export function canonicalHeaders(headers: Iterable<[string, string]>): {
  names: string[];
  lines: string;
} {
  const values = new Map<string, string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (UNSIGNABLE.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) continue;
    values.set(
      lower,
      value
        .replace(/[\r\n]/g, " ")
        .replace(/[ \t]+/g, " ")
        .replace(/^ | $/g, ""),
    );
  }
  const names = [...values.keys()].sort();
  return { names, lines: names.map((name) => `${name}:${values.get(name)}\n`).join("") };
}
