// Durable delivery in examples/edge-worker/worker.js, on Cloudflare Queues as Miniflare 4 runs them
// (workerd, with Queues and KV implemented locally): POST /checkout queues the receipt and answers 202,
// the same Worker's queue consumer posts it to the mock Vipps API over real HTTP, and the mock's faults
// make the API fail. The queue settings mirror examples/edge-worker/wrangler.toml, with short delays.
// Its outcomes are the queue section of fault-matrix.md (compared; `UPDATE_DOCS=1` rewrites it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { api, cart, makeClient, startMockServer, bundleEdgeWorker, DEFAULT_CREDENTIALS, QUEUE_SECTION, checkFaultMatrixSection } from "./helpers.mjs";

const T = { timeout: 60_000 };
const SHOP_URL = "https://shop.example";
const ADMIN_TOKEN = "admin-t0ken-for-tests";
const MAX_DELIVERIES = 3;
let mock;
let work;
let mf;
const rows = []; // the fault-matrix section

before(async () => {
  mock = await startMockServer({ port: 0 });
  work = mkdtempSync(join(tmpdir(), "vom-edge-queue-"));
  const { dist, wasmName } = bundleEdgeWorker(work);
  mf = new Miniflare({
    modulesRoot: dist,
    modules: [
      { type: "ESModule", path: join(dist, "worker.js") },
      { type: "CompiledWasm", path: join(dist, wasmName) },
    ],
    compatibilityDate: "2024-09-23",
    bindings: {
      VIPPS_CLIENT_ID: DEFAULT_CREDENTIALS.clientId,
      VIPPS_CLIENT_SECRET: DEFAULT_CREDENTIALS.clientSecret,
      VIPPS_SUBSCRIPTION_KEY: DEFAULT_CREDENTIALS.subscriptionKey,
      VIPPS_MSN: DEFAULT_CREDENTIALS.merchantSerialNumber,
      VIPPS_BASE_URL: mock.url,
      SHOP_URL,
      ADMIN_TOKEN,
      MAX_DELIVERIES: String(MAX_DELIVERIES),
      RETRY_BASE_SECONDS: "1",
    },
    queueProducers: {
      RECEIPTS: { queueName: "vipps-receipts" },
      DEAD_LETTERS: { queueName: "vipps-receipts-dlq" },
    },
    queueConsumers: {
      "vipps-receipts": { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 10, deadLetterQueue: "vipps-receipts-dlq" },
      "vipps-receipts-dlq": { maxBatchSize: 10, maxBatchTimeout: 1 },
    },
    kvNamespaces: ["DEAD_LETTER_LOG"],
  });
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await mock?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function post(path, body, headers = {}) {
  const response = await mf.dispatchFetch(`http://worker${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The dead letters (of one order, when given). */
/** Waits up to `ms` for the order's first dead letter. */
async function firstDeadLetter(orderId, ms) {
  const [entry] = await until(async () => {
    const all = await deadLetters(orderId);
    return all.length ? all : null;
  }, ms, "the dead letter");
  return entry;
}

async function deadLetters(orderId) {
  const response = await mf.dispatchFetch("http://worker/dead-letters", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(response.status, 200);
  const all = (await response.json()).deadLetters;
  return orderId === undefined ? all : all.filter((d) => d.message.orderId === orderId);
}

/** Polls `check` (which returns a value when done) every 100 ms; fails after `ms`. */
async function until(check, ms, label) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`${label}: not after ${ms} ms`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const receiptPath = (orderId) => `/order-management/v2/ECOM/receipts/${orderId}`;
/** The consumer's receipt POSTs for the order, grouped by Idempotency-Key: one group per delivery. */
function deliveries(orderId) {
  const groups = new Map();
  for (const r of mock.state.requests) {
    if (r.method !== "POST" || r.path !== receiptPath(orderId)) continue;
    if (!groups.has(r.idempotencyKey)) groups.set(r.idempotencyKey, []);
    groups.get(r.idempotencyKey).push(r);
  }
  return [...groups.values()];
}

const quiet = () => new Promise((ok) => setTimeout(ok, 2_500)); // longer than a batch timeout and a retry

test("an invalid body is 400 with every issue, and nothing is queued", T, async () => {
  const bad = cart();
  bad.items[0].unitPrice = "39.9.0";
  const response = await post("/checkout", { orderId: "q-invalid", cart: bad, paymentType: "CASH" });
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(response.body.code, "invalid_input");
  assert.deepEqual(response.body.issues.map((i) => i.path), ["paymentType"]);
  const badCart = await post("/checkout", { orderId: "q-invalid", cart: bad });
  assert.equal(badCart.status, 400);
  assert.ok(badCart.body.issues.some((i) => i.path === "cart.items[0].unitPrice"), JSON.stringify(badCart.body));
  assert.equal((await post("/checkout", "{")).status, 400);
  // The package's id rules: ".." would be read as "the parent folder" in the URL path.
  const dots = await post("/checkout", { orderId: "..", cart: cart() });
  assert.equal(dots.status, 400);
  assert.deepEqual(dots.body.issues.map((i) => [i.path, i.code]), [["orderId", "id_dot_segment"]]);
  await quiet();
  assert.equal(mock.state.requests.filter((r) => r.path.includes("q-invalid")).length, 0, "nothing reached the API");
  assert.deepEqual(await deadLetters(), [], "and nothing was dead-lettered");
  rows.push("| invalid body (bad price, payment type, order id `..`, not JSON) | 400 with the issues' paths | 0 | nothing queued, nothing sent |");
});

test("the API down (503) for the first 2 deliveries, then up: exactly one receipt and category", T, async () => {
  const orderId = "q-down";
  mock.addFault({ fault: "503", method: "POST", path: receiptPath(orderId), times: 2 * 3 });
  const queued = await post("/checkout", { orderId, cart: cart(), category: "DELIVERY" });
  assert.equal(queued.status, 202, JSON.stringify(queued.body));
  assert.deepEqual(queued.body, { status: "queued", orderId, receipt: api.buildReceipt(cart()) });
  await until(() => mock.state.categories[`ECOM/${orderId}`], 30_000, "the category");
  const state = mock.state;
  assert.deepEqual(state.receipts[`ECOM/${orderId}`], api.buildReceipt(cart()));
  assert.equal(state.receiptPostCount[`ECOM/${orderId}`], 1);
  assert.deepEqual(state.categories[`ECOM/${orderId}`], { category: "DELIVERY", orderDetailsUrl: `${SHOP_URL}/orders/${orderId}` });
  const tries = deliveries(orderId);
  assert.deepEqual(tries.map((d) => d.map((r) => r.status)), [[503, 503, 503], [503, 503, 503], [201]]);
  // The queue waited 1 s, then 2 s, between deliveries (growing delays).
  const gaps = [1, 2].map((n) => Date.parse(tries[n][0].time) - Date.parse(tries[n - 1].at(-1).time));
  assert.ok(gaps[0] >= 900 && gaps[1] >= 1_900 && gaps[1] > gaps[0], `gaps ${gaps}`);
  assert.deepEqual(await deadLetters(orderId), []);
  rows.push("| `503` on the receipt for the first 2 deliveries (all 3 attempts of each) | 202 | 3 (retried after 1 s, then 2 s) | one receipt, category set |");
});

test("a lost 201 (applied, answer dropped on every attempt): one receipt", T, async () => {
  const orderId = "q-lost";
  mock.addFault({ fault: "apply-then-drop", method: "POST", path: receiptPath(orderId), times: 3 });
  assert.equal((await post("/checkout", { orderId, cart: cart(2) })).status, 202);
  await until(() => mock.state.categories[`ECOM/${orderId}`], 30_000, "the category");
  const state = mock.state;
  assert.deepEqual(state.receipts[`ECOM/${orderId}`], api.buildReceipt(cart(2)));
  assert.equal(state.receiptPostCount[`ECOM/${orderId}`], 1);
  // Delivery 1 wrote it and never heard back; delivery 2 met a 409, read the order back, found the
  // same receipt: already_exists, acknowledged.
  assert.deepEqual(deliveries(orderId).map((d) => d.map((r) => r.status)), [[null, null, null], [409]]);
  assert.deepEqual(await deadLetters(orderId), []);
  rows.push("| `apply-then-drop` on every attempt of delivery 1 | 202 | 2 | one receipt (delivery 2: 409 → read back → `already_exists`), category set |");
});

test("a different receipt already on the order: dead-lettered at once with conflict", T, async () => {
  const orderId = "q-conflict";
  const other = api.buildReceipt(cart(5));
  const shop = makeClient(mock);
  try {
    assert.equal((await shop.addReceipt("ECOM", orderId, other)).status, "created");
  } finally {
    shop.free();
  }
  assert.equal((await post("/checkout", { orderId, cart: cart() })).status, 202);
  const entry = await firstDeadLetter(orderId, 30_000);
  assert.equal(entry.reason.code, "conflict");
  assert.equal(entry.reason.status, 409);
  assert.deepEqual(entry.reason.existing, other);
  assert.equal(entry.deliveries, 1, "not retried");
  assert.deepEqual(entry.message.receipt, api.buildReceipt(cart()));
  assert.ok(entry.key.startsWith(`ECOM/${orderId}/`));
  const state = mock.state;
  assert.deepEqual(state.receipts[`ECOM/${orderId}`], other, "the order's receipt is untouched");
  assert.equal(state.categories[`ECOM/${orderId}`], undefined, "and so is its category");
  assert.equal(deliveries(orderId).length, 2, "the shop's own post, then one delivery");
  rows.push("| a different receipt already on the order | 202 | 1 | dead-letter queue at once, reason `conflict` with the existing receipt; order untouched |");
});

test("the same order checked out twice: one receipt", T, async () => {
  const orderId = "q-twice";
  const body = { orderId, cart: cart(3), category: "ORDER_CONFIRMATION" };
  const answers = await Promise.all([post("/checkout", body), post("/checkout", body)]);
  assert.deepEqual(answers.map((a) => a.status), [202, 202]);
  await until(() => deliveries(orderId).length === 2 && mock.state.categories[`ECOM/${orderId}`], 30_000, "both deliveries");
  await quiet(); // a third delivery would show up now
  const state = mock.state;
  assert.equal(state.receiptPostCount[`ECOM/${orderId}`], 1);
  assert.deepEqual(state.receipts[`ECOM/${orderId}`], api.buildReceipt(cart(3)));
  const statuses = deliveries(orderId).map((d) => d.map((r) => r.status)).flat().sort();
  assert.deepEqual(statuses, [201, 409], "one created, the other found the same receipt");
  assert.equal(deliveries(orderId).length, 2);
  assert.deepEqual(await deadLetters(orderId), []);
  rows.push("| the same order queued twice | 202, 202 | 2 (one each) | one receipt (the second: 409 → same receipt → `already_exists`) |");
});

test(`the API down for good: dead-lettered after ${MAX_DELIVERIES} deliveries, then replayed`, T, async () => {
  const orderId = "q-gone";
  mock.addFault({ fault: "503", method: "POST", path: receiptPath(orderId), times: 1000 });
  assert.equal((await post("/checkout", { orderId, cart: cart(4) })).status, 202);
  const entry = await firstDeadLetter(orderId, 45_000);
  assert.equal(entry.reason.code, "server_error");
  assert.equal(entry.reason.status, 503);
  assert.equal(entry.reason.gaveUpAfterDeliveries, MAX_DELIVERIES);
  assert.equal(deliveries(orderId).length, MAX_DELIVERIES);
  assert.equal(mock.state.receipts[`ECOM/${orderId}`], undefined);

  // The API is back: replay the dead letter (README.md, "Dead letters").
  const cleared = await fetch(`${mock.url}/__mock/faults`, { method: "DELETE" });
  assert.ok(cleared.ok);
  const unauthorised = await post("/dead-letters/replay", { keys: [entry.key] });
  assert.equal(unauthorised.status, 401);
  const replay = await post("/dead-letters/replay", { keys: [entry.key, "ECOM/nope/1"] }, { authorization: `Bearer ${ADMIN_TOKEN}` });
  assert.equal(replay.status, 202, JSON.stringify(replay.body));
  assert.deepEqual(replay.body, { replayed: [entry.key], missing: ["ECOM/nope/1"] });
  await until(() => mock.state.categories[`ECOM/${orderId}`], 30_000, "the replayed receipt");
  assert.equal(mock.state.receiptPostCount[`ECOM/${orderId}`], 1);
  assert.deepEqual(await deadLetters(orderId), []);
  rows.push(`| \`503\` on every attempt | 202 | ${MAX_DELIVERIES} | dead-letter queue, reason \`server_error\` (\`gaveUpAfterDeliveries: ${MAX_DELIVERIES}\`); replayed after the outage: one receipt |`);
});

// Last (top-level tests run in order): the queue section of fault-matrix.md, from the rows above.
test("the queue section of fault-matrix.md holds these outcomes (UPDATE_DOCS=1 rewrites it)", () => {
  assert.equal(rows.length, 6, "every queue case ran");
  checkFaultMatrixSection("queue", `${QUEUE_SECTION}
## Queue: durable delivery (generated)

Written by \`node --test tests/client-js/edge-queue.test.mjs\`: examples/edge-worker in Miniflare 4 (workerd
with Cloudflare Queues and KV), \`POST /checkout\` against the mock Vipps API over HTTP. Consumer: the
client's own retries (3 attempts), then \`message.retry({delaySeconds: 1 × 2^(delivery − 1)})\`;
\`MAX_DELIVERIES: ${MAX_DELIVERIES}\`; permanent errors to the dead-letter queue at once. A delivery is one call of
the client, counted by its \`Idempotency-Key\`.

| fault | checkout answer | deliveries | end state |
| --- | --- | --- | --- |
${rows.join("\n")}
`);
});
