// Drives a handler module the way Lambda's Node.js runtime does: import
// the module named by _HANDLER (file#export) during Init, then loop: GET
// /runtime/invocation/next, call the handler with the event and a context
// built from the response headers, POST the result, ask again. The real
// runtime interface client (aws-lambda-ric) needs Node 22; this follows its
// documented steps with node:http.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
import { Agent, request } from "node:http";
import { pathToFileURL } from "node:url";
import { runtimeContext } from "./context.mjs";

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const agent = new Agent({ keepAlive: true });
const [file, name] = process.env._HANDLER.split("#");

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

// The global the runtime provides for response streaming, as documented:
// streamifyResponse marks the handler; HttpResponseStream.from writes the
// metadata prelude (JSON, then eight NUL bytes) before the body.
const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
globalThis.awslambda = {
  streamifyResponse(handler) {
    handler[STREAMING] = "response";
    return handler;
  },
  HttpResponseStream: {
    from(stream, metadata) {
      stream.write(JSON.stringify(metadata));
      stream.write(new Uint8Array(8));
      return stream;
    },
  },
};

/** A streamed response: the handler writes into the POST's body itself. */
async function stream(id, event, context) {
  const req = request({
    host,
    port,
    method: "POST",
    path: `/2018-06-01/runtime/invocation/${id}/response`,
    agent,
    headers: {
      "Lambda-Runtime-Function-Response-Mode": "streaming",
      "Transfer-Encoding": "chunked",
      "Content-Type": "application/vnd.awslambda.http-integration-response",
    },
  });
  const answered = new Promise((resolve, reject) => {
    req.on("response", (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
  });
  await handler(event, req, context);
  await answered;
}

const module = await import(pathToFileURL(file).href);
const handler = module[name] ?? module.default?.[name];

async function loop() {
  for (;;) {
    const next = await call("GET", "/2018-06-01/runtime/invocation/next");
    const id = next.headers["lambda-runtime-aws-request-id"];
    const context = runtimeContext(
      id,
      Number(next.headers["lambda-runtime-deadline-ms"]),
      next.headers["lambda-runtime-invoked-function-arn"],
    );
    try {
      if (handler[STREAMING] === "response") {
        await stream(id, JSON.parse(next.text), context);
        continue;
      }
      const result = await handler(JSON.parse(next.text), context);
      await call("POST", `/2018-06-01/runtime/invocation/${id}/response`, JSON.stringify(result));
    } catch (error) {
      const body = JSON.stringify({ errorType: error?.name, errorMessage: error?.message });
      await call("POST", `/2018-06-01/runtime/invocation/${id}/error`, body);
    }
  }
}

// As the runtime does: start polling once the module has loaded.
setImmediate(loop);
