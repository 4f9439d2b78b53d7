// edge-trace withTrace with no exporter: context propagates, no span is recorded.
import { withTrace } from "../../../src/workers.js";

export default withTrace({
  fetch(_request: Request, env: { UP: string }, _ctx: unknown, trace): Promise<Response> {
    return trace.fetch(env.UP);
  },
});
