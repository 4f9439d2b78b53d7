// One Lambda Init, in a fresh Node process: load node:http first (Lambda's
// Node.js runtime has loaded it before it imports the handler: its RAPID
// client makes an http.Agent), then time importing the handler module until
// `handler` is ready. Prints {cpuMs, wallMs} as JSON.
import { pathToFileURL } from "node:url";

const http = process.getBuiltinModule?.("node:http") ?? (await import("node:http"));
new http.Agent({ keepAlive: true, maxSockets: 1 });
const cpu = process.cpuUsage();
const started = performance.now();
const module = await import(pathToFileURL(process.argv[2]).href);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
if (typeof module.handler !== "function") throw new Error("no handler export");
process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs }));
