/** What every load-test Worker is bound to: the upstream it fetches once per request, and the OTLP sink. */
export interface LoadEnv {
  /** The local upstream, e.g. `http://127.0.0.1:40123/`. */
  readonly UPSTREAM: string;
  /** The local OTLP sink's base URL (`/v1/traces` is appended by each library). */
  readonly SINK: string;
}
