// One Lambda Init, in a fresh Node process, as Lambda's Node.js runtime
// runs it: load node:http and make the RAPID client's keep-alive agent,
// import the handler module, then ask the Runtime API for the first event
// (`GET /runtime/invocation/next`): Init ends there. Timed from the import
// until that request is sent. The first HTTP request a Node process makes
// loads Node's client internals (about 2.5 ms here); the runtime's own
// `/next` pays it in every function, so it is inside the window for the
// bare handler too, and an extension that registers first is not charged
// for it. Prints {cpuMs, wallMs} as JSON.
import { pathToFileURL } from "node:url";

const http = process.getBuiltinModule?.("node:http") ?? (await import("node:http"));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const [host, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? "127.0.0.1:9").split(":");
const cpu = process.cpuUsage();
const started = performance.now();
const module = await import(pathToFileURL(process.argv[2]).href);
const next = http.request(
  { host, port: Number(port), agent, path: "/2018-06-01/runtime/invocation/next" },
  () => {},
);
next.on("error", () => {});
next.end();
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
if (typeof module.handler !== "function") throw new Error("no handler export");
process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs }));
