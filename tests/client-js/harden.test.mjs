// Hardening (issue #14), the package as Node imports it against the mock over real HTTP: ids that
// URL parsers would resolve as `.`/`..` are refused before anything is sent, and a redirect from the
// token endpoint or the API is an error that is never followed (the other origin receives nothing).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { api, makeClient, png, cart, settle, assertPackageError, startMockServer, DEFAULT_CREDENTIALS } from "./helpers.mjs";

const T = { timeout: 20_000 };
let mock;
let elsewhere; // another loopback origin: records every request it receives
const received = [];

before(async () => {
  mock = await startMockServer({ port: 0 });
  elsewhere = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      res.end(JSON.stringify({ access_token: "stolen", expires_in: "3600", token_type: "Bearer" }));
    });
  });
  await new Promise((ok) => elsewhere.listen(0, "127.0.0.1", ok));
});
after(() => {
  mock?.close();
  elsewhere?.close();
});
beforeEach(() => {
  mock.reset();
  received.length = 0;
});

async function rejection(promise, code) {
  const outcome = await settle(promise, 15_000, "call");
  assert.ok("error" in outcome, `expected a rejection, got ${JSON.stringify(outcome.value)}`);
  assertPackageError(outcome.error, code);
  return outcome.error;
}

test("'.' and '..' (any encoding) as any id of any method: invalid_input, nothing sent", T, async () => {
  const client = makeClient(mock);
  const receipt = api.buildReceipt(cart());
  const category = { category: "RECEIPT", orderDetailsUrl: "https://shop.example/orders/1" };
  const image = png(200, 200);
  for (const id of [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."]) {
    const calls = {
      "addReceipt orderId": () => client.addReceipt("ECOM", id, receipt),
      "addReceipt paymentType": () => client.addReceipt(id, "o-1", receipt),
      "getOrder orderId": () => client.getOrder("ECOM", id),
      "getOrder paymentType": () => client.getOrder(id, "o-1"),
      "setCategory orderId": () => client.setCategory("ECOM", id, category),
      "setCategory paymentType": () => client.setCategory(id, "o-1", category),
      "getCategories orderId": () => client.getCategories(id),
      "getCategory categoryId": () => client.getCategory(id),
      "deleteCategory categoryId": () => client.deleteCategory(id),
      "addCategory orderId": () => client.addCategory({ orderId: id, paymentType: "ECOM", type: "TICKET", url: "https://shop.example/t" }),
      "uploadImage imageId": () => client.uploadImage(image, id),
    };
    for (const [what, call] of Object.entries(calls)) {
      const error = await rejection(Promise.resolve().then(call), "invalid_input").catch((e) => {
        throw new Error(`${what} ${JSON.stringify(id)}: ${e.message}`);
      });
      if ((id === "." || id === "..") && !what.endsWith("paymentType")) {
        assert.ok(error.issues.some((i) => i.code === "id_dot_segment"), `${what}: ${JSON.stringify(error.issues)}`);
      }
    }
  }
  assert.deepEqual(mock.state.requests, [], "nothing reached the mock, not even a token fetch");
});

test("a redirect from the token endpoint: error, the other origin receives nothing", T, async () => {
  const location = `http://127.0.0.1:${elsewhere.address().port}/steal?k=v`;
  mock.addFault({ path: "/accesstoken/get", fault: "redirect", location });
  const client = makeClient(mock);
  const error = await rejection(client.getOrder("ECOM", "order-1"), "redirect");
  assert.equal(error.status, 307);
  assert.match(error.message, new RegExp(`to http://127\\.0\\.0\\.1:${elsewhere.address().port};`));
  assert.doesNotMatch(error.message, /steal|k=v/);
  for (const secret of Object.values(DEFAULT_CREDENTIALS)) assert.ok(!error.message.includes(secret));
  assert.deepEqual(received, [], "the other origin received nothing");
  // Not retried: one token request, no API call.
  assert.deepEqual(mock.state.requests.map((r) => r.path), ["/accesstoken/get"]);
});

test("a redirect from the API: error, not followed, not retried, nothing written elsewhere", T, async () => {
  const location = `http://127.0.0.1:${elsewhere.address().port}/order-management/v2/ECOM/receipts/order-1`;
  mock.addFault({ path: "/order-management/", fault: "redirect", location, times: 5 });
  const client = makeClient(mock);
  const receipt = api.buildReceipt(cart());
  const error = await rejection(client.addReceipt("ECOM", "order-1", receipt), "redirect");
  assert.equal(error.status, 307);
  // The message names our request, and of the location only its origin (never its path).
  assert.match(error.message, /^POST v2\/ECOM\/receipts\/order-1: HTTP 307 to http:\/\/127\.0\.0\.1:\d+;/);
  assert.equal(error.message.match(/receipts\/order-1/g).length, 1, error.message);
  assert.deepEqual(received, [], "the other origin received nothing");
  assert.equal(mock.state.requests.filter((r) => r.path.startsWith("/order-management/")).length, 1);
  assert.deepEqual(mock.state.receipts, {});
});
