// Client errors as a JS developer reads them (issue 13): the message names the request as it was
// sent (method, path, the order id percent-encoded), never the route template, and a request that
// got no answer carries the transport's failure as `error.cause`. Over real HTTP against the mock.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { api, makeClient, cart, settle, assertPackageError, startMockServer, DEFAULT_CREDENTIALS } from "./helpers.mjs";

const T = { timeout: 20_000 };
let mock;

before(async () => {
  mock = await startMockServer({ port: 0 });
});
after(() => mock?.close());
beforeEach(() => mock.reset());

async function rejection(call, code) {
  const outcome = await settle(call, 15_000, "call");
  assert.ok("error" in outcome, `expected a rejection, got ${JSON.stringify(outcome.value)}`);
  assertPackageError(outcome.error, code);
  return outcome.error;
}

test("a dropped connection: the message names the order, error.cause says why", T, async () => {
  const client = makeClient(mock);
  mock.addFault({ fault: "drop", path: "/order-management/v2/ECOM/receipts/order-77", times: 3 });
  const error = await rejection(client.addReceipt("ecom", "order-77", api.buildReceipt(cart())), "network");
  assert.match(error.message, /^POST v2\/ECOM\/receipts\/order-77: .*\(after 3 attempts\)$/);
  assert.ok(!error.message.includes("{orderId}"), error.message);
  assert.ok(error.cause instanceof Error, `cause: ${error.cause}`);
  // Node's fetch says "fetch failed" and keeps the socket's reason in its own cause: both are told.
  assert.match(error.cause.message, /^fetch failed: ./);
  assert.ok(error.message.includes(error.cause.message), `${error.message} / ${error.cause.message}`);
  for (const secret of Object.values(DEFAULT_CREDENTIALS)) {
    if (secret.length > 6) assert.ok(!`${error.message} ${error.cause.message}`.includes(secret));
  }
});

test("a timeout carries its cause; an answered failure has none and names the real path", T, async () => {
  const client = makeClient(mock, { timeoutMs: 200, retry: { maxAttempts: 1 } });
  mock.addFault({ fault: "delay", path: "/order-management/v2/ECOM/order-5", delayMs: 2_000 });
  const timeout = await rejection(client.getOrder("ECOM", "order-5"), "timeout");
  assert.match(timeout.message, /^GET v2\/ECOM\/order-5: no answer within 200 ms/);
  assert.ok(timeout.cause instanceof Error);

  mock.addFault({ fault: "500", path: "/order-management/v3/categories/cat-9", times: 3 });
  const answered = await rejection(client.getCategory("cat-9"), "server_error");
  assert.match(answered.message, /^GET v3\/categories\/cat-9: HTTP 500/);
  assert.equal(answered.cause, undefined);
});
