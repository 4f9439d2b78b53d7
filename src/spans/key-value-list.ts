/**
 * The `key1=value1,key2=value2` lists of `OTEL_RESOURCE_ATTRIBUTES` and
 * `OTEL_EXPORTER_OTLP_HEADERS`: W3C Baggage's member syntax without
 * properties, values percent-decoded.
 * @see https://opentelemetry.io/docs/specs/otel/resource/sdk/#specifying-resource-information-via-an-environment-variable
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specifying-headers-via-environment-variables
 * @module
 */

/** What a list held: the valid pairs in order, and the raw members that were not. */
export interface KeyValueList {
  readonly entries: ReadonlyArray<readonly [key: string, value: string]>;
  readonly invalid: readonly string[];
}

/**
 * Parses a `k=v,k2=v2` list. Spaces and tabs around keys and values are
 * trimmed; `%XX` sequences in values (and keys) are decoded as UTF-8; other
 * characters are kept as written, because hand-written variables often hold
 * an unencoded space (`Authorization=Bearer abc`). A member without `=`,
 * with an empty key, or with a broken `%` sequence is invalid. Empty
 * members (`a=1,,b=2`) are skipped silently.
 *
 * @param value - the variable's value.
 * @returns the entries and the invalid members.
 * @example
 * parseKeyValueList("service.name=shop,team=a%20b").entries;
 * // [["service.name", "shop"], ["team", "a b"]]
 */
export function parseKeyValueList(value: string): KeyValueList {
  const entries: Array<readonly [string, string]> = [];
  const invalid: string[] = [];
  for (const member of value.split(",")) {
    if (member.trim() === "") continue;
    const eq = member.indexOf("=");
    const key = eq > 0 ? percentDecode(trimOws(member.slice(0, eq))) : undefined;
    const val = eq > 0 ? percentDecode(trimOws(member.slice(eq + 1))) : undefined;
    if (!key || val === undefined) invalid.push(trimOws(member));
    else entries.push([key, val]);
  }
  return { entries, invalid };
}

function percentDecode(raw: string): string | undefined {
  if (!raw.includes("%")) return raw;
  try {
    // decodeURIComponent decodes only %XX (never `+`) and throws on a broken sequence.
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, "");
}
