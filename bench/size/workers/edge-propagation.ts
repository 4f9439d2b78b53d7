// edge-trace withTrace with no exporter: propagation only (spans are recorded, never sent).
import { withTrace } from "../../../src/workers.js";

export default withTrace({
  fetch(_request: Request, _env: unknown, _ctx: unknown, trace): Promise<Response> {
    return trace.fetch("https://example.com");
  },
});
