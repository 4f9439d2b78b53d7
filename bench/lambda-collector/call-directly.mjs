// Calls a handler module's `handler` directly, as a test or a local invoke
// does: AWS_LAMBDA_RUNTIME_API is not set, so edge-trace registers no
// extension and flushes before the handler's promise resolves, within its
// flush budget. argv: the module, then the remaining time (ms) each call
// is given, in order (the first ones warm up). Prints the last call's
// time, in ms, as JSON: from the call until its promise resolved.
import { pathToFileURL } from "node:url";
import { runtimeContext } from "../lambda-runtime/context.mjs";

const [file, ...remaining] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(file).href);
const arn = "arn:aws:lambda:us-east-1:123456789012:function:orders";

let ms = 0;
for (const [n, remainingMs] of remaining.map(Number).entries()) {
  const context = runtimeContext(`direct-${n}`, Date.now() + remainingMs, arn);
  const started = performance.now();
  await handler({ n }, context);
  ms = performance.now() - started;
}
process.stdout.write(JSON.stringify({ ms }));
// An export the budget gave up on may still be pending: the call is over.
process.exit(0);
