// examples/edge-worker/worker.js as Cloudflare runs it: bundled by esbuild the way wrangler does
// (the "workerd" export condition; the .wasm kept as a module), served by workerd with its keys as
// text bindings and the mock Vipps API as its Vipps base URL, then driven over HTTP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, root, cart, startMockServer, DEFAULT_CREDENTIALS } from "./helpers.mjs";
import { freePort, waitForServer } from "../support/net.mjs";

const T = { timeout: 30_000 };
const SHOP_URL = "https://shop.example";
let mock;
let work;
let workerd;
let workerUrl;

before(async () => {
  mock = await startMockServer({ port: 0 });
  work = mkdtempSync(join(tmpdir(), "vom-edge-worker-"));
  // `vipps-order-management` resolves to the built pkg/ through a node_modules folder on
  // NODE_PATH, so esbuild reads pkg/package.json's "exports" exactly as for an installed copy.
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

  const port = await freePort();
  const text = (name, value) => `(name = "${name}", text = ${JSON.stringify(value)})`;
  writeFileSync(
    join(dist, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # workerd's default outbound refuses private and local addresses; the mock is on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "${wasmName}", wasm = embed "${wasmName}"),
  ],
  compatibilityDate = "2024-09-23",
  globalOutbound = "internet",
  bindings = [
    ${text("VIPPS_CLIENT_ID", DEFAULT_CREDENTIALS.clientId)},
    ${text("VIPPS_CLIENT_SECRET", DEFAULT_CREDENTIALS.clientSecret)},
    ${text("VIPPS_SUBSCRIPTION_KEY", DEFAULT_CREDENTIALS.subscriptionKey)},
    ${text("VIPPS_MSN", DEFAULT_CREDENTIALS.merchantSerialNumber)},
    ${text("VIPPS_BASE_URL", mock.url)},
    ${text("SHOP_URL", SHOP_URL)},
  ],
);
`,
  );
  workerd = spawn(join(root, "node_modules/.bin/workerd"), ["serve", join(dist, "config.capnp")], {
    stdio: ["ignore", "inherit", "pipe"],
  });
  workerd.stderr.on("data", (chunk) => process.stderr.write(`workerd: ${chunk}`));
  workerUrl = `http://127.0.0.1:${port}`;
  await waitForServer(`${workerUrl}/health`, 20_000, workerd);
});

after(async () => {
  if (workerd && workerd.exitCode === null) {
    const exited = new Promise((ok) => workerd.once("exit", ok));
    workerd.kill("SIGTERM");
    await exited;
  }
  await mock?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function postReceipt(body) {
  const response = await fetch(`${workerUrl}/receipt`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: await response.json() };
}

// Two requests in flight at once in one isolate: with a client shared by the isolate, the second
// waited on the first's token fetch and workerd cancelled it as hung. A client per request works.
test("two checkouts at once: both receipts posted", T, async () => {
  const [a, b] = await Promise.all([
    postReceipt({ orderId: "edge-a", cart: cart() }),
    postReceipt({ orderId: "edge-b", cart: cart(1), category: "DELIVERY" }),
  ]);
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const state = mock.state;
  assert.equal(state.tokensIssued, 2, "a client (and so a token) per request");
  assert.deepEqual(state.receipts["ECOM/edge-a"], api.buildReceipt(cart()));
  assert.deepEqual(state.receipts["ECOM/edge-b"], api.buildReceipt(cart(1)));
  assert.deepEqual(state.categories["ECOM/edge-b"], {
    category: "DELIVERY",
    orderDetailsUrl: `${SHOP_URL}/orders/edge-b`,
  });
});

test("a checkout: the mock holds exactly that receipt and category; again is already_exists", T, async () => {
  const expected = api.buildReceipt(cart());
  const first = await postReceipt({ orderId: "edge-1", cart: cart(), category: "ORDER_CONFIRMATION" });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.deepEqual(first.body, { status: "created", receipt: expected });
  let state = mock.state;
  assert.deepEqual(state.receipts["ECOM/edge-1"], expected);
  assert.equal(state.receiptPostCount["ECOM/edge-1"], 1);
  assert.deepEqual(state.categories["ECOM/edge-1"], {
    category: "ORDER_CONFIRMATION",
    orderDetailsUrl: `${SHOP_URL}/orders/edge-1`,
  });

  const again = await postReceipt({ orderId: "edge-1", cart: cart(), category: "ORDER_CONFIRMATION" });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.deepEqual(again.body, { status: "already_exists", receipt: expected });
  state = mock.state;
  assert.equal(state.receiptPostCount["ECOM/edge-1"], 1);
  // The worker's requests carried the keys from its bindings and its system name.
  const posts = state.requests.filter((r) => r.path === "/order-management/v2/ECOM/receipts/edge-1");
  assert.equal(posts[0].headers["merchant-serial-number"], DEFAULT_CREDENTIALS.merchantSerialNumber);
  assert.equal(posts[0].headers["vipps-system-name"], "acme-shop-worker");
});

test("a different cart for the same order is 409 with the existing receipt", T, async () => {
  assert.equal((await postReceipt({ orderId: "edge-2", cart: cart() })).status, 201);
  const other = await postReceipt({ orderId: "edge-2", cart: cart(5) });
  assert.equal(other.status, 409, JSON.stringify(other.body));
  assert.equal(other.body.code, "conflict");
  assert.deepEqual(other.body.existing, api.buildReceipt(cart()));
  assert.deepEqual(mock.state.receipts["ECOM/edge-2"], api.buildReceipt(cart()));
});

test("a bad cart is 400 with every issue, and nothing reaches the API", T, async () => {
  const sent = mock.state.requests.length;
  const bad = cart();
  bad.items[0].unitPrice = "39.9.0";
  bad.items[1].taxRate = 2.5; // a number is basis points: a fraction is refused, never guessed
  const response = await postReceipt({ orderId: "edge-3", cart: bad });
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(response.body.code, "invalid_input");
  const paths = response.body.issues.map((i) => i.path);
  assert.ok(paths.includes("cart.items[0].unitPrice"), JSON.stringify(paths));
  assert.ok(paths.includes("cart.items[1].taxRate"), JSON.stringify(paths));

  const noOrder = await postReceipt({ cart: cart(), category: "PARTY" });
  assert.equal(noOrder.status, 400);
  assert.deepEqual(noOrder.body.issues.map((i) => i.path), ["orderId", "category"]);
  const badId = await postReceipt({ orderId: "order 1", cart: cart() });
  assert.equal(badId.status, 400);
  assert.ok(badId.body.issues.some((i) => i.path === "orderId"), JSON.stringify(badId.body));
  const notJson = await postReceipt("{");
  assert.equal(notJson.status, 400);
  assert.equal(mock.state.requests.length, sent);
});

test("a 500 from the API once is retried into success", T, async () => {
  mock.addFault({ fault: "500", method: "POST", path: "/order-management/v2/ECOM/receipts/edge-4" });
  const response = await postReceipt({ orderId: "edge-4", cart: cart() });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  const posts = mock.state.requests.filter((r) => r.path === "/order-management/v2/ECOM/receipts/edge-4");
  assert.deepEqual(posts.map((r) => r.status), [500, 201]);
  assert.equal(mock.state.receiptPostCount["ECOM/edge-4"], 1);
});

test("an API that keeps failing is 502 with the error's code", T, async () => {
  mock.addFault({ fault: "503", method: "POST", path: "/order-management/v2/ECOM/receipts/edge-5", times: 3 });
  const response = await postReceipt({ orderId: "edge-5", cart: cart() });
  assert.equal(response.status, 502, JSON.stringify(response.body));
  assert.equal(response.body.code, "server_error");
  assert.equal(response.body.status, 503);
  assert.ok(!JSON.stringify(response.body).includes(DEFAULT_CREDENTIALS.clientSecret));
});
