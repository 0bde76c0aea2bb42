// examples/edge-worker/worker.js as Cloudflare runs it: bundled by esbuild the way wrangler does
// (the "workerd" export condition; the .wasm kept as a module), served by workerd with its keys as
// text bindings and the mock Vipps API as its Vipps base URL, then driven over HTTP. The queue route
// and consumer are tested in Miniflare (edge-queue.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, root, cart, startMockServer, bundleEdgeWorker, DEFAULT_CREDENTIALS } from "./helpers.mjs";
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
  const { dist, wasmName } = bundleEdgeWorker(work);

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

// The Worker shares one client per isolate, made lazily by the first request. 20 checkouts at once
// with no token yet: one request fetches the token while the others wait on their own timers, so none
// hangs (a request awaiting another request's promise would be cancelled by workerd) and the token is
// fetched once or twice, not 20 times. Then 20 more reuse it.
test("20 concurrent first checkouts, then 20 more, share the isolate's client and its token", T, async () => {
  const round = (from) =>
    Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postReceipt({ orderId: `edge-c${from + i}`, cart: cart(i), category: i % 2 ? "DELIVERY" : "RECEIPT" }),
      ),
    );
  const first = await round(0);
  for (const answer of first) assert.equal(answer.status, 201, JSON.stringify(answer.body));
  const afterFirst = mock.state.tokensIssued;
  const second = await round(20);
  for (const answer of second) assert.equal(answer.status, 201, JSON.stringify(answer.body));
  const state = mock.state;
  console.log(`# token fetches: ${afterFirst} for the first 20 concurrent checkouts, ${state.tokensIssued} after 40`);
  assert.ok(afterFirst >= 1 && afterFirst <= 2, `token fetches for 20 first checkouts: ${afterFirst}`);
  assert.equal(state.tokensIssued, afterFirst, "the next 20 reuse the cached token");
  for (let i = 0; i < 40; i++) {
    assert.deepEqual(state.receipts[`ECOM/edge-c${i}`], api.buildReceipt(cart(i % 20)));
    assert.equal(state.receiptPostCount[`ECOM/edge-c${i}`], 1);
  }
  assert.deepEqual(state.categories["ECOM/edge-c1"], {
    category: "DELIVERY",
    orderDetailsUrl: `${SHOP_URL}/orders/edge-c1`,
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

// The receipt is posted before the category, so the conflicting checkout changes nothing on the order.
test("a different cart for the same order is 409 with the existing receipt, the category untouched", T, async () => {
  assert.equal((await postReceipt({ orderId: "edge-2", cart: cart(), category: "ORDER_CONFIRMATION" })).status, 201);
  const category = mock.state.categories["ECOM/edge-2"];
  assert.equal(category.category, "ORDER_CONFIRMATION");
  const other = await postReceipt({ orderId: "edge-2", cart: cart(5), category: "DELIVERY" });
  assert.equal(other.status, 409, JSON.stringify(other.body));
  assert.equal(other.body.code, "conflict");
  assert.deepEqual(other.body.existing, api.buildReceipt(cart()));
  const state = mock.state;
  assert.deepEqual(state.receipts["ECOM/edge-2"], api.buildReceipt(cart()));
  assert.deepEqual(state.categories["ECOM/edge-2"], category, "the conflict left the order's category as it was");
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
