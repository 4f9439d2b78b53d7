// edge-trace withTrace, propagation only: spans are recorded, never sent.
import { withTrace } from "../../../src/workers.js";
import type { LoadEnv } from "./env.js";

export default withTrace({
  fetch(_request: Request, env: LoadEnv, _ctx: unknown, trace): Promise<Response> {
    return trace.fetch(env.UPSTREAM);
  },
});
