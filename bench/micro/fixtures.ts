/**
 * The request headers every micro benchmark reads: a realistic set (what a
 * browser behind a gateway sends) and a malformed one (what a fuzzer or a
 * broken client sends). Plain records, so each runtime builds its own `Headers`.
 * @module
 */

/** Headers a real request carries beside the trace ones, so `Headers.get` cost is realistic. */
const ORDINARY: Readonly<Record<string, string>> = {
  accept: "application/json",
  "accept-encoding": "gzip, br",
  "accept-language": "en-GB,en;q=0.9",
  "content-type": "application/json",
  host: "api.example.com",
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
  "x-request-id": "3f0d7c2a-6a4e-4d0c-9a51-2a1f1e6b8c11",
};

/**
 * A valid `traceparent`, a 3-member `tracestate`, and a 5-member `baggage`
 * with one property (`;pii`) and one percent-encoded value (`Am%C3%A9lie`).
 */
export const REALISTIC: Readonly<Record<string, string>> = {
  ...ORDINARY,
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  tracestate: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,dd=s:1;o:rum",
  baggage:
    "userId=alice;pii,userName=Am%C3%A9lie,tenant=acme,isProduction=false,sessionId=a1b2c3d4e5f6",
};

/**
 * Every trace header present and invalid at the smallest unit: an all-zero
 * trace id, uppercase and empty tracestate keys, and baggage members with no
 * key, no value and broken percent escapes. Both implementations
 * emit nothing for it, so the case measures the cost of rejecting.
 */
export const MALFORMED: Readonly<Record<string, string>> = {
  ...ORDINARY,
  traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
  tracestate: "Congo=t61rcWkgMzE,=empty,rojo",
  baggage: "=nokey,justakey,bad=%zz1,;prop=1,half=%C",
};

/** The three header names every implementation reads and writes. */
export const TRACE_HEADERS: readonly ["traceparent", "tracestate", "baggage"] = [
  "traceparent",
  "tracestate",
  "baggage",
];

/** The breakdown step that parses {@link hostileBaggage}, read by the bench's target. */
export const HOSTILE_PARSE = "parseBaggage (hostile: 128 KiB, 10,000+ members)";

/** What a Worker accepts in all of a request's headers: 128 KiB. */
const HOSTILE_BYTES = 128 * 1024;

/**
 * A hostile `baggage` header: 128 KiB of tiny valid members (`k0=v0,k1=v1,…`,
 * over 10,000 of them), each key distinct. Only the first 64 can be kept.
 * @returns the header value.
 */
export function hostileBaggage(): string {
  const members: string[] = [];
  for (let i = 0, bytes = 0; bytes + 16 < HOSTILE_BYTES; i++) {
    const member = `k${i}=v${i}`;
    members.push(member);
    bytes += member.length + 1;
  }
  return members.join(",");
}
