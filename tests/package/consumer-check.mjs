// The checks every consumer project runs, whatever its runtime: exported as source text so the
// Node, browser and workerd consumers all run the very same code against the installed package.
export const checkSource = `
async function runChecks(api) {
  const results = {};
  // The namespace imports get the client too; the checkout-only pages pass just the functions.
  results.client = typeof api.OrderManagementClient;
  const cart = {
    currency: "NOK",
    items: [
      { id: "sku-1", name: "Socks", unitPrice: "39.90", quantity: "2", taxRate: "25" },
      { id: "sku-2", name: "Coffee", unitPrice: 4990, taxRate: 1500, discount: "5.00" },
    ],
    shipping: { name: "Home delivery", price: "49", taxRate: "25" },
    receiptNumber: "10042",
  };
  const receipt = api.buildReceipt(cart);
  results.lineCount = receipt.orderLines.length;
  results.firstLine = receipt.orderLines[0];
  const report = api.validateReceipt(receipt);
  results.valid = report.valid;
  results.errorCount = report.errors.length;
  const fromText = api.validateReceipt(JSON.stringify(receipt));
  results.validFromText = fromText.valid;
  const broken = structuredClone(receipt);
  broken.orderLines[0].totalTaxAmount += 1;
  const brokenReport = api.validateReceipt(broken);
  results.brokenValid = brokenReport.valid;
  results.brokenPaths = brokenReport.errors.map((e) => e.path + ":" + e.code);
  try {
    api.buildReceipt({ currency: "NOK", items: [{ id: "a", name: "A", unitPrice: "x", taxRate: "25" }] });
    results.thrown = null;
  } catch (error) {
    results.thrown = {
      isError: error instanceof Error,
      // The runtime guard, from every entry: true for the package's errors only.
      guarded: api.isVippsOrderManagementError(error),
      guardsOthers: [new Error("x"), { name: "VippsOrderManagementError" }, null, "x"].some(api.isVippsOrderManagementError),
      code: error.code,
      issues: (error.issues || []).map((i) => i.path + ":" + i.code),
    };
  }
  return results;
}
`;

/** A page importing only the checkout functions by name, then running the same checks. */
export const checkoutOnlySource = `
import { buildReceipt, validateReceipt, previewReceipt, renderReceiptHtml, isVippsOrderManagementError } from "vipps-order-management";
const api = { buildReceipt, validateReceipt, isVippsOrderManagementError };
const used = [previewReceipt, renderReceiptHtml].every((f) => typeof f === "function");
${checkSource}
runChecks(api).then(
  (r) => { window.__results = used ? r : { failed: "missing exports" }; },
  (e) => { window.__results = { failed: String(e && e.stack || e) }; },
);
`;

/** Asserts what runChecks returned, the same for every runtime. */
export function assertResults(assert, results, { client = true } = {}) {
  assert.equal(results.client, client ? "function" : "undefined");
  assert.equal(results.lineCount, 3);
  assert.deepEqual(results.firstLine, {
    name: "Socks",
    id: "sku-1",
    totalAmount: 7980,
    totalAmountExcludingTax: 6384,
    totalTaxAmount: 1596,
    taxRate: 2500,
    unitInfo: { unitPrice: 3990, quantity: "2", quantityUnit: "PCS" },
  });
  assert.equal(results.valid, true);
  assert.equal(results.errorCount, 0);
  assert.equal(results.validFromText, true);
  assert.equal(results.brokenValid, false);
  assert.ok(results.brokenPaths.includes("orderLines[0].totalTaxAmount:line_identity"), results.brokenPaths.join());
  assert.ok(results.thrown, "buildReceipt must throw on a bad cart");
  assert.equal(results.thrown.isError, true);
  assert.equal(results.thrown.guarded, true);
  assert.equal(results.thrown.guardsOthers, false);
  assert.equal(results.thrown.code, "invalid_input");
  assert.ok(results.thrown.issues.some((i) => i.startsWith("items[0].unitPrice:")), results.thrown.issues.join());
}
