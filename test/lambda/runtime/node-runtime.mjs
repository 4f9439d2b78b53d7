// Drives a handler module the way Lambda's Node.js runtime does: import
// the module named by _HANDLER (file#export) during Init, then loop: GET
// /runtime/invocation/next, call the handler with the event and a context
// built from the response headers, POST the result, ask again. The real
// runtime interface client (aws-lambda-ric) needs Node 22; this follows its
// documented steps with node:http.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
import { Agent, request } from "node:http";
import { pathToFileURL } from "node:url";

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

const module = await import(pathToFileURL(file).href);
const handler = module[name] ?? module.default?.[name];

async function loop() {
  for (;;) {
    const next = await call("GET", "/2018-06-01/runtime/invocation/next");
    const id = next.headers["lambda-runtime-aws-request-id"];
    const deadline = Number(next.headers["lambda-runtime-deadline-ms"]);
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      awsRequestId: id,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: "$LATEST",
      invokedFunctionArn: next.headers["lambda-runtime-invoked-function-arn"],
      memoryLimitInMB: "128",
      logGroupName: "/aws/lambda/orders",
      logStreamName: "2026/12/07/[$LATEST]0123456789abcdef",
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    try {
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
