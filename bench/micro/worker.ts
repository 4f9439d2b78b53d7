/**
 * The micro benchmark as a Worker, timed from outside because workerd's
 * clocks do not advance during execution. `GET /run?case=…&impl=…&n=N`
 * runs N iterations over the request's own headers (so the client sends the
 * realistic or the malformed set); `n=0` is the empty request subtracted.
 * `GET /check` runs the like-for-like check inside workerd.
 * @module
 */
import { CASES, type CaseName, IMPLS, type Impl, makeCases } from "./cases.js";
import { checkLikeForLike } from "./check.js";
import { MALFORMED, REALISTIC } from "./fixtures.js";
import { blackhole } from "./run.js";

function isOneOf<T extends string>(values: readonly T[], value: string | null): value is T {
  return values.includes(value as T);
}

export default {
  fetch(request: Request): Response {
    const url = new URL(request.url);
    if (url.pathname === "/check") {
      const problems = checkLikeForLike(new Headers(REALISTIC), new Headers(MALFORMED));
      return Response.json(problems);
    }
    const name = url.searchParams.get("case");
    const impl = url.searchParams.get("impl");
    const n = Number(url.searchParams.get("n"));
    if (!isOneOf<CaseName>(CASES, name) || !isOneOf<Impl>(IMPLS, impl) || !(n >= 0)) {
      return new Response("bad query", { status: 400 });
    }
    // The request carries the case's input; for `malformed` that is the malformed set.
    const { input, work } = makeCases(request.headers, request.headers)[name];
    const run = work[impl];
    let kept: unknown;
    for (let i = 0; i < n; i++) kept = run(input);
    blackhole.value = kept;
    return new Response(kept === undefined ? "0" : "1");
  },
};
