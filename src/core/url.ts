/**
 * Destination URLs for the outbound policy, parsed once and never thrown
 * over: a string that is not a URL matches no URL-based rule.
 * @module
 */

/**
 * @param url - a URL, its text, or nothing.
 * @returns the URL (the same object when given one), or `undefined` when there is none or it does not parse.
 */
export function toUrl(url: string | URL | undefined): URL | undefined {
  if (url === undefined || url instanceof URL) return url;
  // One parse: `URL.canParse` then `new URL` would parse twice.
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
