// Loopback helpers shared by the JS tests that start servers of their own (workerd).
import { createServer } from "node:net";

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/**
 * Fetches `url` until the server answers (or `timeoutMs` passes). With `child`, gives up at once
 * when that process has exited, rather than waiting out the timeout.
 */
export async function waitForServer(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
}
