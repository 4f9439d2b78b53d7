// The floor: one outbound fetch per request, no tracing.
import type { LoadEnv } from "./env.js";

export default {
  fetch(_request: Request, env: LoadEnv): Promise<Response> {
    return fetch(env.UPSTREAM);
  },
};
