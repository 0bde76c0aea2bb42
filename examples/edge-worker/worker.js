// A Cloudflare Worker that puts the receipt on a Vipps MobilePay order after checkout.
//
//   POST /receipt   {"orderId": "order-1001", "cart": {...}, "category": "RECEIPT"}
//   → 201 {"status": "created", "receipt": {...}}          the receipt was posted now
//   → 200 {"status": "already_exists", "receipt": {...}}   the order already had exactly this one
//   → 400 {"code": "invalid_input", "issues": [...]}        the cart (or order id) is not valid
//   → 409 {"code": "conflict", "issues": [], "existing"}    the order has a different receipt
//   → 502 {"code": "...", "issues": [...]}                  the Vipps API failed (after retries)
//
// The shop's checkout builds the cart; this Worker holds the API keys (never the browser). It
// builds the receipt with exact money, validates it, sets the order's category (the button in the
// app, linking back to the shop), then posts the receipt exactly once: a retry after a lost answer
// is `already_exists`, not a second receipt.
//
// Keys come from bindings: VIPPS_CLIENT_ID, VIPPS_CLIENT_SECRET (a secret: `wrangler secret put`),
// VIPPS_SUBSCRIPTION_KEY, VIPPS_MSN, and optionally VIPPS_BASE_URL (default: the test API),
// VIPPS_ENVIRONMENT ("production" for the live API) and SHOP_URL (for the category's link).
import { buildReceipt, validateReceipt, OrderManagementClient } from "vipps-order-management";

const CATEGORIES = ["GENERAL", "RECEIPT", "ORDER_CONFIRMATION", "DELIVERY", "TICKET", "BOOKING"];

// A client per request, made inside `fetch` (Workers forbid random values and timers at the top
// level, and the bindings only arrive with a request). Why not one client per isolate, to reuse
// its access token across requests? Because the client's calls share in-flight work: while one
// call fetches a token, the others wait on it. In workerd a request that waits on a promise
// another request will settle looks hung, and the runtime cancels it (tests/client-js/
// edge-worker.test.mjs caught exactly this with two concurrent first checkouts). A client per
// request keeps every promise inside its own request. The cost is one token fetch per checkout
// (each checkout makes two API calls, which share that token); constructing the client is cheap.
function clientFor(env) {
  return new OrderManagementClient({
    clientId: env.VIPPS_CLIENT_ID,
    clientSecret: env.VIPPS_CLIENT_SECRET,
    subscriptionKey: env.VIPPS_SUBSCRIPTION_KEY,
    merchantSerialNumber: env.VIPPS_MSN,
    environment: env.VIPPS_ENVIRONMENT === "production" ? "production" : "test",
    baseUrl: env.VIPPS_BASE_URL || undefined,
    systemName: "acme-shop-worker",
    systemVersion: "1.0.0",
    timeoutMs: 10_000,
  });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/receipt") return json(404, { code: "not_found", issues: [] });
    if (request.method !== "POST") return json(405, { code: "method_not_allowed", issues: [] }, { allow: "POST" });

    let body;
    try {
      body = await request.json();
    } catch {
      return invalid([{ path: "", code: "json_syntax", message: "the body is not JSON" }]);
    }
    const { orderId, cart, category = "RECEIPT" } = body ?? {};
    const issues = [];
    if (typeof orderId !== "string" || orderId === "") {
      issues.push({ path: "orderId", code: "required", message: "orderId must be a non-empty string" });
    }
    if (cart === null || typeof cart !== "object") {
      issues.push({ path: "cart", code: "required", message: "cart must be an object" });
    }
    if (!CATEGORIES.includes(category)) {
      issues.push({ path: "category", code: "enum_value", message: `category must be one of ${CATEGORIES.join(", ")}` });
    }
    if (issues.length) return invalid(issues);

    let receipt;
    try {
      receipt = buildReceipt(cart);
    } catch (error) {
      return failure(error, "cart");
    }
    // buildReceipt only makes valid receipts; validating again is the belt to its braces, and
    // what a shop that builds receipts its own way would do before sending.
    const report = validateReceipt(receipt);
    if (!report.valid) return invalid(report.errors);

    let client;
    try {
      client = clientFor(env);
    } catch (error) {
      // Missing or malformed bindings: the Worker's fault, not the caller's.
      console.error("vipps client options:", error.message);
      return json(500, { code: "configuration", issues: error.issues ?? [] });
    }
    const shop = env.SHOP_URL || url.origin;
    try {
      await client.setCategory("ECOM", orderId, {
        category,
        orderDetailsUrl: `${shop.replace(/\/+$/, "")}/orders/${encodeURIComponent(orderId)}`,
      });
      const { status } = await client.addReceipt("ECOM", orderId, receipt);
      return json(status === "created" ? 201 : 200, { status, receipt });
    } catch (error) {
      return failure(error);
    }
  },
};

/** The package's errors as answers: the caller's mistakes 400, a different receipt 409, the rest 502. */
function failure(error, prefix) {
  if (error?.name !== "VippsOrderManagementError") throw error; // a bug: let the runtime log it
  const issues = (error.issues ?? []).map((issue) =>
    prefix ? { ...issue, path: issue.path ? `${prefix}.${issue.path}` : prefix } : issue,
  );
  if (error.code === "invalid_input" && error.status === undefined) return invalid(issues);
  if (error.code === "conflict" && error.existing) {
    return json(409, { code: "conflict", message: error.message, issues, existing: error.existing });
  }
  console.error("vipps:", error.code, error.status ?? "", error.message);
  return json(502, { code: error.code, message: error.message, status: error.status, issues });
}

function invalid(issues) {
  return json(400, { code: "invalid_input", issues });
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
