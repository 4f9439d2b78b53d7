/**
 * The shape of one baggage member once read: what the parser, the member
 * codec and received entries all build on (its own file, so that none of
 * them imports another for it).
 * @see https://w3c.github.io/baggage/#definition
 * @module
 */

/** A `;key` or `;key=value` property of a baggage member, value percent-decoded. */
export interface BaggageProperty {
  readonly key: string;
  /** `undefined` for a bare `;key`; `""` for `;key=`. */
  readonly value?: string | undefined;
}

/**
 * One baggage member: its decoded value and its properties in order.
 * An entry read from a header also remembers how it was written there, so
 * that it goes out unchanged; build a new entry to change it.
 */
export interface BaggageEntry {
  readonly value: string;
  readonly properties?: readonly BaggageProperty[] | undefined;
}
