/**
 * The keys of a `key=value,key=value` list already in normal form, shared
 * by the tracestate and baggage fast paths.
 * @module
 */

/**
 * @param header - a list a whole-header check accepted: members joined by bare commas, each with a `=`.
 * @param limit - counting stops past this many members (-1): the scan is quadratic in the count.
 * @returns the member count when no key repeats, else -1.
 */
export function distinctKeys(header: string, limit: number): number {
  const keys: string[] = [];
  // indexOf rather than split: no array of members, only the keys are cut out.
  for (let start = 0; start <= header.length; ) {
    const comma = header.indexOf(",", start);
    const key = header.slice(start, header.indexOf("=", start));
    if (keys.length >= limit || keys.includes(key)) return -1;
    keys.push(key);
    start = comma < 0 ? header.length + 1 : comma + 1;
  }
  return keys.length;
}
