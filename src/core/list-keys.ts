/**
 * The keys of a `key=value,key=value` list already in normal form, shared
 * by the tracestate and baggage fast paths.
 * @module
 */

/**
 * @param header - a list a whole-header check accepted: members joined by bare commas, each with a `=`.
 * @returns the member count when no key repeats, else -1.
 */
export function distinctKeys(header: string): number {
  const keys: string[] = [];
  for (const member of header.split(",")) {
    const key = member.slice(0, member.indexOf("="));
    if (keys.includes(key)) return -1;
    keys.push(key);
  }
  return keys.length;
}
