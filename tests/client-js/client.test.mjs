// The JS client (pkg/, as Node imports it) against the mock Vipps API over real HTTP on 127.0.0.1:
// every endpoint, the token cache, input refused before sending, the error codes and what they
// carry, retries, timeouts, idempotency keys, secrets kept out of errors, and the browser guard.
import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import {
  api, root, makeClient, fetchToken, png, cart, apiRequests, settle, assertPackageError,
  startMockServer, DEFAULT_CREDENTIALS,
} from "./helpers.mjs";
import { enrichReceipt } from "../mock-api/server.mjs";

const T = { timeout: 20_000 }; // no test may hang the run
let mock;

before(async () => {
  mock = await startMockServer({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

const receiptPath = (orderId, paymentType = "ECOM") => `/order-management/v2/${paymentType}/receipts/${orderId}`;
const category = { category: "RECEIPT", orderDetailsUrl: "https://shop.example/orders/1" };

/** Runs `call`, which must reject; returns the error after checking it is the package's. */
/** A receipt as GET returns it under the mock's `getOrder` setting: as posted, or enriched. */
const asRead = (receipt) => (mock.state.config.getOrder === "enriched" ? enrichReceipt(receipt) : receipt);

/**
 * Reads an order with no category or receipt: `{}` when the mock answers 200 `{}` (assumed), `not_found` when it
 * answers the spec's 404 (`emptyOrder` setting; `make test-js` runs this file both ways).
 */
async function readEmptyOrder(client, paymentType, orderId) {
  if (mock.state.config.emptyOrder === "404") await rejection(client.getOrder(paymentType, orderId), "not_found");
  else assert.deepEqual(await client.getOrder(paymentType, orderId), {});
}

async function rejection(call, code) {
  const outcome = await settle(call, 15_000, "call");
  assert.ok("error" in outcome, `expected a rejection, got ${JSON.stringify(outcome.value)}`);
  assertPackageError(outcome.error, code);
  return outcome.error;
}

// ---------- every endpoint ----------

test("every endpoint's happy path", T, async () => {
  const client = makeClient(mock);
  const receipt = api.buildReceipt(cart());

  assert.equal((await client.addReceipt("ECOM", "order-1", receipt)).status, "created");
  assert.deepEqual(mock.state.receipts["ECOM/order-1"], receipt);

  const image = png(200, 200);
  const uploaded = await client.uploadImage(image, "logo-1");
  assert.deepEqual(uploaded, { imageId: "logo-1", status: "created", idFromContent: false });
  assert.equal(mock.state.images["logo-1"].height, 200);
  // The same content as base64 with the default (content-derived) id: one more image, then none.
  const base64 = Buffer.from(image).toString("base64");
  const first = await client.uploadImage(base64);
  assert.equal(first.status, "created");
  assert.equal(first.imageId, api.imageIdFor(image));
  assert.deepEqual(await client.uploadImage(image), { imageId: first.imageId, status: "already_exists", idFromContent: true });

  assert.match((await client.setCategory("ECOM", "order-1", { ...category, imageId: "logo-1" })).id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(mock.state.categories["ECOM/order-1"], { ...category, imageId: "logo-1" });

  const order = await client.getOrder("ECOM", "order-1");
  assert.deepEqual(order.receipt, asRead(receipt));
  assert.deepEqual(order.category, { ...category, imageId: "logo-1" });
  // An order with no data: the mock's setting (200 {} assumed, or the spec's 404).
  await readEmptyOrder(client, "RECURRING", "order-1");

  const added = await client.addCategory({
    orderId: "order-1", paymentType: "ECOM", type: "TICKET", url: "https://shop.example/tickets/1",
  });
  assert.match(added.categoryId, /^[0-9a-f-]{36}$/);
  const listed = await client.getCategories("order-1");
  assert.deepEqual(listed.categories.map((c) => c.categoryId), [added.categoryId]);
  const one = await client.getCategory(added.categoryId);
  assert.equal(one.type, "TICKET");
  assert.equal(one.url, "https://shop.example/tickets/1");
  assert.equal(await client.deleteCategory(added.categoryId), undefined);
  assert.deepEqual(mock.state.categoriesV3, []);
  const gone = await rejection(client.getCategory(added.categoryId), "not_found");
  assert.equal(gone.status, 404);

  // Every API request carried the headers the API wants.
  for (const request of apiRequests(mock)) {
    assert.equal(request.headers["ocp-apim-subscription-key"], DEFAULT_CREDENTIALS.subscriptionKey);
    assert.equal(request.headers["merchant-serial-number"], DEFAULT_CREDENTIALS.merchantSerialNumber);
    assert.equal(request.headers["vipps-system-name"], "client-js-tests");
    assert.equal(request.headers["vipps-system-version"], "1.0.0");
    assert.match(request.headers.authorization, /^Bearer \S+$/);
  }
});

// ---------- tokens ----------

test("one token serves many calls, concurrent ones included", T, async () => {
  const client = makeClient(mock);
  await Promise.all(Array.from({ length: 5 }, (_, i) => readEmptyOrder(client, "ECOM", `order-${i}`)));
  for (let i = 0; i < 5; i++) await client.getCategories(`order-${i}`);
  await client.addReceipt("ECOM", "order-t", api.buildReceipt(cart()));
  const state = mock.state;
  assert.equal(state.tokensIssued, 1);
  const bearers = new Set(apiRequests(mock).map((r) => r.headers.authorization));
  assert.equal(apiRequests(mock).length, 11);
  assert.equal(bearers.size, 1);
});

test("an expired token is renewed once, then the call succeeds", T, async () => {
  const client = makeClient(mock);
  await readEmptyOrder(client, "ECOM", "order-1");
  assert.equal(mock.state.tokensIssued, 1);
  mock.addFault({ fault: "expire-token", path: "/order-management/" });
  assert.equal((await client.addReceipt("ECOM", "order-1", api.buildReceipt(cart()))).status, "created");
  const state = mock.state;
  assert.equal(state.tokensIssued, 2);
  const posts = apiRequests(mock, receiptPath("order-1"));
  assert.deepEqual(posts.map((r) => r.status), [401, 201]);
  assert.notEqual(posts[0].headers.authorization, posts[1].headers.authorization);
  // The new token is the one kept: later calls fetch none.
  await client.getOrder("ECOM", "order-1");
  assert.equal(mock.state.tokensIssued, 2);
});

test("accessToken as a string", T, async () => {
  const token = await fetchToken(mock);
  const client = makeClient(mock, { clientId: undefined, clientSecret: undefined, accessToken: token });
  await client.addReceipt("ECOM", "order-1", api.buildReceipt(cart()));
  await client.getOrder("ECOM", "order-1");
  assert.equal(mock.state.tokensIssued, 1, "only the test's own fetch");
  for (const request of apiRequests(mock)) assert.equal(request.headers.authorization, `Bearer ${token}`);
});

test("accessToken as an async function: asked once, its token cached", T, async () => {
  let asked = 0;
  const client = makeClient(mock, {
    clientId: undefined,
    clientSecret: undefined,
    accessToken: async () => {
      asked += 1;
      return { token: await fetchToken(mock), expiresInMs: 3_600_000 };
    },
  });
  await client.addReceipt("ECOM", "order-1", api.buildReceipt(cart()));
  await Promise.all([client.getOrder("ECOM", "order-1"), client.getCategories("order-1")]);
  assert.equal(asked, 1);
  assert.equal(mock.state.tokensIssued, 1);
  // A rejected token function is `unauthorized`, and nothing is sent.
  mock.reset();
  const failing = makeClient(mock, {
    clientId: undefined,
    clientSecret: undefined,
    accessToken: () => Promise.reject(new Error("vault down")),
  });
  await rejection(failing.getOrder("ECOM", "order-1"), "unauthorized");
  assert.equal(mock.state.requests.length, 0);
});

// ---------- invalid input: refused before anything is sent ----------

test("invalid input is refused with issues and no request reaches the API", T, async () => {
  const client = makeClient(mock);
  const receipt = api.buildReceipt(cart());

  const badId = await rejection(client.addReceipt("ECOM", "order 1/../x", receipt), "invalid_input");
  assert.ok(badId.issues.some((i) => i.path === "orderId"), JSON.stringify(badId.issues));

  const broken = structuredClone(receipt);
  broken.orderLines[1].totalTaxAmount += 1; // totalAmount − totalAmountExcludingTax no longer equals it
  const identity = await rejection(client.addReceipt("ECOM", "order-1", broken), "invalid_input");
  assert.ok(identity.issues.some((i) => i.path === "orderLines[1].totalTaxAmount"), JSON.stringify(identity.issues));

  const short = await rejection(client.uploadImage(png(300, 166), "short"), "invalid_input");
  assert.ok(short.issues.some((i) => i.code === "image_too_short"), JSON.stringify(short.issues));

  const badCategory = await rejection(
    client.setCategory("ECOM", "order-1", { category: "NOPE", orderDetailsUrl: "not a url" }),
    "invalid_input",
  );
  // Every problem, each at its path (not one parser complaint about the whole body).
  const paths = (error) => error.issues.map((i) => i.path).sort();
  assert.deepEqual(paths(badCategory), ["category", "orderDetailsUrl"], JSON.stringify(badCategory.issues));

  const floaty = structuredClone(receipt);
  floaty.orderLines[0].totalAmount += 0.5; // the float-money bug
  floaty.bottomLine.currency = "SEK";
  const shape = await rejection(client.addReceipt("ECOM", "order-1", floaty), "invalid_input");
  for (const path of ["orderLines[0].totalAmount", "bottomLine.currency"]) {
    assert.ok(paths(shape).includes(path), `${path} missing from ${JSON.stringify(shape.issues)}`);
  }

  let constructorError;
  try {
    makeClient(mock, { systemName: "x".repeat(101) });
  } catch (error) {
    constructorError = error;
  }
  assertPackageError(constructorError, "invalid_input");
  assert.ok(constructorError.issues.some((i) => i.path === "systemName"), JSON.stringify(constructorError.issues));
  makeClient(mock, { systemName: "x".repeat(100) }); // 100 is allowed

  const state = mock.state;
  assert.equal(state.requests.length, 0, "nothing may reach the API, not even a token fetch");
  assert.equal(state.tokensIssued, 0);
});

// ---------- 409 ----------

test("the same receipt again is already_exists; a different one is a conflict carrying both", T, async () => {
  const client = makeClient(mock);
  const receipt = api.buildReceipt(cart());
  assert.equal((await client.addReceipt("ECOM", "order-1", receipt)).status, "created");
  assert.deepEqual(await client.addReceipt("ECOM", "order-1", receipt), { status: "already_exists" });
  const other = api.buildReceipt(cart(10));
  const conflict = await rejection(client.addReceipt("ECOM", "order-1", other), "conflict");
  assert.equal(conflict.status, 409);
  assert.deepEqual(conflict.existing, asRead(receipt));
  assert.deepEqual(conflict.attempted, other);
  assert.equal(conflict.problem.title, "Conflicting receipt");
  assert.equal(mock.state.receiptPostCount["ECOM/order-1"], 1);
  assert.deepEqual(mock.state.receipts["ECOM/order-1"], receipt);
});

// ---------- 404 ----------

test("404 is not_found with the API's problem", T, async () => {
  const client = makeClient(mock);
  const error = await rejection(client.getOrder("ECOM", "notfound-1"), "not_found");
  assert.equal(error.status, 404);
  assert.equal(typeof error.problem, "object");
  assert.match(error.problem.detail, /notfound-1/);
  assert.match(error.message, /404/);
  const write = await rejection(client.addReceipt("ECOM", "notfound-2", api.buildReceipt(cart())), "not_found");
  assert.equal(write.status, 404);
  assert.equal(apiRequests(mock, receiptPath("notfound-2")).length, 1, "a 404 is not retried");
});

// ---------- retries ----------

test("429: Retry-After is honoured before the retry", T, async () => {
  const client = makeClient(mock);
  await client.getCategories("warm-up"); // the token fetch is not part of the measurement
  mock.addFault({ fault: "429", path: receiptPath("order-1"), retryAfter: 1 });
  const started = performance.now();
  assert.equal((await client.addReceipt("ECOM", "order-1", api.buildReceipt(cart()))).status, "created");
  const elapsed = performance.now() - started;
  const posts = apiRequests(mock, receiptPath("order-1"));
  assert.deepEqual(posts.map((r) => r.status), [429, 201]);
  const gap = Date.parse(posts[1].time) - Date.parse(posts[0].time);
  assert.ok(gap >= 1000, `the retry came ${gap} ms after the 429, before Retry-After's 1 s`);
  assert.ok(elapsed >= 1000, `the call took ${elapsed} ms`);
});

test("429 with a Retry-After beyond maxDelayMs is handed to the caller", T, async () => {
  const client = makeClient(mock, { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 500 } });
  mock.addFault({ fault: "429", path: receiptPath("order-1"), retryAfter: 1 });
  const error = await rejection(client.addReceipt("ECOM", "order-1", api.buildReceipt(cart())), "rate_limited");
  assert.equal(error.status, 429);
  assert.equal(error.retryAfterMs, 1000);
  assert.equal(apiRequests(mock, receiptPath("order-1")).length, 1);
});

test("retries exhausted: server_error with the status, one idempotency key for every attempt", T, async () => {
  const client = makeClient(mock);
  mock.addFault({ fault: "503", path: receiptPath("order-1"), times: 3 });
  const error = await rejection(client.addReceipt("ECOM", "order-1", api.buildReceipt(cart())), "server_error");
  assert.equal(error.status, 503);
  assert.match(error.message, /3 attempts/);
  const posts = apiRequests(mock, receiptPath("order-1"));
  assert.deepEqual(posts.map((r) => r.status), [503, 503, 503]);
  assert.equal(new Set(posts.map((r) => r.idempotencyKey)).size, 1);
  assert.equal(mock.state.receiptPostCount["ECOM/order-1"], undefined);
});

test("a 502 with an HTML body is retried like any 5xx", T, async () => {
  const client = makeClient(mock);
  mock.addFault({ fault: "502", path: "/order-management/v2/ECOM/order-1" });
  await readEmptyOrder(client, "ECOM", "order-1");
  mock.addFault({ fault: "502", path: "/order-management/v2/ECOM/order-1", times: 3 });
  const error = await rejection(client.getOrder("ECOM", "order-1"), "server_error");
  assert.equal(error.status, 502);
  assert.equal(error.problem, undefined, "HTML is no problem JSON");
});

test("Idempotency-Key: the same across one call's attempts, different across calls", T, async () => {
  const client = makeClient(mock);
  mock.addFault({ fault: "500", path: receiptPath("order-1") });
  mock.addFault({ fault: "drop", path: receiptPath("order-1") });
  await client.addReceipt("ECOM", "order-1", api.buildReceipt(cart()));
  await client.addReceipt("ECOM", "order-2", api.buildReceipt(cart()));
  mock.addFault({ fault: "500", path: "/order-management/v2/ECOM/categories/order-1" });
  await client.setCategory("ECOM", "order-1", category);

  const first = apiRequests(mock, receiptPath("order-1"));
  assert.deepEqual(first.map((r) => r.status), [500, null, 201]);
  const firstKeys = new Set(first.map((r) => r.idempotencyKey));
  assert.equal(firstKeys.size, 1);
  const [firstKey] = firstKeys;
  assert.match(firstKey, /^\S{16,}$/);
  const second = apiRequests(mock, receiptPath("order-2"));
  const put = apiRequests(mock, "/order-management/v2/ECOM/categories/order-1");
  assert.equal(put.length, 2);
  assert.equal(put[0].idempotencyKey, put[1].idempotencyKey);
  const keys = [firstKey, second[0].idempotencyKey, put[0].idempotencyKey];
  assert.equal(new Set(keys).size, 3, `keys must differ across calls: ${keys}`);
});

// ---------- bad answers and no answers ----------

test("malformed JSON is invalid_response, for reads and writes", T, async () => {
  const client = makeClient(mock);
  mock.addFault({ fault: "malformed", path: "/order-management/v2/ECOM/order-1" });
  const read = await rejection(client.getOrder("ECOM", "order-1"), "invalid_response");
  assert.equal(read.status, 200);
  assert.equal(apiRequests(mock, "/order-management/v2/ECOM/order-1").length, 1, "not retried");

  // The mock's malformed answer writes nothing, so "created" would be a lie.
  mock.addFault({ fault: "malformed", path: receiptPath("order-1") });
  const write = await rejection(client.addReceipt("ECOM", "order-1", api.buildReceipt(cart())), "invalid_response");
  assert.equal(write.status, 200);
  assert.equal(mock.state.receiptPostCount["ECOM/order-1"], undefined);
});

test("timeout: an attempt slower than timeoutMs is aborted, and nothing is written", T, async () => {
  const client = makeClient(mock, { timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 10 } });
  await client.getCategories("warm-up");
  mock.addFault({ fault: "delay", path: receiptPath("order-1"), delayMs: 3_000, times: 2 });
  const started = performance.now();
  const error = await rejection(client.addReceipt("ECOM", "order-1", api.buildReceipt(cart())), "timeout");
  const elapsed = performance.now() - started;
  assert.equal(error.status, undefined);
  assert.ok(elapsed >= 400 && elapsed < 2_500, `two 200 ms attempts took ${elapsed} ms`);
  await new Promise((ok) => setTimeout(ok, 50)); // let the mock see the disconnect
  const posts = apiRequests(mock, receiptPath("order-1"));
  assert.equal(posts.length, 2);
  assert.ok(posts.every((r) => r.aborted === true), JSON.stringify(posts.map((r) => r.aborted)));
  assert.equal(mock.state.receiptPostCount["ECOM/order-1"], undefined);
});

test("a connection refused is network", T, async () => {
  const closed = await startMockServer({ port: 0 });
  const url = closed.url;
  await closed.close();
  const client = makeClient({ url }, { retry: { maxAttempts: 2, baseDelayMs: 10 } });
  await rejection(client.getOrder("ECOM", "order-1"), "network");
});

// ---------- secrets ----------

test("secrets never appear in errors, however they are printed", T, async () => {
  const client = makeClient(mock, { timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 10 } });
  const receipt = api.buildReceipt(cart());
  await client.addReceipt("ECOM", "order-1", receipt);
  const errors = [];
  const collect = async (promise) => {
    const outcome = await settle(promise, 15_000, "call");
    assert.ok("error" in outcome);
    errors.push(outcome.error);
  };
  await collect(client.addReceipt("ECOM", "order-1", api.buildReceipt(cart(1)))); // conflict
  await collect(client.getOrder("ECOM", "notfound-1"));
  await collect(client.addReceipt("ECOM", "bad id", receipt));
  mock.addFault({ fault: "503", path: "/order-management/", times: 2 });
  await collect(client.getOrder("ECOM", "order-1"));
  mock.addFault({ fault: "malformed", path: "/order-management/" });
  await collect(client.getOrder("ECOM", "order-1"));
  mock.addFault({ fault: "delay", path: "/order-management/", delayMs: 2_000, times: 2 });
  await collect(client.getOrder("ECOM", "order-1"));
  mock.addFault({ fault: "expire-token", path: "/order-management/", times: 2 });
  await collect(client.getOrder("ECOM", "order-1")); // 401 twice: unauthorized
  mock.addFault({ fault: "429", path: "/order-management/", retryAfter: 60 });
  await collect(client.getOrder("ECOM", "order-1"));
  // The token endpoint refusing the keys, and answering garbage.
  mock.configure({ clientSecret: "another-secret" });
  await collect(makeClient(mock).getOrder("ECOM", "order-1"));
  mock.configure({ clientSecret: DEFAULT_CREDENTIALS.clientSecret });
  mock.addFault({ fault: "malformed", path: "/accesstoken/get" });
  await collect(makeClient(mock).getOrder("ECOM", "order-1"));
  // The token function's own error message might hold a secret: it must not be passed on.
  await collect(makeClient(mock, {
    clientId: undefined, clientSecret: undefined,
    accessToken: () => { throw new Error(`no token, secret was ${DEFAULT_CREDENTIALS.clientSecret}`); },
  }).getOrder("ECOM", "order-1"));

  const codes = errors.map((e) => e.code);
  for (const code of ["conflict", "not_found", "invalid_input", "server_error", "invalid_response", "timeout", "unauthorized", "rate_limited"]) {
    assert.ok(codes.includes(code), `no ${code} among ${codes}`);
  }
  const tokens = [...new Set(mock.state.requests
    .map((r) => r.headers.authorization?.replace(/^Bearer /, ""))
    .filter(Boolean))];
  assert.ok(tokens.length >= 2, "the mock issued tokens and the client sent them");
  const secrets = [DEFAULT_CREDENTIALS.clientSecret, DEFAULT_CREDENTIALS.subscriptionKey, ...tokens];
  for (const error of errors) {
    assertPackageError(error);
    const renderings = {
      message: error.message,
      json: JSON.stringify(error),
      string: String(error),
      stack: String(error.stack),
      inspect: inspect(error, { depth: Infinity, showHidden: true }),
    };
    for (const [how, text] of Object.entries(renderings)) {
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `${error.code}: its ${how} contains a secret (${secret.slice(0, 6)}…)`);
      }
    }
  }
});

// ---------- the browser guard ----------

test("a clientSecret or subscriptionKey where `document` exists is refused unless dangerouslyAllowBrowser", T, () => {
  assert.equal(globalThis.document, undefined);
  globalThis.document = {};
  try {
    let error;
    try {
      makeClient(mock);
    } catch (e) {
      error = e;
    }
    assertPackageError(error, "invalid_input");
    assert.deepEqual(error.issues.map((i) => [i.path, i.code]), [
      ["clientSecret", "secret_in_browser"],
      ["subscriptionKey", "secret_in_browser"],
    ]);
    makeClient(mock, { dangerouslyAllowBrowser: true });
    // An access token from the shop's own server still needs the subscription key, a secret too.
    assert.throws(
      () => makeClient(mock, { clientId: undefined, clientSecret: undefined, accessToken: "from-my-server" }),
      (e) => e.code === "invalid_input" && e.issues.map((i) => i.path).join() === "subscriptionKey",
    );
  } finally {
    delete globalThis.document;
  }
  makeClient(mock); // and outside a page, the secret is fine again
  assert.equal(mock.state.requests.length, 0);
});

// ---------- values JS cannot take as they are ----------

test("a token no HTTP header can carry rejects the call; it does not crash the process", T, async () => {
  for (const token of ["tok\nevil", "abc€def", ""]) {
    const client = makeClient(mock, { clientId: undefined, clientSecret: undefined, accessToken: () => token });
    const error = await rejection(client.getOrder("ECOM", "order-1"), "unauthorized");
    assert.ok(!error.message.includes("evil"));
    assert.equal(apiRequests(mock).length, 0);
  }
});

test("timer settings beyond what JS timers honour are refused, not silently 1 ms", T, () => {
  for (const [options, path] of [
    [{ timeoutMs: 3_000_000_000 }, "timeoutMs"],
    [{ retry: { maxDelayMs: 4_000_000_000 } }, "retry.maxDelayMs"],
  ]) {
    assert.throws(() => makeClient(mock, options), (error) => {
      assertPackageError(error, "invalid_input");
      assert.ok(error.issues.some((issue) => issue.path === path && issue.code === "out_of_range"), JSON.stringify(error.issues));
      return true;
    });
  }
  makeClient(mock, { timeoutMs: 2_147_483_647 }).free();
});

test("a caller's image id already holding another image is a conflict, not success", T, async () => {
  const client = makeClient(mock);
  assert.equal((await client.uploadImage(png(300, 300), "logo-1")).status, "created");
  const error = await rejection(client.uploadImage(png(300, 300, 0x20), "logo-1"), "conflict");
  assert.match(error.message, /logo-1/);
  // Without an id the id comes from the content: uploading the same image again is harmless.
  const first = await client.uploadImage(png(300, 300, 0x20));
  assert.deepEqual(await client.uploadImage(png(300, 300, 0x20)), { imageId: first.imageId, status: "already_exists", idFromContent: true });
});

// ---------- issue 10: faithful to the real API ----------

describe("issue 10", () => {
  test("issue 10 point 1: an app-native link is a valid category link", T, async () => {
    const client = makeClient(mock);
    const ticket = { category: "TICKET", orderDetailsUrl: "ruter:///min/bilett" };
    assert.equal(api.validateCategory(ticket).valid, true);
    await client.setCategory("ECOM", "order-app", ticket);
    assert.deepEqual(mock.state.categories["ECOM/order-app"], ticket);
    await rejection(client.setCategory("ECOM", "order-app", { ...ticket, orderDetailsUrl: "file://h/x" }), "invalid_input");
  });

  test("issue 10 point 3: paymentType in any case, sent upper case", T, async () => {
    const client = makeClient(mock);
    assert.equal((await client.addReceipt("ecom", "order-lc", api.buildReceipt(cart()))).status, "created");
    await client.addCategory({ orderId: "order-lc", paymentType: "recurring", type: "TICKET", url: "https://shop.example/t" });
    assert.ok(mock.state.receipts["ECOM/order-lc"]);
    assert.equal(mock.state.categoriesV3[0].paymentType, "RECURRING");
  });

  test("issue 10 point 10: ids from write answers; v3 categories listed without an orderId", T, async () => {
    const client = makeClient(mock);
    const written = await client.addReceipt("ECOM", "order-ids", api.buildReceipt(cart()));
    assert.match(written.receiptId, /^[0-9a-f-]{36}$/);
    const set = await client.setCategory("ECOM", "order-ids", category);
    assert.match(set.id, /^[0-9a-f-]{36}$/);
    await client.addCategory({ orderId: "order-a", paymentType: "ECOM", type: "TICKET", url: "https://shop.example/a" });
    await client.addCategory({ orderId: "order-b", paymentType: "ECOM", type: "TICKET", url: "https://shop.example/b" });
    const all = await client.getCategories();
    assert.deepEqual(all.categories.map((c) => c.orderId), ["order-a", "order-b"]);
    assert.equal(apiRequests(mock).at(-1).query, "");
  });

  test("issue 10 point 11: Vipps-System-Plugin-Name/-Version default to this package", T, async () => {
    const { version } = JSON.parse(readFileSync(join(root, "pkg/package.json"), "utf8"));
    const client = makeClient(mock, { systemName: undefined, systemVersion: undefined });
    await client.getCategories("order-h");
    const [request] = apiRequests(mock);
    assert.equal(request.headers["vipps-system-plugin-name"], "vipps-order-management");
    assert.equal(request.headers["vipps-system-plugin-version"], version);
    assert.equal(request.headers["vipps-system-name"], undefined, "the system pair is the caller's");
    // The caller's own plugin values win.
    const own = makeClient(mock, { pluginName: "acme-plugin", pluginVersion: "2.0.0" });
    await own.getCategories("order-h");
    assert.equal(apiRequests(mock).at(-1).headers["vipps-system-plugin-name"], "acme-plugin");
  });

  test("issue 10 point 12: uploadImage takes the API's own body {imageId, src, type}", T, async () => {
    const client = makeClient(mock);
    const src = Buffer.from(png(200, 200)).toString("base64");
    const uploaded = await client.uploadImage({ imageId: "body-1", src, type: "base64" });
    assert.deepEqual(uploaded, { imageId: "body-1", status: "created", idFromContent: false });
    assert.equal(mock.state.images["body-1"].height, 200);
    const bad = await rejection(client.uploadImage({ imageId: "body-2", src, type: "url" }), "invalid_input");
    assert.ok(bad.issues.some((i) => i.path === "type" && i.code === "image_type"), JSON.stringify(bad.issues));
  });
});
