// A Cloudflare Worker that puts the receipt on a Vipps MobilePay order after checkout.
//
//   POST /checkout  {"orderId": "order-1001", "cart": {...}, "category": "RECEIPT", "paymentType": "ECOM"}
//   → 202 {"status": "queued", "orderId", "receipt"}       built, valid, and on the queue: it will be posted
//   → 400 {"code": "invalid_input", "issues": [...]}        the cart (or order id...) is not valid; nothing queued
//   → 503 {"code": "queue_unavailable", "issues": []}       the queue refused the message; nothing queued, send again
//
//   POST /receipt   (same body) posts at once and answers with the outcome (for shops that want to know now):
//   → 201 {"status": "created", "receipt": {...}}          the receipt was posted now
//   → 200 {"status": "already_exists", "receipt": {...}}   the order already had exactly this one
//   → 400 {"code": "invalid_input", "issues": [...]}        the cart (or order id) is not valid
//   → 409 {"code": "conflict", "issues": [], "existing"}    the order has a different receipt
//   → 502 {"code": "...", "issues": [...]}                  the Vipps API failed (after retries)
//
//   GET  /dead-letters                      the receipts that could not be posted, with the reason   (admin)
//   POST /dead-letters/replay {"keys": [...]}   put them back on the queue                           (admin)
//
// The shop's checkout builds the cart; this Worker holds the API keys (never the browser). It builds the
// receipt with exact money and validates it. `/checkout` then hands it to a Cloudflare Queue, and the
// queue consumer below (the same Worker) posts the receipt exactly once and sets the order's category:
// an API outage only delays the receipt, it never loses it (README.md, "Durable delivery").
//
// Keys come from bindings: VIPPS_CLIENT_ID, VIPPS_CLIENT_SECRET (a secret: `wrangler secret put`),
// VIPPS_SUBSCRIPTION_KEY, VIPPS_MSN, and optionally VIPPS_BASE_URL (default: the test API),
// VIPPS_ENVIRONMENT ("production" for the live API) and SHOP_URL (for the category's link). The queue:
// RECEIPTS (producer), DEAD_LETTERS (producer of the dead-letter queue), DEAD_LETTER_LOG (KV), ADMIN_TOKEN
// (a secret; without it the admin routes are off), MAX_DELIVERIES and RETRY_BASE_SECONDS (optional).
import { buildReceipt, validateReceipt, validateCategory, OrderManagementClient } from "vipps-order-management";

/** The dead-letter queue's name in wrangler.toml: its batches are recorded, not delivered. */
const DEAD_LETTER_QUEUE = "vipps-receipts-dlq";
/** Errors that another delivery cannot fix: the message goes to the dead-letter queue at once. */
const PERMANENT = new Set(["invalid_input", "unauthorized", "forbidden", "not_found", "conflict", "redirect"]);
/** Longest wait between deliveries (Queues allow up to 12 hours). */
const MAX_RETRY_DELAY_SECONDS = 3600;

// One client per isolate, made lazily on the first request (Workers forbid random values and timers at
// the top level, and the bindings only arrive with a request), then shared by every request the isolate
// serves, as Cloudflare advises for clients. Its access token is fetched once and reused. Sharing is safe
// in workerd: a request that needs the token while another request fetches it waits on its own timer and
// reads the cache, never on the other request's promise (docs/TOKENS.md in the package's repository).
let sharedClient;
function clientFor(env) {
  sharedClient ??= new OrderManagementClient({
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
  return sharedClient;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/checkout":
      case "/receipt": {
        if (request.method !== "POST") return methodNotAllowed("POST");
        const order = await readOrder(request, env, url);
        if (order instanceof Response) return order;
        return url.pathname === "/checkout" ? enqueue(order, env) : postNow(order, env);
      }
      case "/dead-letters":
        if (request.method !== "GET") return methodNotAllowed("GET");
        return admin(request, env) ?? listDeadLetters(env, url);
      case "/dead-letters/replay":
        if (request.method !== "POST") return methodNotAllowed("POST");
        return admin(request, env) ?? replayDeadLetters(request, env);
      default:
        return json(404, { code: "not_found", issues: [] });
    }
  },

  /** The receipts queue: post each receipt; the dead-letter queue: record each message for a person. */
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) {
      for (const message of batch.messages) await recordDeadLetter(message, env);
      return;
    }
    // Concurrently: the shared client fetches one token for the whole batch.
    await Promise.all(batch.messages.map((message) => deliver(message, env)));
  },
};

/** The checkout body as `{orderId, paymentType, receipt, category}`, or a 400 with every issue. */
async function readOrder(request, env, url) {
  let body;
  try {
    body = await request.json();
  } catch {
    return invalid([{ path: "", code: "json_syntax", message: "the body is not JSON" }]);
  }
  const { orderId, cart, category = "RECEIPT", paymentType = "ECOM" } = body ?? {};
  const shop = (env.SHOP_URL || url.origin).replace(/\/+$/, "");
  const orderDetailsUrl = `${shop}/orders/${encodeURIComponent(orderId)}`;
  // The order id, payment type, category and link by the package's own rules: the v3 category request
  // carries exactly these facts (its `type` is our `category`, its `url` the category's link).
  const facts = validateCategory({ orderId, paymentType, type: category, url: orderDetailsUrl });
  const issues = facts.errors.map((issue) =>
    issue.path === "type" ? { ...issue, path: "category" } : issue.path === "url" ? { ...issue, path: "category.orderDetailsUrl" } : issue,
  );
  if (cart === null || typeof cart !== "object") {
    issues.push({ path: "cart", code: "required", message: "cart must be an object" });
  }
  if (issues.length) return invalid(issues);

  let receipt;
  try {
    receipt = buildReceipt(cart);
  } catch (error) {
    return failure(error, "cart");
  }
  // buildReceipt only makes valid receipts; validating again is the belt to its braces, and what a
  // shop that builds receipts its own way would do before sending (or queueing).
  const report = validateReceipt(receipt);
  if (!report.valid) return invalid(report.errors);
  return { orderId, paymentType, receipt, category: { category, orderDetailsUrl } };
}

// ----- the synchronous route -----

async function postNow({ orderId, paymentType, receipt, category }, env) {
  let client;
  try {
    client = clientFor(env);
  } catch (error) {
    return misconfigured(error);
  }
  try {
    // The receipt first, as the queue consumer does: a conflicting receipt leaves the order's category untouched.
    const { status } = await client.addReceipt(paymentType, orderId, receipt);
    await client.setCategory(paymentType, orderId, category);
    return json(status === "created" ? 201 : 200, { status, receipt });
  } catch (error) {
    return failure(error);
  }
}

// ----- durable delivery -----

async function enqueue(order, env) {
  try {
    await env.RECEIPTS.send(order, { contentType: "json" });
  } catch (error) {
    // Too large (128 KB), or the queue is unavailable: nothing was queued, so the checkout must retry.
    console.error("queue send:", error?.message ?? error);
    return json(503, { code: "queue_unavailable", message: "the receipt could not be queued; send it again", issues: [] });
  }
  return json(202, { status: "queued", orderId: order.orderId, receipt: order.receipt });
}

/**
 * One delivery of a queued receipt. Posting first and setting the category second means a conflicting
 * receipt leaves the order untouched; both writes are safe to repeat (the receipt is exactly-once: a
 * duplicate delivery, or a retry after a lost answer, finds the same receipt and counts as done).
 */
async function deliver(message, env) {
  const { orderId, paymentType, receipt, category } = message.body ?? {};
  try {
    const client = clientFor(env);
    const { status } = await client.addReceipt(paymentType, orderId, receipt);
    await client.setCategory(paymentType, orderId, category);
    console.log("receipt", paymentType, orderId, status, "delivery", message.attempts);
    message.ack();
  } catch (error) {
    if (error?.name !== "VippsOrderManagementError") {
      // A bug or a bad binding: keep the message (the queue's max_retries still ends in the DLQ).
      console.error("receipt", orderId, "failed:", error?.stack ?? error);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, env) });
      return;
    }
    const reason = { code: error.code, status: error.status, message: error.message, issues: error.issues ?? [] };
    if (error.existing) reason.existing = error.existing;
    if (PERMANENT.has(error.code)) return deadLetter(message, env, reason);
    if (message.attempts >= maxDeliveries(env)) {
      return deadLetter(message, env, { ...reason, gaveUpAfterDeliveries: message.attempts });
    }
    console.warn("receipt", orderId, error.code, "delivery", message.attempts, "retrying");
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, env) });
  }
}

/** Deliveries before a transiently failing message is dead-lettered (keep below the queue's max_retries + 1). */
function maxDeliveries(env) {
  const n = Number(env.MAX_DELIVERIES ?? 8);
  return Number.isInteger(n) && n >= 1 ? n : 8;
}

/** Exponential backoff: RETRY_BASE_SECONDS (default 30) doubled per delivery, at most an hour. */
function retryDelaySeconds(attempts, env) {
  const base = Number(env.RETRY_BASE_SECONDS ?? 30);
  const safeBase = Number.isFinite(base) && base >= 0 ? base : 30;
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.round(safeBase * 2 ** Math.max(0, attempts - 1)));
}

/** Moves a message to the dead-letter queue with the reason; if that fails, keeps it for a retry. */
async function deadLetter(message, env, reason) {
  const { orderId, paymentType, receipt, category } = message.body ?? {};
  try {
    await env.DEAD_LETTERS.send(
      { message: { orderId, paymentType, receipt, category }, reason, deliveries: message.attempts, failedAt: new Date().toISOString() },
      { contentType: "json" },
    );
    console.error("receipt", paymentType, orderId, "dead-lettered:", reason.code, reason.message);
    message.ack();
  } catch (error) {
    console.error("dead-letter send:", error?.message ?? error);
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, env) });
  }
}

/**
 * The dead-letter queue's consumer: keeps each message in KV (DEAD_LETTER_LOG) for inspection and replay.
 * A message the queue itself dead-lettered (the consumer threw max_retries times) has no reason: it is
 * the bare checkout message.
 */
async function recordDeadLetter(message, env) {
  const body = message.body ?? {};
  const entry = body.reason
    ? body
    : {
        message: body,
        reason: { code: "retries_exhausted", message: "the queue gave up after max_retries deliveries" },
        deliveries: message.attempts,
        failedAt: new Date().toISOString(),
      };
  const key = `${entry.message?.paymentType}/${entry.message?.orderId}/${message.id}`;
  await env.DEAD_LETTER_LOG.put(key, JSON.stringify(entry));
  message.ack();
}

// ----- admin: inspect and replay the dead letters -----

/** A 404 without ADMIN_TOKEN (the routes are off), 401 without the right bearer token, else undefined. */
function admin(request, env) {
  if (!env.ADMIN_TOKEN) return json(404, { code: "not_found", issues: [] });
  if (request.headers.get("authorization") !== `Bearer ${env.ADMIN_TOKEN}`) {
    return json(401, { code: "unauthorized", issues: [] }, { "www-authenticate": "Bearer" });
  }
  return undefined;
}

async function listDeadLetters(env, url) {
  const page = await env.DEAD_LETTER_LOG.list({ prefix: url.searchParams.get("prefix") ?? undefined, cursor: url.searchParams.get("cursor") ?? undefined });
  const deadLetters = [];
  for (const { name } of page.keys) {
    const entry = await env.DEAD_LETTER_LOG.get(name, "json");
    if (entry) deadLetters.push({ key: name, ...entry });
  }
  return json(200, { deadLetters, cursor: page.list_complete ? null : page.cursor });
}

/** Puts the named dead letters back on the receipts queue, then forgets them. */
async function replayDeadLetters(request, env) {
  let keys;
  try {
    ({ keys } = await request.json());
  } catch {
    keys = undefined;
  }
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) {
    return invalid([{ path: "keys", code: "required", message: "keys must be an array of dead-letter keys" }]);
  }
  const replayed = [];
  const missing = [];
  for (const key of keys) {
    const entry = await env.DEAD_LETTER_LOG.get(key, "json");
    if (!entry) {
      missing.push(key);
      continue;
    }
    await env.RECEIPTS.send(entry.message, { contentType: "json" });
    await env.DEAD_LETTER_LOG.delete(key);
    replayed.push(key);
  }
  return json(202, { replayed, missing });
}

// ----- answers -----

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

/** Missing or malformed bindings: the Worker's fault, not the caller's. */
function misconfigured(error) {
  if (error?.name !== "VippsOrderManagementError") throw error;
  console.error("vipps client options:", error.message);
  return json(500, { code: "configuration", issues: error.issues ?? [] });
}

function methodNotAllowed(allow) {
  return json(405, { code: "method_not_allowed", issues: [] }, { allow });
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
