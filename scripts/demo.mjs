#!/usr/bin/env node
// The receipt preview demo: serves www/ (the page) and pkg/ (the built npm package, as /pkg/...),
// runs the mock Vipps API in this process, and sends carts to it on `POST /api/send`.
// Usage: node scripts/demo.mjs   (PORT=8080 by default; a free port when that one is busy)
// Needs the package built first: scripts/build-pkg.sh.
// Everything is local: the server listens on 127.0.0.1 only and the page loads nothing from elsewhere.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join, normalize, extname, sep } from "node:path";
import { startMockServer, DEFAULT_CREDENTIALS } from "../tests/mock-api/server.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const wwwDir = join(root, "www");
const pkgDir = join(root, "pkg");

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

// The page talks only to this server; the CSP makes that a rule the browser enforces.
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: https:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CREDENTIALS = {
  clientId: DEFAULT_CREDENTIALS?.clientId ?? "test-client-id",
  clientSecret: DEFAULT_CREDENTIALS?.clientSecret ?? "test-client-secret",
  subscriptionKey: DEFAULT_CREDENTIALS?.subscriptionKey ?? "test-subscription-key",
  merchantSerialNumber: DEFAULT_CREDENTIALS?.merchantSerialNumber ?? "123456",
};
const SYSTEM_NAME = "vipps-order-management-demo";

function send(res, status, body, type = "application/json; charset=utf-8") {
  const text = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(text);
}

async function readBody(req, limit = 1 << 20) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error("request body too large"), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Resolves a URL path under `dir`, refusing anything that escapes it. */
function safeJoin(dir, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const full = normalize(join(dir, decoded));
  return full === dir || full.startsWith(dir + sep) ? full : null;
}

async function serveFile(res, dir, urlPath) {
  let file = safeJoin(dir, urlPath);
  if (!file) return send(res, 400, { error: "bad path" });
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const bytes = await readFile(file);
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    res.writeHead(200, {
      "Content-Type": type,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      ...(type.startsWith("text/html") ? { "Content-Security-Policy": CSP } : {}),
    });
    res.end(bytes);
  } catch {
    send(res, 404, { error: `not found: ${urlPath}` });
  }
}

/** Sends the category and the receipt to the mock with the package's own client. */
async function sendToMock(pkg, mockUrl, { orderId, category, receipt }) {
  const client = new pkg.OrderManagementClient({
    ...CREDENTIALS,
    baseUrl: mockUrl,
    systemName: SYSTEM_NAME,
    systemVersion: pkg.version(),
  });
  try {
    if (category) await client.setCategory("ECOM", orderId, category);
    const result = await client.addReceipt("ECOM", orderId, receipt);
    return { via: "OrderManagementClient", status: result.status, result };
  } finally {
    client.free();
  }
}

function errorBody(e) {
  return { ok: false, error: { code: e.code ?? "error", message: e.message, status: e.status, issues: e.issues ?? [] } };
}

/**
 * Starts the demo. `port: 0` picks a free port; a busy port falls back to a free one when
 * `fallbackToFreePort` is set. Resolves to { url, port, mockUrl, mock, close() }.
 */
export async function startDemo({ port = 8080, fallbackToFreePort = true } = {}) {
  const pkg = await import(pathToFileURL(join(pkgDir, "index.node.mjs")).href).catch((e) => {
    throw new Error(`cannot load pkg/index.node.mjs (run scripts/build-pkg.sh first): ${e.message}`);
  });
  const mock = await startMockServer({ port: 0 });

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      const path = url.pathname;
      if (path === "/api/send") {
        if (req.method !== "POST") return send(res, 405, { error: "POST only" });
        let body;
        try {
          body = JSON.parse(await readBody(req));
        } catch (e) {
          return send(res, e.status ?? 400, errorBody({ code: "invalid_input", message: `bad JSON body: ${e.message}` }));
        }
        const { cart, orderId, category } = body ?? {};
        if (typeof orderId !== "string" || !/^[0-9A-Za-z\-_.]{1,50}$/.test(orderId)) {
          return send(res, 400, errorBody({ code: "invalid_input", message: "orderId must match [0-9A-Za-z-_.]+", issues: [{ path: "orderId", code: "invalid_order_id", message: "use letters, digits, - _ ." }] }));
        }
        let receipt;
        try {
          receipt = pkg.buildReceipt(cart);
        } catch (e) {
          return send(res, 422, errorBody(e));
        }
        try {
          const result = await sendToMock(pkg, mock.url, { orderId, category, receipt });
          return send(res, 200, { ok: true, orderId, ...result, receipt });
        } catch (e) {
          const status = e.code === "conflict" ? 409 : e.code === "invalid_input" ? 422 : 502;
          return send(res, status, errorBody(e));
        }
      }
      if (path === "/api/mock-state") {
        const r = await fetch(`${mock.url}/__mock/state`);
        const state = await r.json();
        return send(res, 200, {
          receipts: state.receipts,
          receiptPostCount: state.receiptPostCount,
          categories: state.categories,
        });
      }
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: "GET only" });
      if (path.startsWith("/pkg/")) return serveFile(res, pkgDir, path.slice("/pkg".length));
      return serveFile(res, wwwDir, path === "/" ? "/index.html" : path);
    } catch (e) {
      send(res, 500, errorBody(e));
    }
  });

  const listen = (p) =>
    new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(p, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  try {
    await listen(port);
  } catch (e) {
    if (e.code !== "EADDRINUSE" || !fallbackToFreePort) {
      await mock.close();
      throw e;
    }
    console.error(`port ${port} is busy; using a free one`);
    await listen(0);
  }
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    mockUrl: mock.url,
    mock,
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(() => r()));
      await mock.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  const demo = await startDemo({ port });
  console.log(`Demo: ${demo.url}`);
  console.log(`(mock Vipps API at ${demo.mockUrl}; Ctrl-C to stop)`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
