/**
 * The `key1=value1,key2=value2` lists of `OTEL_RESOURCE_ATTRIBUTES` and
 * `OTEL_EXPORTER_OTLP_HEADERS`: W3C Baggage's member syntax without
 * properties, values percent-decoded.
 * @see https://opentelemetry.io/docs/specs/otel/resource/sdk/#specifying-resource-information-via-an-environment-variable
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specifying-headers-via-environment-variables
 * @module
 */
import { trimOws } from "../core/ows.js";

/** What a `k=v,k2=v2` list held: the valid pairs in order, and the raw members that were not. */
export interface KeyValueList {
  readonly entries: ReadonlyArray<readonly [key: string, value: string]>;
  readonly invalid: readonly string[];
}

/**
 * Parses the `key1=value1,key2=value2` lists of `OTEL_RESOURCE_ATTRIBUTES`
 * and `OTEL_EXPORTER_OTLP_HEADERS`: W3C Baggage's member syntax without
 * properties. Spaces and tabs around keys and values are trimmed; `%XX`
 * sequences are decoded as UTF-8 (never `+`); other characters are kept as
 * written, because hand-written variables often hold an unencoded space
 * (`Authorization=Bearer abc`). A member without `=`, with an empty key, or
 * with a broken `%` sequence is invalid; empty members are skipped.
 * @param value - the variable's value.
 * @returns the entries and the invalid members.
 * @example
 * parseKeyValueList("service.name=shop,team=a%20b").entries;
 * // [["service.name", "shop"], ["team", "a b"]]
 */
export function parseKeyValueList(value: string): KeyValueList {
  const entries: Array<readonly [string, string]> = [];
  const invalid: string[] = [];
  for (const raw of value.split(",")) {
    if (raw.trim() === "") continue;
    const member = trimOws(raw);
    const [, key, val] = /^([^=]*?)[ \t]*=[ \t]*(.*)$/s.exec(member) ?? [];
    try {
      // decodeURIComponent decodes only %XX and throws on a broken sequence.
      if (key) entries.push([decodeURIComponent(key), decodeURIComponent(val!)]);
      else invalid.push(member);
    } catch {
      invalid.push(member);
    }
  }
  return { entries, invalid };
}
