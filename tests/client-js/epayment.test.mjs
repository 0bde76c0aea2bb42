// Issue 10 point 13: the README's "Order lines at payment time (ePayment)" example, run as written: the
// block after <!-- epayment-example --> with the package's exports in scope. It must build a create-payment
// request whose `receipt` is buildReceipt's output, valid, with the amount equal to the receipt's total.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { api, root, cart } from "./helpers.mjs";

function readmeExample() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const marker = readme.indexOf("<!-- epayment-example -->");
  assert.ok(marker >= 0, "the README has the ePayment example");
  const block = readme.slice(marker).match(/```js\n([\s\S]*?)```/);
  assert.ok(block, "the example is a js block");
  return block[1];
}

test("issue 10 point 13: the README's ePayment example builds a create-payment request around buildReceipt", () => {
  const code = readmeExample();
  const imports = code.match(/^import \{([^}]*)\} from "vipps-order-management";$/m);
  assert.ok(imports, "the example imports from the package");
  const names = imports[1].split(",").map((name) => name.trim()).filter(Boolean);
  const body = code.replace(imports[0], "");
  // The example's free variables are the caller's: a cart and an order id.
  const run = new Function(...names, "cart", "orderId", `${body}\nreturn createPaymentRequest;`);
  const theCart = cart();
  const request = run(...names.map((name) => api[name]), theCart, "order-42");

  assert.deepEqual(request.receipt, api.buildReceipt(theCart));
  assert.equal(api.validateReceipt(request.receipt).valid, true);
  assert.equal(request.paymentMethod.type, "WALLET");
  assert.equal(request.reference, "order-42");
  assert.equal(request.amount.currency, request.receipt.bottomLine.currency);
  assert.ok(Number.isSafeInteger(request.amount.value) && request.amount.value > 0);
  // The amount is the receipt's total as the preview computes it.
  const preview = api.previewReceipt(request.receipt);
  assert.equal(request.amount.value, preview.total.amount);
  const lines = request.receipt.orderLines.reduce((sum, l) => sum + (l.isReturn ? -l.totalAmount : l.totalAmount), 0);
  assert.equal(request.amount.value, lines + (request.receipt.bottomLine.tipAmount ?? 0));
  // JSON round trip: what is sent is what was built.
  assert.deepEqual(JSON.parse(JSON.stringify(request)).receipt, request.receipt);
});
