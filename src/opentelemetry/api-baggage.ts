/**
 * Baggage between edge-trace's value (a map of entries with properties)
 * and the API's (`Baggage` with string metadata).
 * @module
 */
import {
  type Baggage as ApiBaggage,
  type BaggageEntry as ApiBaggageEntry,
  baggageEntryMetadataFromString,
  propagation,
} from "@opentelemetry/api";
import type { Baggage, BaggageEntry, BaggageProperty } from "../core/w3c/baggage.js";

/**
 * @param baggage - edge-trace's baggage.
 * @returns the API's, or `undefined` when empty (the API's "no baggage").
 */
export function toApiBaggage(baggage: Baggage): ApiBaggage | undefined {
  if (baggage.size === 0) return undefined;
  const entries: Record<string, ApiBaggageEntry> = {};
  for (const [key, entry] of baggage) {
    const properties = entry.properties?.map(formatProperty).join(";");
    entries[key] = properties
      ? { value: entry.value, metadata: baggageEntryMetadataFromString(properties) }
      : { value: entry.value };
  }
  return propagation.createBaggage(entries);
}

/**
 * @param baggage - the API's baggage.
 * @returns edge-trace's, its metadata read back as properties.
 */
export function fromApiBaggage(baggage: ApiBaggage): Baggage {
  const out = new Map<string, BaggageEntry>();
  for (const [key, entry] of baggage.getAllEntries()) {
    const metadata = entry.metadata?.toString();
    out.set(
      key,
      metadata
        ? { value: entry.value, properties: parseProperties(metadata) }
        : { value: entry.value },
    );
  }
  return out;
}

function formatProperty(property: BaggageProperty): string {
  return property.value === undefined ? property.key : `${property.key}=${property.value}`;
}

function parseProperties(metadata: string): BaggageProperty[] {
  const properties: BaggageProperty[] = [];
  for (const part of metadata.split(";")) {
    const equals = part.indexOf("=");
    const key = (equals < 0 ? part : part.slice(0, equals)).trim();
    if (key) properties.push(equals < 0 ? { key } : { key, value: part.slice(equals + 1).trim() });
  }
  return properties;
}
