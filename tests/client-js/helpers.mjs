// Shared by the client-js tests: the built package (pkg/, Node entry), the mock Vipps API, a PNG
// maker and a cart. Not a test file itself (node --test only runs *.test.mjs here).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { resolve, join } from "node:path";
import { deflateSync } from "node:zlib";
import { startMockServer, DEFAULT_CREDENTIALS, crc32 } from "../mock-api/server.mjs";

export const root = resolve(import.meta.dirname, "../..");
assert.ok(existsSync(join(root, "pkg/index.node.mjs")), "run `make pkg` (scripts/build-pkg.sh) first");
export const api = await import(join(root, "pkg/index.node.mjs"));
export { startMockServer, DEFAULT_CREDENTIALS };

/** Where fault-matrix.md's queue section (written by edge-queue.test.mjs) starts. */
export const QUEUE_SECTION = "<!-- queue section: written by edge-queue.test.mjs -->\n";

/** Every `.code` the package documents (docs/ERRORS.md). */
export const ERROR_CODES = [
  "invalid_input", "unauthorized", "forbidden", "not_found", "conflict",
  "rate_limited", "server_error", "network", "timeout", "invalid_response", "redirect",
];

/** A client for the mock with fast retries; `overrides` replace or add options. */
export function makeClient(mock, overrides = {}) {
  return new api.OrderManagementClient({
    clientId: DEFAULT_CREDENTIALS.clientId,
    clientSecret: DEFAULT_CREDENTIALS.clientSecret,
    subscriptionKey: DEFAULT_CREDENTIALS.subscriptionKey,
    merchantSerialNumber: DEFAULT_CREDENTIALS.merchantSerialNumber,
    baseUrl: mock.url,
    systemName: "client-js-tests",
    systemVersion: "1.0.0",
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 5_000 },
    ...overrides,
  });
}

/** A token from the mock's token endpoint, fetched by hand (for the `accessToken` option). */
export async function fetchToken(mock) {
  const response = await fetch(`${mock.url}/accesstoken/get`, {
    method: "POST",
    headers: {
      client_id: DEFAULT_CREDENTIALS.clientId,
      client_secret: DEFAULT_CREDENTIALS.clientSecret,
      "Ocp-Apim-Subscription-Key": DEFAULT_CREDENTIALS.subscriptionKey,
      "Merchant-Serial-Number": DEFAULT_CREDENTIALS.merchantSerialNumber,
    },
  });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

/** A grey 8-bit PNG of the given size, every chunk CRC'd (the client and the mock walk them). */
export function png(width, height, shade = 0x80) {
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const row = Buffer.alloc(1 + width, shade);
  row[0] = 0; // filter: none
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]));
}

/** A small cart; `seed` changes a price so different calls can build different receipts. */
export function cart(seed = 0) {
  return {
    currency: "NOK",
    items: [
      { id: "sku-1", name: "Socks", unitPrice: "39.90", quantity: "2", taxRate: "25" },
      { id: "sku-2", name: "Coffee", unitPrice: 4990 + seed, taxRate: 1500 },
    ],
    shipping: { name: "Home delivery", price: "49", taxRate: "25" },
    receiptNumber: "10042",
  };
}

/** The mock's API requests (not token fetches) whose path starts with `prefix`. */
export function apiRequests(mock, prefix = "/order-management/") {
  return mock.state.requests.filter((r) => r.path.startsWith(prefix));
}

/** Resolves to `{value}` or `{error}`; rejects only if `promise` has not settled after `ms` (a hang). */
export function settle(promise, ms, label) {
  let timer;
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: still pending after ${ms} ms (a hang)`)), ms);
  });
  return Promise.race([
    promise.then((value) => ({ value }), (error) => ({ error })),
    hang,
  ]).finally(() => clearTimeout(timer));
}

/** The package's error, with a documented code: anything else fails the test. */
export function assertPackageError(error, code) {
  assert.ok(error instanceof Error, `expected an Error, got ${typeof error}: ${String(error)}`);
  assert.equal(error.name, "VippsOrderManagementError", String(error.stack));
  assert.ok(ERROR_CODES.includes(error.code), `undocumented code ${error.code}`);
  assert.ok(Array.isArray(error.issues), "every error has an issues array");
  if (code !== undefined) assert.equal(error.code, code, error.message);
}

/**
 * examples/edge-worker/worker.js bundled by esbuild the way wrangler does (the "workerd" export
 * condition; the .wasm kept as a module) into `work`/dist. `vipps-order-management` resolves to the
 * built pkg/ through a node_modules folder on NODE_PATH, so esbuild reads pkg/package.json's
 * "exports" exactly as for an installed copy. Returns `{dist, wasmName}`.
 */
export function bundleEdgeWorker(work) {
  mkdirSync(join(work, "modules"));
  symlinkSync(join(root, "pkg"), join(work, "modules", "vipps-order-management"), "dir");
  const dist = join(work, "dist");
  execFileSync(
    join(root, "node_modules/.bin/esbuild"),
    [
      join(root, "examples/edge-worker/worker.js"),
      "--bundle", "--format=esm", "--conditions=workerd,worker,browser", "--loader:.wasm=copy",
      `--outdir=${dist}`, "--log-level=warning",
    ],
    { env: { ...process.env, NODE_PATH: join(work, "modules") }, stdio: ["ignore", "inherit", "inherit"] },
  );
  const wasmName = readdirSync(dist).find((f) => f.endsWith(".wasm"));
  assert.ok(wasmName, "the bundle must import the .wasm as a module");
  return { dist, wasmName };
}
