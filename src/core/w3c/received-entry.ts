/**
 * A baggage entry as it came off the wire, remembering its wire text so
 * that it is sent on byte for byte.
 * @see https://w3c.github.io/baggage/#mutating-baggage
 * @module
 */
import type { BaggageEntry, BaggageProperty } from "./baggage-entry.js";

/**
 * An entry parsed from a header. Besides its decoded value and properties
 * it keeps how that header spelled it (`%2B` or `+`), so a receiver that
 * does not percent-decode (OpenTelemetry Go before
 * open-telemetry/opentelemetry-go#2529) reads on what the sender wrote.
 *
 * The wire text is private: a copy (`{ ...entry, value }`), a new entry or
 * the entry under another key has none and is encoded afresh, so a changed
 * member is never sent stale. Used by value; `instanceof` is not part of
 * the contract.
 */
export class ReceivedEntry implements BaggageEntry {
  /**
   * The wire text `entry` was received with, in `format` and under `key`.
   * @param entry - any entry.
   * @param format - `"baggage"` (the whole member, `key=value;p=1`) or `"jaeger"` (the header value).
   * @param key - the key it is being written under.
   * @returns the text to send, or `undefined` to encode the entry.
   */
  static wire(entry: BaggageEntry, format: string, key: string): string | undefined {
    return entry instanceof ReceivedEntry && entry.#format === format && entry.#key === key
      ? entry.#text
      : undefined;
  }

  readonly value: string;
  declare readonly properties?: readonly BaggageProperty[] | undefined;
  readonly #format: string;
  readonly #key: string;
  readonly #text: string;

  constructor(
    value: string,
    properties: readonly BaggageProperty[] | undefined,
    format: string,
    key: string,
    text: string,
  ) {
    this.value = value;
    if (properties) this.properties = properties;
    this.#format = format;
    this.#key = key;
    this.#text = text;
  }
}
