/**
 * A collector that is down: a port on 127.0.0.1 that was free a moment ago
 * and has no listener, so connections are refused at once.
 * @module
 */
import { createServer } from "node:net";

/** @returns the port. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 9));
    });
  });
}
