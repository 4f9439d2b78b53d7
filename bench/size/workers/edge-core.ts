// edge-trace's core alone (extract + inject from "edge-trace"): the same work as otel-propagation.ts.
import { extract, inject } from "../../../src/index.js";

export default {
  fetch(request: Request): Promise<Response> {
    const remote = extract(request);
    const headers = new Headers();
    if (remote) inject(remote, headers);
    return fetch("https://example.com", { headers });
  },
};
