import { createServer } from "node:net";

/**
 * A port that was free a moment ago on `host`: binds port 0, reads the port the kernel chose, closes.
 * Another process may take it before the caller does; the provisioner retries a start that fails so.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}
