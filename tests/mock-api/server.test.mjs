// Tests for the mock Vipps API: `node --test tests/mock-api/`
// Real sockets on 127.0.0.1, global fetch, no dependencies. Every fetch has a bounded timeout.

import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { deflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { startMockServer, DEFAULT_CREDENTIALS, DEFAULT_SETTINGS, FAULTS, enrichReceipt } from "./server.mjs";

const FETCH_TIMEOUT_MS = 5000;
const TEST_TIMEOUT = { timeout: 20000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Resolves to `value` after `ms` without keeping the process alive (for Promise.race guards). */
const resolveAfter = (ms, value) => new Promise((r) => setTimeout(r, ms, value).unref());

// ---------------------------------------------------------------------------------------------------------------
// Tiny image builders (hand-made PNG with our own CRC-32, header-only JPEG)
// ---------------------------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A real, decodable 8-bit grayscale PNG; `extra` adds a private ancillary chunk of that many bytes. */
function makePng(width, height, { extra = 0 } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: grayscale
  const raw = Buffer.alloc((width + 1) * height, 0x80); // each row: filter byte + pixels
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0; // filter: none
  const chunks = [pngChunk("IHDR", ihdr)];
  if (extra) chunks.push(pngChunk("prVt", Buffer.alloc(extra, 7)));
  chunks.push(pngChunk("IDAT", deflateSync(raw)), pngChunk("IEND", Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

const segment = (marker, payload) => {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), len, payload]);
};

/** JPEG headers up to the start of scan: SOI, APP0 JFIF, DQT, SOFn (with the given size), SOS, a byte, EOI. */
function makeJpeg(width, height, { sof = 0xc0, fill = false } = {}) {
  const sofPayload = Buffer.alloc(9);
  sofPayload[0] = 8; // precision
  sofPayload.writeUInt16BE(height, 1);
  sofPayload.writeUInt16BE(width, 3);
  sofPayload[5] = 1; // one component
  sofPayload[6] = 1;
  sofPayload[7] = 0x11;
  sofPayload[8] = 0;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1")),
    segment(0xdb, Buffer.alloc(65, 1)),
    fill ? Buffer.from([0xff, 0xff]) : Buffer.alloc(0), // fill bytes before a marker are legal
    segment(sof, sofPayload),
    segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
    Buffer.from([0x00, 0xff, 0xd9]),
  ]);
}

const b64 = (buf) => buf.toString("base64");

// ---------------------------------------------------------------------------------------------------------------
// Client helpers
// ---------------------------------------------------------------------------------------------------------------

let mock;
let base;

function call(method, path, { headers = {}, body, raw, timeout = FETCH_TIMEOUT_MS, url = base } = {}) {
  const init = { method, redirect: "manual", headers: { ...headers }, signal: AbortSignal.timeout(timeout) };
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["content-type"] ??= "application/json";
  }
  return fetch(url + path, init);
}

const tokenHeaders = (c = DEFAULT_CREDENTIALS) => ({
  client_id: c.clientId,
  client_secret: c.clientSecret,
  "Ocp-Apim-Subscription-Key": c.subscriptionKey,
  "Merchant-Serial-Number": c.merchantSerialNumber,
});

async function getToken(url = base, creds) {
  const res = await call("POST", "/accesstoken/get", { headers: tokenHeaders(creds), url });
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

const apiHeaders = (token, extra = {}) => ({
  Authorization: `Bearer ${token}`,
  "Ocp-Apim-Subscription-Key": DEFAULT_CREDENTIALS.subscriptionKey,
  "Merchant-Serial-Number": DEFAULT_CREDENTIALS.merchantSerialNumber,
  ...extra,
});

/** An authenticated Order Management call with a fresh token. */
async function api(method, path, opts = {}) {
  const token = opts.token ?? (await getToken());
  return call(method, `/order-management${path}`, { ...opts, headers: apiHeaders(token, opts.headers) });
}

const control = (method, path, body) => call(method, `/__mock/${path}`, { body });
const state = async () => (await control("GET", "state")).json();
const fault = async (spec) => {
  const res = await control("POST", "faults", spec);
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
};

async function expectProblem(res, status, { shape = "invalidParams" } = {}) {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type"), /^application\/problem\+json/);
  const body = await res.json();
  for (const k of ["type", "title", "detail", "instance"]) assert.equal(typeof body[k], "string", `problem.${k}`);
  if (shape === "extraDetails") assert.equal(body.invalidParams, undefined);
  if (shape === "invalidParams") assert.equal(body.extraDetails, undefined);
  return body;
}

/** The `name`s of a 400's params, sorted. */
async function paramNames(res, shape = "invalidParams") {
  const body = await expectProblem(res, 400, { shape });
  assert.ok(Array.isArray(body[shape]), `${shape} present`);
  for (const p of body[shape]) {
    assert.equal(typeof p.name, "string");
    assert.ok(p.reason.length > 0);
  }
  return body[shape].map((p) => p.name).sort();
}

const line = (over = {}) => ({
  name: "Socks",
  id: "sku-1",
  totalAmount: 1000,
  totalAmountExcludingTax: 800,
  totalTaxAmount: 200,
  taxRate: 2500,
  ...over,
});
const receipt = (over = {}) => ({ orderLines: [line()], bottomLine: { currency: "NOK" }, ...over });

before(async () => {
  mock = await startMockServer();
  base = mock.url;
});
after(() => mock.close());
beforeEach(async () => {
  const res = await control("POST", "reset");
  assert.equal(res.status, 200);
});

// ---------------------------------------------------------------------------------------------------------------

describe("server basics", () => {
  test("binds 127.0.0.1 on a free port", () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(base, `http://127.0.0.1:${mock.port}`);
  });

  test("crc32 helper is right (check value of '123456789')", () => {
    assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
  });

  test("unknown routes are 404, wrong methods 405 with Allow", TEST_TIMEOUT, async () => {
    await expectProblem(await api("GET", "/v9/nothing"), 404);
    await expectProblem(await call("GET", "/nothing"), 404);
    const res = await api("GET", "/v2/ECOM/receipts/order-1");
    await expectProblem(res, 405);
    assert.equal(res.headers.get("allow"), "POST");
    const tok = await call("GET", "/accesstoken/get");
    assert.equal(tok.status, 405);
    const del = await api("DELETE", "/v3/categories");
    assert.equal(del.status, 405);
    assert.equal(del.headers.get("allow"), "POST, GET");
  });

  test("health and unknown control endpoint", async () => {
    assert.deepEqual(await (await control("GET", "health")).json(), { ok: true });
    assert.equal((await control("GET", "nope")).status, 404);
  });

  test("close() does not wait for a pending delay fault", TEST_TIMEOUT, async () => {
    const other = await startMockServer();
    other.addFault({ fault: "delay", delayMs: 60000 });
    const pending = fetch(`${other.url}/accesstoken/get`, { method: "POST", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch((e) => e);
    await sleep(100);
    const t0 = Date.now();
    await other.close();
    assert.ok(Date.now() - t0 < 1000);
    assert.ok((await pending) instanceof Error); // the connection was closed, no answer
  });

  test("CLI prints exactly one MOCK_URL line and stops on SIGTERM", TEST_TIMEOUT, async () => {
    const script = fileURLToPath(new URL("./server.mjs", import.meta.url));
    const child = spawn(process.execPath, [script, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    try {
      const deadline = Date.now() + 5000;
      while (!out.includes("\n") && Date.now() < deadline) await sleep(20);
      const m = /^MOCK_URL=(http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(out);
      assert.ok(m, `stdout was ${JSON.stringify(out)}`);
      const res = await call("GET", "/__mock/health", { url: m[1] });
      assert.equal(res.status, 200);
      child.kill("SIGTERM");
      const { code } = await Promise.race([exited, resolveAfter(5000, { code: "timeout" })]);
      assert.equal(code, 0);
      assert.equal(out.split("\n").filter(Boolean).length, 1);
    } finally {
      child.kill("SIGKILL");
    }
  });

  test("CLI honours --port N", TEST_TIMEOUT, async () => {
    // Find a free port by asking the mock itself for one, then release it.
    const probe = await startMockServer();
    const port = probe.port;
    await probe.close();
    const script = fileURLToPath(new URL("./server.mjs", import.meta.url));
    const child = spawn(process.execPath, [script, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 5000;
      while (!out.includes("\n") && Date.now() < deadline) await sleep(20);
      assert.equal(out, `MOCK_URL=http://127.0.0.1:${port}\n`);
      child.kill("SIGINT");
      assert.equal(await Promise.race([exited, resolveAfter(5000, "timeout")]), 0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("access token", () => {
  test("returns the Vipps shape, all strings", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await call("POST", "/accesstoken/get", { headers: tokenHeaders() });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    const body = await res.json();
    assert.deepEqual(Object.keys(body).sort(), [
      "access_token", "expires_in", "expires_on", "ext_expires_in", "not_before", "resource", "token_type",
    ]);
    for (const v of Object.values(body)) assert.equal(typeof v, "string");
    assert.equal(body.token_type, "Bearer");
    assert.equal(body.expires_in, "3600");
    assert.equal(body.ext_expires_in, "3600");
    assert.equal(body.resource, "00000002-0000-0000-c000-000000000000");
    assert.ok(Number(body.not_before) >= before && Number(body.not_before) <= before + 2);
    assert.equal(Number(body.expires_on) - Number(body.not_before), 3600);
    assert.ok(body.access_token.length >= 32);
    const second = await getToken();
    assert.notEqual(second, body.access_token);
    assert.equal((await state()).tokensIssued, 2);
  });

  test("the mixed-case path /accessToken/get works too", async () => {
    const res = await call("POST", "/accessToken/get", { headers: tokenHeaders() });
    assert.equal(res.status, 200);
  });

  test("each wrong or missing credential header is a 401 JSON", TEST_TIMEOUT, async () => {
    const good = tokenHeaders();
    for (const name of Object.keys(good)) {
      for (const value of ["wrong", undefined]) {
        const headers = { ...good };
        if (value === undefined) delete headers[name];
        else headers[name] = value;
        const res = await call("POST", "/accesstoken/get", { headers });
        assert.equal(res.status, 401, `${name}=${value}`);
        assert.match(res.headers.get("content-type"), /json/);
        assert.equal(typeof (await res.json()).error, "string");
      }
    }
    assert.equal((await state()).tokensIssued, 0);
  });

  test("credentials given to startMockServer replace the defaults", TEST_TIMEOUT, async () => {
    const creds = { clientId: "cid", clientSecret: "sec", subscriptionKey: "sub", merchantSerialNumber: "999" };
    const other = await startMockServer({ credentials: creds, tokenLifetimeSeconds: 60 });
    try {
      const bad = await call("POST", "/accesstoken/get", { headers: tokenHeaders(), url: other.url });
      assert.equal(bad.status, 401);
      const res = await call("POST", "/accesstoken/get", { headers: tokenHeaders(creds), url: other.url });
      assert.equal(res.status, 200);
      const { access_token, expires_in } = await res.json();
      assert.equal(expires_in, "60");
      const order = await call("GET", "/order-management/v2/ECOM/o-1", {
        url: other.url,
        headers: { Authorization: `Bearer ${access_token}`, "Ocp-Apim-Subscription-Key": "sub", "Merchant-Serial-Number": "999" },
      });
      assert.equal(order.status, 200);
      assert.equal(other.state.tokensIssued, 1);
    } finally {
      await other.close();
    }
  });

  test("bad startMockServer options throw", async () => {
    await assert.rejects(startMockServer({ credentials: { clientId: 42 } }), /clientId/);
    await assert.rejects(startMockServer({ tokenLifetimeSeconds: 1.5 }), /tokenLifetimeSeconds/);
  });

  test("POST /__mock/config changes credentials and lifetime; reset restores them", TEST_TIMEOUT, async () => {
    const res = await control("POST", "config", { clientSecret: "new-secret", tokenLifetimeSeconds: 120 });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).clientSecret, "new-secret");
    assert.equal((await call("POST", "/accesstoken/get", { headers: tokenHeaders() })).status, 401);
    const creds = { ...DEFAULT_CREDENTIALS, clientSecret: "new-secret" };
    const ok = await call("POST", "/accesstoken/get", { headers: tokenHeaders(creds) });
    assert.equal((await ok.json()).expires_in, "120");
    // nested form
    assert.equal((await control("POST", "config", { credentials: { merchantSerialNumber: "777" } })).status, 200);
    assert.equal((await (await control("GET", "config")).json()).merchantSerialNumber, "777");
    // bad settings
    await paramNames(await control("POST", "config", { tokenLifetimeSeconds: -1 }));
    assert.deepEqual(await paramNames(await control("POST", "config", { nope: 1, clientId: "" })), ["clientId", "nope"]);
    await control("POST", "reset");
    assert.deepEqual(await (await control("GET", "config")).json(), { ...DEFAULT_CREDENTIALS, tokenLifetimeSeconds: 3600, ...DEFAULT_SETTINGS });
    assert.equal((await call("POST", "/accesstoken/get", { headers: tokenHeaders() })).status, 200);
  });
});

describe("Order Management auth", () => {
  const routes = [
    ["POST", "/v1/images"],
    ["PUT", "/v2/ECOM/categories/order-1"],
    ["POST", "/v2/ECOM/receipts/order-1"],
    ["GET", "/v2/ECOM/order-1"],
    ["POST", "/v3/categories"],
    ["GET", "/v3/categories?orderId=order-1"],
    ["GET", "/v3/categories/0b2c0c3e-9c1e-4d8e-8a57-6f1f7c3a1d11"],
    ["DELETE", "/v3/categories/0b2c0c3e-9c1e-4d8e-8a57-6f1f7c3a1d11"],
  ];

  test("every route needs bearer token, subscription key and MSN", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const good = apiHeaders(token);
    for (const [method, path] of routes) {
      const url = `/order-management${path}`;
      const without = (name) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
      const cases = [
        [without("Authorization"), 401],
        [{ ...good, Authorization: "Bearer not-a-token" }, 401],
        [{ ...good, Authorization: `Basic ${token}` }, 401],
        [without("Ocp-Apim-Subscription-Key"), 401],
        [{ ...good, "Ocp-Apim-Subscription-Key": "wrong" }, 401],
        [without("Merchant-Serial-Number"), 403],
        [{ ...good, "Merchant-Serial-Number": "654321" }, 403],
      ];
      for (const [headers, status] of cases) {
        const res = await call(method, url, { headers, body: method === "GET" || method === "DELETE" ? undefined : {} });
        await expectProblem(res, status, { shape: "none" });
      }
    }
  });

  test("the bearer scheme is case-insensitive", async () => {
    const token = await getToken();
    const res = await call("GET", "/order-management/v2/ECOM/order-1", { headers: apiHeaders(token, { Authorization: `bearer ${token}` }) });
    assert.equal(res.status, 200);
  });

  test("a token expires after its lifetime", TEST_TIMEOUT, async () => {
    await control("POST", "config", { tokenLifetimeSeconds: 1 });
    const res = await call("POST", "/accesstoken/get", { headers: tokenHeaders() });
    const body = await res.json();
    assert.equal(body.expires_in, "1");
    const token = body.access_token;
    assert.equal((await api("GET", "/v2/ECOM/order-1", { token })).status, 200);
    await sleep(1100);
    const expired = await api("GET", "/v2/ECOM/order-1", { token });
    const problem = await expectProblem(expired, 401, { shape: "none" });
    assert.match(problem.detail, /expired/);
    assert.match(expired.headers.get("www-authenticate"), /^Bearer/);
  });

  test("a lifetime of 0 issues already-expired tokens", async () => {
    await control("POST", "config", { tokenLifetimeSeconds: 0 });
    const token = await getToken();
    assert.equal((await api("GET", "/v2/ECOM/order-1", { token })).status, 401);
  });

  test("reset invalidates tokens unless keepTokens", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await control("POST", "reset", { keepTokens: true });
    assert.equal((await api("GET", "/v2/ECOM/order-1", { token })).status, 200);
    assert.equal((await state()).tokensIssued, 0);
    await control("POST", "reset");
    assert.equal((await api("GET", "/v2/ECOM/order-1", { token })).status, 401);
  });
});

describe("order routes: path parameters and 404", () => {
  const orderRoutes = [
    ["POST", "receipts/", () => receipt()],
    ["PUT", "categories/", () => ({ category: "GENERAL", orderDetailsUrl: "https://shop.example/o/1" })],
    ["GET", "", () => undefined],
  ];

  test("paymentType must be ECOM or RECURRING, orderId must match the pattern", TEST_TIMEOUT, async () => {
    const token = await getToken();
    for (const [method, sub, body] of orderRoutes) {
      assert.deepEqual(await paramNames(await api(method, `/v2/ecom/${sub}order-1`, { token, body: body() })), ["paymentType"]);
      assert.deepEqual(await paramNames(await api(method, `/v2/ECOM/${sub}bad%20id!`, { token, body: body() })), ["orderId"]);
      assert.deepEqual(await paramNames(await api(method, `/v2/FOO/${sub}%C3%A6%C3%B8`, { token, body: body() })), ["orderId", "paymentType"]);
      assert.ok([200, 201].includes((await api(method, `/v2/RECURRING/${sub}Ab-_.9`, { token, body: body() })).status));
    }
  });

  test("order ids starting with 'notfound' are 404 on every order route", TEST_TIMEOUT, async () => {
    const token = await getToken();
    for (const [method, sub, body] of orderRoutes) {
      const res = await api(method, `/v2/ECOM/${sub}notfound-42`, { token, body: body() });
      await expectProblem(res, 404, { shape: "none" });
    }
    assert.deepEqual((await state()).receipts, {});
  });

  test("GET of an untouched order is an empty 200", async () => {
    const res = await api("GET", "/v2/ECOM/order-1");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {});
  });
});

describe("receipts", () => {
  const post = (body, opts = {}) => api("POST", `/v2/${opts.type ?? "ECOM"}/receipts/${opts.order ?? "order-1"}`, { body, ...opts });

  test("a valid receipt is 201 with a uuid string, stored exactly, readable via GET", TEST_TIMEOUT, async () => {
    const full = {
      orderLines: [
        line({ unitInfo: { unitPrice: 400, quantity: "2.5", quantityUnit: "KG" }, discount: 0, productUrl: "https://e.x/s", isReturn: false, isShipping: false }),
        line({ id: "sku-2", taxRate: undefined, taxPercentage: 25, isReturn: true }),
        line({ id: "ship", name: "Home delivery", totalAmount: 4900, totalAmountExcludingTax: 3920, totalTaxAmount: 980, isShipping: true }),
        line({ id: "fi", totalAmount: 1255, totalAmountExcludingTax: 1000, totalTaxAmount: 255, taxRate: 2550, taxPercentage: null }),
        line({ id: "free", totalAmount: 0, totalAmountExcludingTax: 0, totalTaxAmount: 0, taxRate: 0, unitInfo: { unitPrice: null, quantity: "1" } }),
      ],
      bottomLine: {
        currency: "EUR", tipAmount: 100, posId: "pos_122", receiptNumber: "0527013501", terminalId: null,
        paymentSources: { giftCard: 0, card: 7355, voucher: null, cash: 0 },
        barcode: { format: "CODE 39", data: "SC0527013501 " },
        // deprecated fields still parse
        giftCardAmount: 0, totalAmount: 7255, totalTax: 1435, totalDiscount: 0, shippingAmount: 0,
        shippingInfo: { amount: 0, amountExcludingTax: 0, taxAmount: 0, taxPercentage: 25 },
      },
      somethingUnknown: true,
    };
    const body = JSON.parse(JSON.stringify(full)); // drop undefined
    const res = await post(body);
    assert.equal(res.status, 201, await res.clone().text());
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assert.match(await res.json(), UUID);
    const s = await state();
    assert.deepEqual(s.receipts["ECOM/order-1"], body);
    assert.deepEqual(s.receiptPostCount, { "ECOM/order-1": 1 });
    const got = await (await api("GET", "/v2/ECOM/order-1")).json();
    assert.deepEqual(got, { receipt: body });
  });

  test("a second receipt for the same order is 409 Conflicting receipt; other paymentType is separate", TEST_TIMEOUT, async () => {
    assert.equal((await post(receipt())).status, 201);
    const again = await post(receipt({ bottomLine: { currency: "DKK" } }));
    const problem = await expectProblem(again, 409, { shape: "none" });
    assert.equal(problem.title, "Conflicting receipt");
    assert.equal((await post(receipt(), { type: "RECURRING" })).status, 201);
    const s = await state();
    assert.deepEqual(s.receiptPostCount, { "ECOM/order-1": 1, "RECURRING/order-1": 1 });
    assert.equal(s.receipts["ECOM/order-1"].bottomLine.currency, "NOK");
  });

  test("an invalid body on an order with a receipt is still 400 (validation first)", async () => {
    assert.equal((await post(receipt())).status, 201);
    assert.deepEqual(await paramNames(await post({ orderLines: [] })), ["bottomLine", "orderLines"]);
  });

  test("the line identity totalAmount - totalAmountExcludingTax == totalTaxAmount", async () => {
    const names = await paramNames(await post(receipt({ orderLines: [line(), line({ totalTaxAmount: 199 })] })));
    assert.deepEqual(names, ["orderLines[1].totalTaxAmount"]);
    const res = await post(receipt({ orderLines: [line({ totalAmount: 1001 })] }));
    const body = await expectProblem(res, 400);
    assert.match(body.invalidParams[0].reason, /1001 - 800 = 201.*200/);
  });

  test("taxRate xor taxPercentage; ranges; whole percent", TEST_TIMEOUT, async () => {
    const cases = [
      [{ taxRate: 2500, taxPercentage: 25 }, ["orderLines[0].taxRate"]],
      [{ taxRate: undefined }, ["orderLines[0].taxRate"]],
      [{ taxRate: null, taxPercentage: null }, ["orderLines[0].taxRate"]],
      [{ taxRate: 10001 }, ["orderLines[0].taxRate"]],
      [{ taxRate: -1 }, ["orderLines[0].taxRate"]],
      [{ taxRate: undefined, taxPercentage: 25.5 }, ["orderLines[0].taxPercentage"]],
      [{ taxRate: undefined, taxPercentage: 101 }, ["orderLines[0].taxPercentage"]],
      [{ taxRate: undefined, taxPercentage: -1 }, ["orderLines[0].taxPercentage"]],
      [{ taxRate: "2500" }, ["orderLines[0].taxRate"]],
    ];
    for (const [over, expected] of cases) {
      const body = JSON.parse(JSON.stringify(receipt({ orderLines: [line(over)] })));
      assert.deepEqual(await paramNames(await post(body)), expected, JSON.stringify(over));
    }
    for (const over of [{ taxRate: 10000, totalAmountExcludingTax: 500, totalTaxAmount: 500 }, { taxRate: null, taxPercentage: 0 }, { taxRate: 0 }, { taxRate: undefined, taxPercentage: 100 }]) {
      const body = JSON.parse(JSON.stringify(receipt({ orderLines: [line(over)] })));
      const res = await post(body, { order: `ok-${Math.random().toString(36).slice(2)}` });
      assert.equal(res.status, 201, JSON.stringify(over));
    }
  });

  test("every violation is reported at once, with JSON paths", TEST_TIMEOUT, async () => {
    const body = {
      orderLines: [
        { id: "", totalAmount: "100", totalAmountExcludingTax: -5, totalTaxAmount: 10.5, taxRate: 2500, isReturn: "yes", productUrl: 5 },
        line({ unitInfo: { quantity: "1,5", quantityUnit: "BOX" }, discount: -1 }),
        line({ unitInfo: { unitPrice: -1, quantity: "12345678.901" } }),
        "not a line",
        line({ name: null, unitInfo: null, isShipping: 1 }),
      ],
      bottomLine: {
        currency: "SEK",
        tipAmount: -1,
        paymentSources: { card: -1, cash: 1.5 },
        barcode: { format: "QR" },
        shippingInfo: { amount: 1 },
        receiptNumber: 123,
        giftCardAmount: -1,
      },
    };
    const names = await paramNames(await post(body));
    assert.deepEqual(names, [
      "bottomLine.barcode.data",
      "bottomLine.barcode.format",
      "bottomLine.currency",
      "bottomLine.giftCardAmount",
      "bottomLine.paymentSources.card",
      "bottomLine.paymentSources.cash",
      "bottomLine.receiptNumber",
      "bottomLine.shippingInfo.amountExcludingTax",
      "bottomLine.shippingInfo.taxAmount",
      "bottomLine.shippingInfo.taxPercentage",
      "bottomLine.tipAmount",
      "orderLines[0].id",
      "orderLines[0].isReturn",
      "orderLines[0].name",
      "orderLines[0].productUrl",
      "orderLines[0].totalAmount",
      "orderLines[0].totalAmountExcludingTax",
      "orderLines[0].totalTaxAmount",
      "orderLines[1].discount",
      "orderLines[1].unitInfo.quantity",
      "orderLines[1].unitInfo.quantityUnit",
      "orderLines[1].unitInfo.unitPrice",
      "orderLines[2].unitInfo.quantity", // too long (11 chars) and fraction digits ok → one maxLength entry
      "orderLines[2].unitInfo.unitPrice",
      "orderLines[3]",
      "orderLines[4].isShipping",
      "orderLines[4].name",
      "orderLines[4].unitInfo",
    ]);
    const s = await state();
    assert.deepEqual(s.receipts, {});
    assert.deepEqual(s.receiptPostCount, {});
  });

  test("required and container rules", TEST_TIMEOUT, async () => {
    assert.deepEqual(await paramNames(await post({})), ["bottomLine", "orderLines"]);
    assert.deepEqual(await paramNames(await post({ orderLines: [], bottomLine: {} })), ["bottomLine.currency", "orderLines"]);
    assert.deepEqual(await paramNames(await post({ orderLines: {}, bottomLine: [] })), ["bottomLine", "orderLines"]);
    assert.deepEqual(await paramNames(await post([receipt()])), ["$"]);
    assert.deepEqual(await paramNames(await post(receipt({ bottomLine: { currency: null } }))), ["bottomLine.currency"]);
    assert.deepEqual(
      await paramNames(await post(receipt({ orderLines: [{ taxRate: 0 }] }))),
      ["orderLines[0].id", "orderLines[0].name", "orderLines[0].totalAmount", "orderLines[0].totalAmountExcludingTax", "orderLines[0].totalTaxAmount"],
    );
  });

  test("numbers written with a fraction or exponent are not integers (1000.0, 1e3)", async () => {
    const raw = '{"orderLines":[{"name":"a","id":"1","totalAmount":1000.0,"totalAmountExcludingTax":8e2,"totalTaxAmount":200,"taxRate":2500,' +
      '"unitInfo":{"unitPrice":400,"quantity":"2.5"}}],"bottomLine":{"currency":"NOK","tipAmount":0}}';
    assert.deepEqual(await paramNames(await post(undefined, { raw, headers: { "content-type": "application/json" } })), [
      "orderLines[0].totalAmount",
      "orderLines[0].totalAmountExcludingTax",
    ]);
  });

  test("invalid JSON, wrong content type, BOM", async () => {
    const bad = await post(undefined, { raw: '{"orderLines":', headers: { "content-type": "application/json" } });
    assert.deepEqual(await paramNames(bad), ["$"]);
    const empty = await post(undefined, { raw: "", headers: { "content-type": "application/json" } });
    assert.deepEqual(await paramNames(empty), ["$"]);
    const text = await post(undefined, { raw: JSON.stringify(receipt()), headers: { "content-type": "text/plain" } });
    await expectProblem(text, 415, { shape: "none" });
    const bom = await post(undefined, { raw: "\uFEFF" + JSON.stringify(receipt()), headers: { "content-type": "application/json; charset=utf-8" } });
    assert.equal(bom.status, 201);
  });
});

describe("v2 categories", () => {
  const put = (body, order = "order-1", opts = {}) => api("PUT", `/v2/ECOM/categories/${order}`, { body, ...opts });

  test("PUT is 200 with a JSON string, replaces the previous one, shows in GET order", TEST_TIMEOUT, async () => {
    const first = await put({ category: "RECEIPT", orderDetailsUrl: "https://shop.example/r/1" });
    assert.equal(first.status, 200);
    assert.equal(typeof (await first.json()), "string");
    const second = await put({ category: "DELIVERY", orderDetailsUrl: "http://localhost:8080/track?id=1", imageId: null });
    assert.equal(second.status, 200);
    const s = await state();
    assert.deepEqual(s.categories, { "ECOM/order-1": { category: "DELIVERY", orderDetailsUrl: "http://localhost:8080/track?id=1" } });
    assert.equal(s.categoriesV3.length, 0);
    assert.deepEqual(await (await api("GET", "/v2/ECOM/order-1")).json(), { category: s.categories["ECOM/order-1"] });
    assert.deepEqual(await (await api("GET", "/v2/RECURRING/order-1")).json(), {});
  });

  test("all six category values are accepted", TEST_TIMEOUT, async () => {
    const token = await getToken();
    for (const category of ["GENERAL", "RECEIPT", "ORDER_CONFIRMATION", "DELIVERY", "TICKET", "BOOKING"]) {
      assert.equal((await put({ category, orderDetailsUrl: "https://e.x/" }, "o", { token })).status, 200, category);
    }
  });

  test("validation", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const names = async (body) => paramNames(await put(body, "order-1", { token }));
    assert.deepEqual(await names({}), ["category", "orderDetailsUrl"]);
    assert.deepEqual(await names({ category: "Receipt", orderDetailsUrl: "/relative" }), ["category", "orderDetailsUrl"]);
    assert.deepEqual(await names({ category: null, orderDetailsUrl: "" }), ["category", "orderDetailsUrl"]);
    assert.deepEqual(await names({ category: "GENERAL", orderDetailsUrl: "//e.x/" }), ["orderDetailsUrl"]);
    assert.deepEqual(await names({ category: "GENERAL", orderDetailsUrl: "https://e.x", imageId: "bad id" }), ["imageId"]);
    assert.deepEqual(await names({ category: "GENERAL", orderDetailsUrl: "https://e.x", imageId: "x".repeat(129) }), ["imageId"]);
    assert.deepEqual(await names({ category: "GENERAL", orderDetailsUrl: "https://e.x", imageId: "" }), ["imageId"]);
    assert.deepEqual(await names("GENERAL"), ["$"]);
    assert.deepEqual((await state()).categories, {});
  });

  test("imageId must be an uploaded image", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const body = { category: "TICKET", orderDetailsUrl: "https://e.x/t", imageId: "ticket-1" };
    const res = await put(body, "order-1", { token });
    const problem = await expectProblem(res, 400);
    assert.equal(problem.invalidParams[0].name, "imageId");
    assert.match(problem.invalidParams[0].reason, /not been uploaded/);
    const up = await api("POST", "/v1/images", { token, body: { imageId: "ticket-1", src: b64(makePng(2, 200)), type: "base64" } });
    assert.equal(up.status, 200);
    assert.equal((await put(body, "order-1", { token })).status, 200);
    assert.deepEqual((await state()).categories["ECOM/order-1"], body);
  });
});

describe("v3 categories", () => {
  const add = (body, opts) => api("POST", "/v3/categories", { body, ...opts });
  const cat = (over = {}) => ({ orderId: "order-1", paymentType: "ECOM", type: "RECEIPT", url: "https://e.x/r", ...over });

  test("POST 201 {categoryId}; GET by orderId; GET by id; DELETE; 404s", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const r1 = await add(cat(), { token });
    assert.equal(r1.status, 201);
    const { categoryId: id1 } = await r1.json();
    assert.match(id1, UUID);
    const { categoryId: id2 } = await (await add(cat({ type: "BOOKING", paymentType: "RECURRING" }), { token })).json();
    await add(cat({ orderId: "order-2" }), { token });

    const list = await (await api("GET", "/v3/categories?orderId=order-1", { token })).json();
    assert.deepEqual(list, {
      categories: [
        { categoryId: id1, ...cat() },
        { categoryId: id2, ...cat({ type: "BOOKING", paymentType: "RECURRING" }) },
      ],
    });
    assert.deepEqual(await (await api("GET", "/v3/categories?orderId=nobody", { token })).json(), { categories: [] });
    assert.deepEqual(await (await api("GET", `/v3/categories/${id1}`, { token })).json(), { categoryId: id1, ...cat() });

    const del = await api("DELETE", `/v3/categories/${id1}`, { token });
    assert.equal(del.status, 200);
    await expectProblem(await api("GET", `/v3/categories/${id1}`, { token }), 404, { shape: "none" });
    await expectProblem(await api("DELETE", `/v3/categories/${id1}`, { token }), 404, { shape: "none" });
    await expectProblem(await api("DELETE", "/v3/categories/not-a-uuid", { token }), 404, { shape: "none" });
    assert.deepEqual(await paramNames(await api("GET", "/v3/categories/not-a-uuid", { token })), ["categoryId"]);
    assert.equal((await state()).categoriesV3.length, 2);
  });

  test("validation, including the query parameter and imageId", TEST_TIMEOUT, async () => {
    const token = await getToken();
    assert.deepEqual(await paramNames(await add({}, { token })), ["orderId", "paymentType", "type", "url"]);
    assert.deepEqual(
      await paramNames(await add(cat({ orderId: "a b", paymentType: "VIPPS", type: "OTHER", url: "e.x" }), { token })),
      ["orderId", "paymentType", "type", "url"],
    );
    assert.deepEqual(await paramNames(await add(cat({ imageId: "nope" }), { token })), ["imageId"]);
    assert.deepEqual(await paramNames(await add(cat({ imageId: null }), { token })), ["imageId"]);
    // The spec's orderId query parameter is optional: without it, every category.
    assert.equal((await api("GET", "/v3/categories", { token })).status, 200);
    assert.deepEqual(await paramNames(await api("GET", "/v3/categories?orderId=a%20b", { token })), ["orderId"]);
    await api("POST", "/v1/images", { token, body: { imageId: "img", src: b64(makePng(1, 167)), type: "base64" } });
    const ok = await add(cat({ imageId: "img" }), { token });
    assert.equal(ok.status, 201);
    assert.equal((await state()).categoriesV3[0].imageId, "img");
  });
});

describe("images", () => {
  const upload = (body, opts) => api("POST", "/v1/images", { body, ...opts });
  const img = (src, over = {}) => ({ imageId: "img-1", src: b64(src), type: "base64", ...over });

  test("PNG: height from IHDR; 200 {imageId}", TEST_TIMEOUT, async () => {
    const res = await upload(img(makePng(3, 167)));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { imageId: "img-1" });
    const png = makePng(300, 400);
    assert.equal((await upload(img(png, { imageId: "big.png" }))).status, 200);
    const { images } = await state();
    assert.deepEqual(images["img-1"], { bytes: makePng(3, 167).length, height: 167, width: 3, format: "png" });
    assert.deepEqual(images["big.png"], { bytes: png.length, height: 400, width: 300, format: "png" });
  });

  test("JPEG: height from SOF0, SOF2 (progressive), with fill bytes", TEST_TIMEOUT, async () => {
    const token = await getToken();
    assert.equal((await upload(img(makeJpeg(640, 480), { imageId: "j0" }), { token })).status, 200);
    assert.equal((await upload(img(makeJpeg(10, 167, { sof: 0xc2 }), { imageId: "j2" }), { token })).status, 200);
    assert.equal((await upload(img(makeJpeg(10, 300, { fill: true }), { imageId: "jf" }), { token })).status, 200);
    const { images } = await state();
    assert.deepEqual(images.j0, { bytes: makeJpeg(640, 480).length, height: 480, width: 640, format: "jpeg" });
    assert.equal(images.j2.height, 167);
    assert.equal(images.jf.height, 300);
  });

  test("too short, wrong format, broken files → 400 with extraDetails on src", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const check = async (bytes, re) => {
      const body = await expectProblem(await upload(img(bytes), { token }), 400, { shape: "extraDetails" });
      assert.deepEqual(body.extraDetails.map((d) => d.name), ["src"]);
      assert.match(body.extraDetails[0].reason, re);
    };
    await check(makePng(500, 166), /height is 166 px; the minimum is 167/);
    await check(makeJpeg(500, 100), /height is 100 px/);
    await check(Buffer.from("GIF89a\x01\0\xc8\0", "latin1"), /PNG or JPEG/);
    const badCrc = makePng(2, 200);
    badCrc[29] ^= 0xff; // IHDR CRC
    await check(badCrc, /bad CRC/);
    await check(makePng(2, 200).subarray(0, 40), /truncated/);
    await check(makeJpeg(2, 200).subarray(0, 30), /truncated/);
    const noSof = Buffer.concat([Buffer.from([0xff, 0xd8]), segment(0xda, Buffer.alloc(4)), Buffer.from([0xff, 0xd9])]);
    await check(noSof, /no SOF/);
    await check(makePng(200, 200, { extra: 2 * 1024 * 1024 }), /maximum is 2097152/);
    assert.deepEqual((await state()).images, {});
  });

  test("2 MB is the limit: just under passes", TEST_TIMEOUT, async () => {
    const small = makePng(1, 200);
    const png = makePng(1, 200, { extra: 2 * 1024 * 1024 - small.length - 12 });
    assert.equal(png.length, 2 * 1024 * 1024);
    assert.equal((await upload(img(png))).status, 200);
  });

  test("base64 and body field rules, all reported together", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const names = async (body) => paramNames(await upload(body, { token }), "extraDetails");
    assert.deepEqual(await names({}), ["imageId", "src", "type"]);
    assert.deepEqual(await names({ imageId: "bad id", src: "", type: "url" }), ["imageId", "src", "type"]);
    assert.deepEqual(await names({ imageId: "x".repeat(129), src: "!!!!", type: "base64" }), ["imageId", "src"]);
    assert.deepEqual(await names(img(makePng(1, 200), { src: "data:image/png;base64," + b64(makePng(1, 200)) })), ["src"]);
    assert.deepEqual(await names(img(makePng(1, 200), { src: b64(makePng(1, 200)).replace(/=+$/, "") + "A" })), ["src"]);
    assert.deepEqual(await names(img(makePng(1, 200), { src: b64(makePng(1, 200)).replaceAll("/", "_").replaceAll("+", "-") + "_" })), ["src"]);
    assert.deepEqual(await names({ imageId: 5, src: 5, type: "base64" }), ["imageId", "src"]);
    // MIME line breaks are tolerated, as .NET's decoder does
    const wrapped = b64(makePng(1, 200)).replace(/.{76}/g, "$&\r\n");
    assert.equal((await upload({ imageId: "wrapped", src: wrapped, type: "base64" }, { token })).status, 200);
    // 128 chars is the limit
    assert.equal((await upload(img(makePng(1, 200), { imageId: "y".repeat(128) }), { token })).status, 200);
  });

  test("a second upload of the same id is 409 duplicate, and the image is not overwritten", TEST_TIMEOUT, async () => {
    assert.equal((await upload(img(makePng(1, 200)))).status, 200);
    const res = await upload(img(makeJpeg(5, 500)));
    const body = await expectProblem(res, 409, { shape: "extraDetails" });
    assert.match(body.title, /duplicate/i);
    assert.equal((await state()).images["img-1"].format, "png");
  });

  test("image errors on content type and JSON use the extraDetails shape", async () => {
    const res = await api("POST", "/v1/images", { raw: "{", headers: { "content-type": "application/json" } });
    assert.deepEqual(await paramNames(res, "extraDetails"), ["$"]);
  });
});

describe("request log", () => {
  test("records method, path, query, headers incl. Idempotency-Key, body, status, time", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const t0 = Date.now();
    await api("POST", "/v2/ECOM/receipts/order-1", { token, body: receipt(), headers: { "Idempotency-Key": "key-123", "Vipps-System-Name": "acme" } });
    await api("GET", "/v3/categories?orderId=x", { token });
    await control("GET", "state"); // control calls are not logged
    const { requests } = await state();
    assert.equal(requests.length, 3);
    const [tok, post, get] = requests;
    assert.equal(tok.path, "/accesstoken/get");
    assert.equal(tok.status, 200);
    assert.equal(post.method, "POST");
    assert.equal(post.path, "/order-management/v2/ECOM/receipts/order-1");
    assert.equal(post.headers["idempotency-key"], "key-123");
    assert.equal(post.idempotencyKey, "key-123");
    assert.equal(post.headers["vipps-system-name"], "acme");
    assert.equal(post.headers.authorization, `Bearer ${token}`);
    assert.deepEqual(post.body, receipt());
    assert.equal(post.status, 201);
    assert.equal(post.fault, null);
    assert.ok(Date.parse(post.time) >= t0 - 1000 && Date.parse(post.time) <= Date.now());
    assert.equal(typeof post.durationMs, "number");
    assert.equal(get.query, "?orderId=x");
    assert.equal(get.body, null);
    assert.equal(get.idempotencyKey, null);
  });

  test("the in-process handle exposes the same state and helpers", async () => {
    await getToken();
    assert.equal(mock.state.tokensIssued, 1);
    mock.state.tokensIssued = 99; // a copy: cannot corrupt the server
    assert.equal(mock.state.tokensIssued, 1);
    assert.ok(mock.addFault({ fault: "500" }).fault);
    assert.equal(mock.addFault({ fault: "nope" }).issues[0].name, "fault");
    assert.equal(mock.state.faults.length, 1);
    mock.reset();
    assert.equal(mock.state.faults.length, 0);
  });
});

describe("faults", () => {
  const receiptPath = "/order-management/v2/ECOM/receipts/";
  const postReceipt = (opts = {}) => api("POST", "/v2/ECOM/receipts/order-1", { body: receipt(), ...opts });

  test("500, 502, 503, 429 are answered once, then normal service resumes", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const get = () => api("GET", "/v2/ECOM/order-1", { token });

    await fault({ fault: "500" });
    await expectProblem(await get(), 500, { shape: "none" });
    assert.equal((await get()).status, 200);

    await fault({ fault: "502" });
    const r502 = await get();
    assert.equal(r502.status, 502);
    assert.match(r502.headers.get("content-type"), /text\/html/);
    assert.match(await r502.text(), /Bad Gateway/);

    await fault({ fault: "503" });
    const r503 = await get();
    await expectProblem(r503, 503, { shape: "none" });
    assert.equal(r503.headers.get("retry-after"), null);
    await fault({ fault: "503", retryAfter: 3 });
    assert.equal((await get()).headers.get("retry-after"), "3");

    await fault({ fault: "429" });
    const r429 = await get();
    await expectProblem(r429, 429, { shape: "none" });
    assert.equal(r429.headers.get("retry-after"), "1");
    await fault({ fault: "429", retryAfter: 7 });
    assert.equal((await get()).headers.get("retry-after"), "7");

    assert.equal((await get()).status, 200);
    const { requests } = await state();
    assert.deepEqual(requests.slice(1).map((r) => [r.status, r.fault]), [
      [500, "500"], [200, null], [502, "502"], [503, "503"], [503, "503"], [429, "429"], [429, "429"], [200, null],
    ]);
  });

  test("times, method and path prefix select the requests", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "503", times: 2, method: "post", path: receiptPath });
    assert.equal((await api("GET", "/v2/ECOM/order-1", { token })).status, 200); // method differs
    assert.equal((await api("PUT", "/v2/ECOM/categories/order-1", { token, body: { category: "GENERAL", orderDetailsUrl: "https://e.x" } })).status, 200); // path differs
    assert.equal((await postReceipt({ token })).status, 503);
    assert.equal((await postReceipt({ token })).status, 503);
    assert.equal((await postReceipt({ token })).status, 201);
    assert.deepEqual((await (await control("GET", "faults")).json()).faults, []);
  });

  test("faults queue in order and can be listed and cleared", async () => {
    await fault({ fault: "500", path: "/order-management/" });
    await fault({ fault: "502", path: "/order-management/" });
    const { faults } = await (await control("GET", "faults")).json();
    assert.deepEqual(faults.map((f) => f.fault), ["500", "502"]);
    assert.equal(faults[0].remaining, 1);
    assert.equal((await api("GET", "/v2/ECOM/o")).status, 500);
    assert.equal((await control("DELETE", "faults")).status, 200);
    assert.equal((await api("GET", "/v2/ECOM/o")).status, 200);
  });

  test("faults hit the token endpoint too", async () => {
    await fault({ fault: "503", path: "/accesstoken/get" });
    assert.equal((await call("POST", "/accesstoken/get", { headers: tokenHeaders() })).status, 503);
    assert.equal((await call("POST", "/accesstoken/get", { headers: tokenHeaders() })).status, 200);
  });

  test("bad fault specs are 400", async () => {
    assert.deepEqual(await paramNames(await control("POST", "faults", { fault: "teapot" })), ["fault"]);
    assert.deepEqual(
      await paramNames(await control("POST", "faults", { fault: "500", times: 0, path: "no-slash", retryAfter: -1, delayMs: "x", method: 1 })),
      ["delayMs", "method", "path", "retryAfter", "times"],
    );
    assert.deepEqual(await paramNames(await control("POST", "faults", { fault: "redirect" })), ["location"]);
    assert.deepEqual(await paramNames(await control("POST", "faults", { fault: "redirect", location: "http://a/\r\nX: y" })), ["location"]);
    assert.deepEqual(FAULTS.length, 11);
  });

  test("redirect: 307 to the location, nothing applied", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "redirect", location: "http://127.0.0.1:9/elsewhere" });
    const res = await postReceipt({ token });
    assert.equal(res.status, 307);
    assert.equal(res.headers.get("location"), "http://127.0.0.1:9/elsewhere");
    const { requests, receipts } = await state();
    assert.equal(requests.at(-1).fault, "redirect");
    assert.deepEqual(receipts, {});
  });

  test("delay: answers normally after delayMs", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "delay", delayMs: 300 });
    const t0 = Date.now();
    const res = await postReceipt({ token });
    assert.ok(Date.now() - t0 >= 280, `took ${Date.now() - t0} ms`);
    assert.equal(res.status, 201);
    const { requests } = await state();
    assert.equal(requests.at(-1).fault, "delay");
    assert.equal(requests.at(-1).status, 201);
  });

  test("delay: the default is 5000 ms, and a client that times out writes nothing", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "delay" });
    assert.equal((await (await control("GET", "faults")).json()).faults[0].delayMs, 5000);
    const t0 = Date.now();
    await assert.rejects(postReceipt({ token, timeout: 200 }), (e) => e.name === "TimeoutError");
    assert.ok(Date.now() - t0 < 2000);
    await sleep(100);
    const s = await state();
    assert.deepEqual(s.receipts, {});
    assert.equal(s.requests.at(-1).aborted, true);
    assert.equal(s.requests.at(-1).status, null);
    assert.equal((await postReceipt({ token })).status, 201); // the retry succeeds
  });

  test("drop: the socket closes without a response", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "drop" });
    await assert.rejects(postReceipt({ token }), TypeError);
    const s = await state();
    assert.deepEqual(s.receipts, {});
    assert.equal(s.requests.at(-1).fault, "drop");
    assert.equal(s.requests.at(-1).status, null);
    assert.equal((await postReceipt({ token })).status, 201);
  });

  test("malformed: 200 with a JSON body that does not parse", async () => {
    await fault({ fault: "malformed", path: "/order-management/" });
    const res = await api("GET", "/v2/ECOM/order-1");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /application\/json/);
    assert.equal(await res.text(), '{"oops":');
  });

  test("expire-token: 401 now, and the token stays expired; a new token works", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "expire-token", path: "/order-management/" });
    const res = await api("GET", "/v2/ECOM/order-1", { token });
    const problem = await expectProblem(res, 401, { shape: "none" });
    assert.match(problem.detail, /expired/);
    assert.equal((await api("GET", "/v2/ECOM/order-1", { token })).status, 401);
    assert.equal((await api("GET", "/v2/ECOM/order-1")).status, 200);
  });

  test("apply-then-500: the receipt is written, the answer is 500, a retry is 409", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "apply-then-500", path: receiptPath });
    await expectProblem(await postReceipt({ token }), 500, { shape: "none" });
    const s = await state();
    assert.deepEqual(s.receipts["ECOM/order-1"], receipt());
    assert.deepEqual(s.receiptPostCount, { "ECOM/order-1": 1 });
    assert.equal((await postReceipt({ token })).status, 409);
    assert.deepEqual((await state()).receiptPostCount, { "ECOM/order-1": 1 });
  });

  test("apply-then-drop: the write happens, the socket closes", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await fault({ fault: "apply-then-drop", path: "/order-management/v2/ECOM/categories/" });
    const body = { category: "GENERAL", orderDetailsUrl: "https://e.x" };
    await assert.rejects(api("PUT", "/v2/ECOM/categories/order-1", { token, body }), TypeError);
    assert.deepEqual((await state()).categories["ECOM/order-1"], body);
    await fault({ fault: "apply-then-drop", path: "/order-management/v1/images" });
    await assert.rejects(api("POST", "/v1/images", { token, body: { imageId: "i", src: b64(makePng(1, 200)), type: "base64" } }), TypeError);
    assert.equal((await state()).images.i.height, 200);
  });

  test("reset clears state and faults", TEST_TIMEOUT, async () => {
    const token = await getToken();
    await postReceipt({ token });
    await api("PUT", "/v2/ECOM/categories/order-1", { token, body: { category: "GENERAL", orderDetailsUrl: "https://e.x" } });
    await api("POST", "/v3/categories", { token, body: { orderId: "o", paymentType: "ECOM", type: "GENERAL", url: "https://e.x" } });
    await api("POST", "/v1/images", { token, body: { imageId: "i", src: b64(makePng(1, 200)), type: "base64" } });
    await fault({ fault: "500" });
    assert.equal((await control("POST", "reset")).status, 200);
    const s = await state();
    assert.deepEqual(
      { ...s, config: undefined },
      { receipts: {}, receiptPostCount: {}, categories: {}, categoriesV3: [], images: {}, tokensIssued: 0, requests: [], faults: [], config: undefined },
    );
  });
});

describe("CORS", () => {
  test("preflight is answered with the requested headers", async () => {
    const res = await fetch(`${base}/order-management/v2/ECOM/receipts/order-1`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,merchant-serial-number,ocp-apim-subscription-key,idempotency-key",
        "Access-Control-Request-Private-Network": "true",
      },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.match(res.headers.get("access-control-allow-methods"), /POST/);
    assert.match(res.headers.get("access-control-allow-methods"), /PUT/);
    assert.match(res.headers.get("access-control-allow-methods"), /DELETE/);
    assert.match(res.headers.get("access-control-allow-headers"), /idempotency-key/);
    assert.equal(res.headers.get("access-control-allow-private-network"), "true");
    // preflight for the token endpoint's odd header names, and it does not count as a request or consume faults
    await fault({ fault: "500" });
    const tok = await fetch(`${base}/accesstoken/get`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "client_id,client_secret" },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    assert.equal(tok.headers.get("access-control-allow-headers"), "client_id,client_secret");
    const s = await state();
    assert.equal(s.requests.length, 0);
    assert.equal(s.faults.length, 1);
  });

  test("normal, error and fault responses carry Access-Control-Allow-Origin and expose Retry-After", async () => {
    const ok = await call("POST", "/accesstoken/get", { headers: { ...tokenHeaders(), Origin: "http://localhost:5173" } });
    assert.equal(ok.headers.get("access-control-allow-origin"), "*");
    const denied = await call("GET", "/order-management/v2/ECOM/o", { headers: { Origin: "http://localhost:5173" } });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get("access-control-allow-origin"), "*");
    await fault({ fault: "429", path: "/order-management/" });
    const limited = await api("GET", "/v2/ECOM/o");
    assert.equal(limited.headers.get("access-control-allow-origin"), "*");
    assert.match(limited.headers.get("access-control-expose-headers"), /Retry-After/);
  });
});

describe("body size", () => {
  test("a body over 10 MB is 413", TEST_TIMEOUT, async () => {
    const res = await api("POST", "/v1/images", { raw: "x".repeat(10 * 1024 * 1024 + 1), headers: { "content-type": "application/json" } });
    assert.equal(res.status, 413);
  });
});

describe("issue 10 point 14: the mock's open behaviours are settings", () => {
  const line = { name: "Socks", id: "sku-1", totalAmount: 1000, totalAmountExcludingTax: 800, totalTaxAmount: 200, taxRate: 2500,
    unitInfo: { unitPrice: 1000, quantity: "1" } };
  const posted = { orderLines: [line], bottomLine: { currency: "NOK", posId: "pos-1" } };

  test("echo (default) returns the receipt as posted; enriched fills it like the reference's GET sample", TEST_TIMEOUT, async () => {
    const token = await getToken();
    assert.equal((await api("POST", "/v2/ECOM/receipts/order-e", { token, body: posted })).status, 201);
    const echoed = await (await api("GET", "/v2/ECOM/order-e", { token })).json();
    assert.deepEqual(echoed.receipt, posted);
    const set = await control("POST", "config", { getOrder: "enriched" });
    assert.equal(set.status, 200);
    const enriched = (await (await api("GET", "/v2/ECOM/order-e", { token })).json()).receipt;
    assert.deepEqual(enriched, enrichReceipt(posted));
    assert.equal(enriched.orderLines[0].taxPercentage, 25);
    assert.equal(enriched.orderLines[0].taxRate, 2500);
    assert.equal(enriched.orderLines[0].unitInfo.quantityUnit, "PCS");
    for (const key of ["shippingAmount", "shippingInfo", "giftCardAmount", "terminalId", "totalAmount"]) {
      assert.ok(key in enriched.bottomLine, key);
    }
    assert.equal(enriched.bottomLine.totalAmount, 1000);
    assert.deepEqual((await paramNames(await control("POST", "config", { getOrder: "fancy" }))), ["getOrder"]);
  });

  test("an order with no data: 200 {} (default) or 404 (the spec's documented answer)", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const empty = await api("GET", "/v2/ECOM/untouched-1", { token });
    assert.equal(empty.status, 200);
    assert.deepEqual(await empty.json(), {});
    await control("POST", "config", { emptyOrder: "404" });
    const missing = await api("GET", "/v2/ECOM/untouched-1", { token });
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).title, "Not Found");
    assert.equal((await api("POST", "/v2/ECOM/receipts/untouched-1", { token, body: posted })).status, 201);
    assert.equal((await api("GET", "/v2/ECOM/untouched-1", { token })).status, 200);
  });

  test("app links (format: uri) are accepted as category links", TEST_TIMEOUT, async () => {
    const token = await getToken();
    const res = await api("PUT", "/v2/ECOM/categories/order-a", { token, body: { category: "TICKET", orderDetailsUrl: "ruter:///min/bilett" } });
    assert.equal(res.status, 200);
  });

  test("startMockServer takes the settings and refuses unknown values", TEST_TIMEOUT, async () => {
    await assert.rejects(startMockServer({ port: 0, emptyOrder: "410" }), /emptyOrder/);
    const other = await startMockServer({ port: 0, getOrder: "enriched", emptyOrder: "404" });
    try {
      assert.equal(other.state.config.getOrder, "enriched");
      assert.equal(other.state.config.emptyOrder, "404");
    } finally {
      await other.close();
    }
  });
});
