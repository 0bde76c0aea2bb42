// Mock of the Vipps MobilePay access-token and Order Management APIs (spec 2.1), for tests and the demo.
//
// Plain Node 20, `node:` modules only, state in memory, bound to 127.0.0.1 only.
// It enforces the schema plus the rules the real API enforces but the schema does not show
// (each with its source in README.md next to this file and in docs/CODES.md), and it can inject faults on
// demand so the client's retry, timeout and error handling can be tested against a real socket.
//
//   import { startMockServer } from "./server.mjs";
//   const mock = await startMockServer();          // { url, port, close(), state, reset(), addFault(), configure() }
//
//   node tests/mock-api/server.mjs [--port N]      // prints MOCK_URL=http://127.0.0.1:PORT, runs until SIGINT/SIGTERM

import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

// ---------------------------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------------------------

export const DEFAULT_CREDENTIALS = Object.freeze({
  clientId: "test-client-id",
  clientSecret: "test-client-secret",
  subscriptionKey: "test-subscription-key",
  merchantSerialNumber: "123456",
});
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Behaviours the documents leave open, each settable (startMockServer options, POST /__mock/config), with
 * defaults from the environment so a whole test run can switch them (Makefile `test-js` runs the client
 * tests both ways):
 * - `getOrder`: "echo" returns the receipt as posted (assumed); "enriched" returns it as the reference's GET
 *   sample does (taxPercentage beside taxRate, defaults and deprecated fields filled).
 * - `emptyOrder`: "empty" answers 200 `{}` for an order with no category or receipt (assumed); "404"
 *   answers 404 (the spec documents 404 for GET v2/{paymentType}/{orderId}).
 */
export const SETTINGS = Object.freeze({ getOrder: ["echo", "enriched"], emptyOrder: ["empty", "404"] });
export const DEFAULT_SETTINGS = Object.freeze({
  getOrder: process.env.VIPPS_MOCK_GET_ORDER ?? "echo",
  emptyOrder: process.env.VIPPS_MOCK_EMPTY_ORDER ?? "empty",
});

/** Faults accepted by POST /__mock/faults. */
export const FAULTS = Object.freeze([
  "500", "502", "503", "429", "delay", "drop", "malformed", "expire-token", "apply-then-500", "apply-then-drop",
  "redirect",
]);

const HOST = "127.0.0.1"; // never anything else: the mock holds no secrets, but it should not be reachable from the LAN
const MAX_BODY_BYTES = 10 * 1024 * 1024; // a 2 MB image is ~2.8 MB of base64; leave room so the 2 MB rule answers, not this
const MAX_IMAGE_BYTES = 2 * 1024 * 1024; // "max file size is 2MB" (decoded bytes)
const MIN_IMAGE_HEIGHT = 167; // "Minimum height is 167px"
const ID_PATTERN = /^[0-9A-Za-z\-_.]+$/; // spec: '^[0-9A-Za-z-_\.]+$' for orderId and imageId
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAYMENT_TYPES = ["ECOM", "RECURRING"];
const CATEGORY_TYPES = ["GENERAL", "RECEIPT", "ORDER_CONFIRMATION", "DELIVERY", "TICKET", "BOOKING"];
const CURRENCIES = ["NOK", "DKK", "EUR"];
const QUANTITY_UNITS = ["PCS", "KG", "KM", "MINUTE", "LITRE", "KWH"];
const BARCODE_FORMATS = ["EAN-13", "CODE 39", "CODE 128"];
const INT64_LIMIT = 2 ** 63; // the spec says int64; JS numbers cannot hold it exactly, but the range check is honest
const TOKEN_RESOURCE = "00000002-0000-0000-c000-000000000000";

// RFC sections used as the problem `type`, as the real (ASP.NET) API does.
const PROBLEM_TYPES = {
  400: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1",
  401: "https://datatracker.ietf.org/doc/html/rfc7235#section-3.1",
  403: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.3",
  404: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.4",
  405: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5",
  409: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.8",
  413: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.11",
  415: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13",
  429: "https://datatracker.ietf.org/doc/html/rfc6585#section-4",
  500: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.1",
  503: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.4",
};
const STATUS_TITLES = { ...http.STATUS_CODES, 400: "One or more validation errors occurred." };

// ---------------------------------------------------------------------------------------------------------------
// Schemas: a hand-kept copy of the spec's request schemas in a tiny JSON-Schema-like form, with the API's
// unwritten rules folded in where they are plain constraints. Deviations from the spec text are commented.
// ---------------------------------------------------------------------------------------------------------------

// "Amounts are integers in minor units and never negative": the spec gives `minimum: 0` on most amount fields,
// and the API rejects negatives on the rest too (a return is a positive line with isReturn: true).
const AMOUNT = { type: "integer", minimum: 0 };
const NULLABLE_AMOUNT = { ...AMOUNT, nullable: true };
const NULLABLE_STRING = { type: "string", nullable: true };
const NULLABLE_BOOLEAN = { type: "boolean", nullable: true };
const IMAGE_ID = { type: "string", minLength: 1, maxLength: 128, pattern: ID_PATTERN };
// Spec: `format: uri` (an RFC 3986 absolute URI, so app links like "ruter:///min/bilett", the v1 draft's own
// example, pass); the reference: orderDetailsUrl "non-empty".
const ABSOLUTE_URL = { type: "string", minLength: 1, format: "absolute-uri" };

const UnitInfo = {
  type: "object",
  required: ["unitPrice", "quantity"],
  properties: {
    unitPrice: NULLABLE_AMOUNT,
    quantity: { type: "string", maxLength: 10, pattern: /^\d+([.]\d{1,8})?$/ },
    quantityUnit: { type: "string", nullable: true, enum: QUANTITY_UNITS },
  },
};

const OrderLine = {
  type: "object",
  required: ["name", "id", "totalAmount", "totalAmountExcludingTax", "totalTaxAmount"],
  properties: {
    // The API's model binder treats a required empty string as missing (.NET [Required]), hence minLength 1.
    name: { type: "string", minLength: 1 },
    id: { type: "string", minLength: 1 },
    totalAmount: AMOUNT,
    totalAmountExcludingTax: AMOUNT,
    totalTaxAmount: AMOUNT,
    taxPercentage: { type: "integer", minimum: 0, maximum: 100, nullable: true },
    taxRate: { type: "integer", minimum: 0, maximum: 10000, nullable: true },
    unitInfo: UnitInfo,
    discount: NULLABLE_AMOUNT,
    productUrl: NULLABLE_STRING,
    isReturn: NULLABLE_BOOLEAN,
    isShipping: NULLABLE_BOOLEAN,
  },
};

const ShippingInfo = {
  type: "object",
  required: ["amount", "amountExcludingTax", "taxAmount", "taxPercentage"],
  properties: {
    amount: NULLABLE_AMOUNT,
    amountExcludingTax: NULLABLE_AMOUNT,
    taxAmount: NULLABLE_AMOUNT,
    taxPercentage: { type: "integer", minimum: 0, maximum: 100, nullable: true },
  },
};

const BottomLine = {
  type: "object",
  required: ["currency"],
  properties: {
    // CurrencyEnum is `nullable` in the spec, but a receipt without a currency cannot be shown: required, not null.
    currency: { type: "string", enum: CURRENCIES },
    tipAmount: NULLABLE_AMOUNT,
    giftCardAmount: NULLABLE_AMOUNT, // deprecated, still accepted
    posId: NULLABLE_STRING,
    totalAmount: NULLABLE_AMOUNT, // deprecated, still accepted
    totalTax: NULLABLE_AMOUNT, // deprecated
    totalDiscount: NULLABLE_AMOUNT, // deprecated
    shippingAmount: NULLABLE_AMOUNT, // deprecated
    shippingInfo: ShippingInfo, // deprecated
    paymentSources: {
      type: "object",
      properties: { giftCard: NULLABLE_AMOUNT, card: NULLABLE_AMOUNT, voucher: NULLABLE_AMOUNT, cash: NULLABLE_AMOUNT },
    },
    barcode: {
      type: "object",
      required: ["format", "data"],
      properties: {
        format: { type: "string", nullable: true, enum: BARCODE_FORMATS },
        data: NULLABLE_STRING,
      },
    },
    receiptNumber: NULLABLE_STRING,
    terminalId: NULLABLE_STRING, // deprecated
  },
};

const Receipt = {
  type: "object",
  required: ["orderLines", "bottomLine"],
  properties: {
    orderLines: { type: "array", minItems: 1, items: OrderLine },
    bottomLine: BottomLine,
  },
};

// v2 category body (`Order`). CategoryEnum is nullable in the spec, but the field is required: null is refused.
const OrderCategory = {
  type: "object",
  required: ["category", "orderDetailsUrl"],
  properties: {
    category: { type: "string", enum: CATEGORY_TYPES },
    orderDetailsUrl: ABSOLUTE_URL,
    imageId: { ...IMAGE_ID, nullable: true },
  },
};

const AddCategoryRequest = {
  type: "object",
  required: ["orderId", "paymentType", "type", "url"],
  properties: {
    orderId: { type: "string", pattern: ID_PATTERN },
    paymentType: { type: "string", enum: PAYMENT_TYPES },
    type: { type: "string", enum: CATEGORY_TYPES },
    url: ABSOLUTE_URL,
    imageId: IMAGE_ID,
  },
};

const ImageRequest = {
  type: "object",
  required: ["imageId", "src", "type"],
  properties: {
    imageId: IMAGE_ID,
    src: { type: "string", minLength: 1 },
    type: { type: "string", enum: ["base64"] },
  },
};

const joinPath = (parent, key) => (parent ? `${parent}.${key}` : key);
const isPlainObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validate `value` against `schema`, pushing every problem (never only the first) as {name, reason}.
 * `floats` is the set of paths whose JSON number literal had a fraction or exponent: `1000.0` parses to the
 * integer 1000 in JS, but the real API (int64 binding) rejects it, and it is exactly the float-money bug to catch.
 */
function validate(schema, value, path, issues, floats) {
  const name = path || "$";
  const fail = (reason) => issues.push({ name, reason });
  if (value === null) {
    if (!schema.nullable) fail("must not be null");
    return;
  }
  switch (schema.type) {
    case "object": {
      if (!isPlainObject(value)) return fail("must be an object");
      for (const key of schema.required ?? []) {
        if (!Object.hasOwn(value, key)) issues.push({ name: joinPath(path, key), reason: "is required" });
      }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (Object.hasOwn(value, key)) validate(sub, value[key], joinPath(path, key), issues, floats);
      }
      return; // unknown properties are ignored, as the API does
    }
    case "array": {
      if (!Array.isArray(value)) return fail("must be an array");
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        fail(`must contain at least ${schema.minItems} item(s)`);
      }
      value.forEach((item, i) => validate(schema.items, item, `${path}[${i}]`, issues, floats));
      return;
    }
    case "string": {
      if (typeof value !== "string") return fail("must be a string");
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        return fail(schema.minLength === 1 ? "must not be empty" : `must be at least ${schema.minLength} characters`);
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        fail(`must be at most ${schema.maxLength} characters`);
      }
      if (schema.pattern && !schema.pattern.test(value)) {
        fail(`must match the regular expression '${schema.pattern.source}'`);
      }
      if (schema.enum && !schema.enum.includes(value)) fail(`must be one of: ${schema.enum.join(", ")}`);
      if (schema.format === "absolute-uri" && !isAbsoluteUri(value)) {
        fail("must be an absolute URI (scheme:...; http(s) with a host)");
      }
      return;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value) || floats.has(path)) {
        return fail("must be an integer (minor units / whole number, no decimals)");
      }
      if (Math.abs(value) >= INT64_LIMIT) return fail("must fit in a 64-bit integer");
      if (schema.minimum !== undefined && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) fail(`must be at most ${schema.maximum}`);
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") fail("must be a boolean");
      return;
    default:
      throw new Error(`mock schema bug: unknown type ${schema.type}`);
  }
}

function isAbsoluteUri(s) {
  // WHATWG URL parsing: a scheme is required, and http(s) need a host; other schemes take any rest.
  return s === s.trim() && URL.canParse(s);
}

/**
 * Paths (in the same "a.b[0].c" form the validator uses) of every number literal written with a fraction or an
 * exponent. Runs only on text JSON.parse already accepted, so it can assume well-formed input.
 */
function floatLiteralPaths(text) {
  const out = new Set();
  let i = 0;
  const skipWs = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const readString = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const readValue = (path) => {
    skipWs();
    const c = text[i];
    if (c === "{") {
      i++;
      skipWs();
      if (text[i] === "}") return void i++;
      for (;;) {
        skipWs();
        const key = readString();
        skipWs();
        i++; // ':'
        readValue(joinPath(path, key));
        skipWs();
        if (text[i++] === ",") continue;
        return; // '}'
      }
    }
    if (c === "[") {
      i++;
      skipWs();
      if (text[i] === "]") return void i++;
      for (let n = 0; ; n++) {
        readValue(`${path}[${n}]`);
        skipWs();
        if (text[i++] === ",") continue;
        return; // ']'
      }
    }
    if (c === '"') return void readString();
    const start = i; // number, true, false or null
    while (i < text.length && !",]} \t\n\r".includes(text[i])) i++;
    const literal = text.slice(start, i);
    if (/^-?\d/.test(literal) && /[.eE]/.test(literal)) out.add(path);
  };
  readValue("");
  return out;
}

/** Schema plus the receipt rules the schema does not show. Returns invalidParams entries (empty when valid). */
export function validateReceipt(receipt, floats = new Set()) {
  const issues = [];
  validate(Receipt, receipt, "", issues, floats);
  const lines = isPlainObject(receipt) && Array.isArray(receipt.orderLines) ? receipt.orderLines : [];
  const isInt = (v, path) => Number.isInteger(v) && !floats.has(path);
  lines.forEach((line, i) => {
    if (!isPlainObject(line)) return;
    const p = `orderLines[${i}]`;
    // Exactly one of taxRate / taxPercentage (null counts as absent: both are nullable in the spec).
    const hasRate = line.taxRate !== undefined && line.taxRate !== null;
    const hasPercentage = line.taxPercentage !== undefined && line.taxPercentage !== null;
    if (hasRate && hasPercentage) {
      issues.push({ name: `${p}.taxRate`, reason: "taxRate and taxPercentage cannot both be set; send only one" });
    } else if (!hasRate && !hasPercentage) {
      issues.push({ name: `${p}.taxRate`, reason: "one of taxRate or taxPercentage is required" });
    }
    // The line identity, checked only when all three are integers (their own errors are already reported).
    const { totalAmount: a, totalAmountExcludingTax: ex, totalTaxAmount: tax } = line;
    if (isInt(a, `${p}.totalAmount`) && isInt(ex, `${p}.totalAmountExcludingTax`) && isInt(tax, `${p}.totalTaxAmount`)) {
      const diff = BigInt(a) - BigInt(ex);
      if (diff !== BigInt(tax)) {
        issues.push({
          name: `${p}.totalTaxAmount`,
          reason: `totalAmount - totalAmountExcludingTax (${a} - ${ex} = ${diff}) must equal totalTaxAmount (${tax})`,
        });
      }
    }
  });
  return issues;
}

// ---------------------------------------------------------------------------------------------------------------
// Images: base64 → bytes → PNG (IHDR) or JPEG (SOFn) header → width/height.
// ---------------------------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, as used by PNG chunks). */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Walk the PNG chunks (checking lengths and CRCs); null if not a PNG, {error} if a broken one. */
export function parsePng(buf) {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  let off = 8;
  let header = null;
  let sawData = false;
  while (off + 12 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("latin1", off + 4, off + 8);
    if (off + 12 + len > buf.length) return { error: `PNG chunk ${type} is truncated` };
    if (crc32(buf.subarray(off + 4, off + 8 + len)) !== buf.readUInt32BE(off + 8 + len)) {
      return { error: `PNG chunk ${type} has a bad CRC` };
    }
    if (!header) {
      if (type !== "IHDR" || len !== 13) return { error: "PNG must start with a 13-byte IHDR chunk" };
      header = { format: "png", width: buf.readUInt32BE(off + 8), height: buf.readUInt32BE(off + 12) };
    }
    if (type === "IDAT") sawData = true;
    off += 12 + len;
    if (type === "IEND") {
      if (!sawData) return { error: "PNG has no IDAT chunk" };
      if (header.width === 0 || header.height === 0) return { error: "PNG width and height must be non-zero" };
      return header;
    }
  }
  return { error: "PNG is truncated (no IEND chunk)" };
}

/** Walk the JPEG segments to the first SOFn; null if not a JPEG, {error} if a broken one. */
export function parseJpeg(buf) {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
  let off = 2;
  while (off < buf.length) {
    if (buf[off] !== 0xff) return { error: `JPEG is corrupt: expected a marker at byte ${off}` };
    while (off < buf.length && buf[off] === 0xff) off++; // fill bytes may pad any marker
    if (off >= buf.length) break;
    const marker = buf[off++];
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // TEM, RSTn, SOI: no length field
    if (marker === 0xd9 || marker === 0xda) return { error: "JPEG has no SOF segment before its image data" };
    if (off + 2 > buf.length) break;
    const len = buf.readUInt16BE(off);
    if (len < 2 || off + len > buf.length) return { error: "JPEG segment is truncated" };
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): [len:2][precision:1][height:2][width:2]...
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (len < 8) return { error: "JPEG SOF segment is truncated" };
      const height = buf.readUInt16BE(off + 3);
      const width = buf.readUInt16BE(off + 5);
      if (height === 0 || width === 0) return { error: "JPEG width and height must be non-zero (DNL is not supported)" };
      return { format: "jpeg", width, height };
    }
    off += len;
  }
  return { error: "JPEG is truncated (no SOF segment)" };
}

/** Validate an image upload body; returns { issues, image } (image set only when valid). */
function checkImage(body, floats) {
  const issues = [];
  validate(ImageRequest, body, "", issues, floats);
  if (!isPlainObject(body) || typeof body.src !== "string" || body.src.length === 0) return { issues };
  const fail = (reason) => issues.push({ name: "src", reason });
  // .NET's Convert.FromBase64String ignores whitespace but needs padding and the standard alphabet.
  const b64 = body.src.replace(/[ \t\r\n]/g, "");
  if (/^data:/i.test(b64)) {
    fail("must be raw base64, not a data: URL");
    return { issues };
  }
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    fail("is not valid base64 (standard alphabet, padded to a multiple of 4)");
    return { issues };
  }
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length > MAX_IMAGE_BYTES) {
    fail(`image is ${bytes.length} bytes; the maximum is ${MAX_IMAGE_BYTES} bytes (2 MB)`);
  }
  const info = parsePng(bytes) ?? parseJpeg(bytes);
  if (!info) {
    fail("image must be PNG or JPEG");
  } else if (info.error) {
    fail(info.error);
  } else if (info.height < MIN_IMAGE_HEIGHT) {
    fail(`image height is ${info.height} px; the minimum is ${MIN_IMAGE_HEIGHT} px`);
  }
  if (issues.length) return { issues };
  return { issues, image: { bytes: bytes.length, height: info.height, width: info.width, format: info.format } };
}

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

const traceId = () => `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-00`;

/** A response descriptor: handlers return these so a fault can replace the answer after the work is done. */
const json = (status, body, headers = {}) => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(body),
});

/**
 * Problem JSON. `style: "extraDetails"` gives the alternative shape some Vipps endpoints (images) send.
 * `params` is omitted from the body when empty (the API leaves it out on non-validation errors).
 */
function problem(status, detail, { title = STATUS_TITLES[status], params = [], style = "invalidParams", instance, headers = {} } = {}) {
  const body = { type: PROBLEM_TYPES[status] ?? PROBLEM_TYPES[500], title, detail, instance: instance ?? traceId() };
  if (params.length) body[style] = params;
  return {
    status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

const badRequest = (params, style) =>
  problem(400, `${params.length} validation error(s) in the request`, { params, style });

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

function freshState() {
  return {
    receipts: new Map(), // "ECOM/order-1" → receipt as posted
    receiptPostCount: new Map(), // "ECOM/order-1" → number of receipts written (successful writes)
    categories: new Map(), // "ECOM/order-1" → v2 Order {category, orderDetailsUrl, imageId?}
    categoriesV3: new Map(), // categoryId → Category (Map keeps insertion order)
    images: new Map(), // imageId → {bytes, height, width, format}
    tokens: new Map(), // access_token → {expiresAtMs}
    tokensIssued: 0,
    requests: [], // request log
    faults: [], // pending faults, first match wins
    nextId: 1,
  };
}

function normalizeConfig() {
  return { ...DEFAULT_CREDENTIALS, tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS, ...DEFAULT_SETTINGS };
}

/**
 * A receipt as the reference's GET sample returns one (`GET v2/{paymentType}/{orderId}`, 200 sample):
 * `taxPercentage` next to `taxRate`, `discount`/`isReturn`/`isShipping`/`quantityUnit` written out, and the
 * bottom line's `giftCardAmount`, `totalAmount`, `totalTax`, `totalDiscount`, `shippingAmount`, `shippingInfo`,
 * `paymentSources` and `terminalId` filled. The values the API would compute are not documented: the sums are
 * computed here, the rest are zeros (assumed).
 */
export function enrichReceipt(posted) {
  const receipt = structuredClone(posted);
  let total = 0;
  let tax = 0;
  let discount = 0;
  for (const line of receipt.orderLines) {
    if (line.taxRate != null && line.taxPercentage == null) line.taxPercentage = Math.trunc(line.taxRate / 100);
    line.discount ??= 0;
    line.isReturn ??= false;
    line.isShipping ??= false;
    if (line.unitInfo) line.unitInfo.quantityUnit ??= "PCS";
    const sign = line.isReturn ? -1 : 1;
    total += sign * line.totalAmount;
    tax += sign * line.totalTaxAmount;
    discount += line.discount;
  }
  const bottom = receipt.bottomLine;
  bottom.tipAmount ??= 0;
  bottom.giftCardAmount ??= bottom.paymentSources?.giftCard ?? 0;
  bottom.totalAmount ??= total + bottom.tipAmount;
  bottom.totalTax ??= tax;
  bottom.totalDiscount ??= discount;
  bottom.shippingAmount ??= 0;
  bottom.shippingInfo ??= { amount: 0, amountExcludingTax: 0, taxAmount: 0, taxPercentage: 0 };
  bottom.paymentSources = { giftCard: 0, card: 0, voucher: 0, cash: 0, ...bottom.paymentSources };
  bottom.terminalId ??= bottom.posId ?? "";
  return receipt;
}

/**
 * Start the mock on 127.0.0.1.
 * @param {{port?: number, credentials?: Partial<typeof DEFAULT_CREDENTIALS>, tokenLifetimeSeconds?: number,
 *   getOrder?: "echo" | "enriched", emptyOrder?: "empty" | "404"}} [options]
 */
export async function startMockServer({ port = 0, credentials, tokenLifetimeSeconds, getOrder, emptyOrder } = {}) {
  let config = normalizeConfig();
  // Options go through the same checks as POST /__mock/config, so a typo fails loudly at start-up.
  const initial = configure({
    ...credentials,
    ...(tokenLifetimeSeconds !== undefined && { tokenLifetimeSeconds }),
    ...(getOrder !== undefined && { getOrder }),
    ...(emptyOrder !== undefined && { emptyOrder }),
  });
  if (initial.issues) {
    throw new TypeError(`startMockServer: ${initial.issues.map((i) => `${i.name} ${i.reason}`).join("; ")}`);
  }
  const initialConfig = { ...config };
  let state = freshState();
  const pendingTimers = new Set(); // delay faults, cleared on close() so the process can exit

  // ----- control helpers (also exposed on the returned handle) -----

  function reset({ keepTokens = false } = {}) {
    const tokens = state.tokens;
    state = freshState();
    if (keepTokens) state.tokens = tokens;
    config = { ...initialConfig };
  }

  function snapshot() {
    return structuredClone({
      receipts: Object.fromEntries(state.receipts),
      receiptPostCount: Object.fromEntries(state.receiptPostCount),
      categories: Object.fromEntries(state.categories),
      categoriesV3: [...state.categoriesV3.values()],
      images: Object.fromEntries(state.images),
      tokensIssued: state.tokensIssued,
      requests: state.requests,
      faults: state.faults,
      config,
    });
  }

  /** Validate and queue a fault; returns {fault} or {issues}. */
  function addFault(spec) {
    const issues = [];
    if (!isPlainObject(spec)) return { issues: [{ name: "$", reason: "must be an object" }] };
    const { method, path, fault, times = 1, retryAfter, delayMs = 5000, location } = spec;
    if (!FAULTS.includes(fault)) issues.push({ name: "fault", reason: `must be one of: ${FAULTS.join(", ")}` });
    if (method !== undefined && typeof method !== "string") issues.push({ name: "method", reason: "must be a string" });
    if (path !== undefined && (typeof path !== "string" || !path.startsWith("/"))) {
      issues.push({ name: "path", reason: "must be a string starting with /" });
    }
    if (!Number.isInteger(times) || times < 1) issues.push({ name: "times", reason: "must be an integer >= 1" });
    if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || retryAfter < 0)) issues.push({ name: "retryAfter", reason: "must be an integer >= 0" });
    if (!Number.isInteger(delayMs) || delayMs < 0) issues.push({ name: "delayMs", reason: "must be an integer >= 0" });
    if (fault === "redirect" && (typeof location !== "string" || !location || /[\r\n]/.test(location))) {
      issues.push({ name: "location", reason: "the redirect fault needs a location (a URL, one line)" });
    }
    if (issues.length) return { issues };
    const entry = {
      id: state.nextId++,
      method: method?.toUpperCase() ?? null,
      path: path ?? null,
      fault,
      remaining: times,
      retryAfter: retryAfter ?? null, // null: 429 sends the default 1 s, 503 sends no Retry-After
      delayMs,
      location: fault === "redirect" ? location : null,
    };
    state.faults.push(entry);
    return { fault: entry };
  }

  /** Change credentials / token lifetime; returns {config} or {issues}. */
  function configure(body) {
    if (!isPlainObject(body)) return { issues: [{ name: "$", reason: "must be an object" }] };
    const changes = { ...(isPlainObject(body.credentials) ? body.credentials : {}), ...body };
    delete changes.credentials;
    const issues = [];
    const next = { ...config };
    for (const [key, value] of Object.entries(changes)) {
      if (key in DEFAULT_CREDENTIALS) {
        if (typeof value !== "string" || value === "") issues.push({ name: key, reason: "must be a non-empty string" });
        else next[key] = value;
      } else if (key === "tokenLifetimeSeconds") {
        if (!Number.isInteger(value) || value < 0) issues.push({ name: key, reason: "must be an integer >= 0" });
        else next[key] = value;
      } else if (key in SETTINGS) {
        if (!SETTINGS[key].includes(value)) issues.push({ name: key, reason: `must be one of: ${SETTINGS[key].join(", ")}` });
        else next[key] = value;
      } else {
        issues.push({ name: key, reason: "unknown setting" });
      }
    }
    if (issues.length) return { issues };
    config = next;
    return { config };
  }

  /** First queued fault matching this request, consumed (its `remaining` count decremented). */
  function takeFault(method, pathname) {
    const index = state.faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || pathname.startsWith(f.path)),
    );
    if (index < 0) return null;
    const fault = state.faults[index];
    if (--fault.remaining === 0) state.faults.splice(index, 1);
    return fault;
  }

  // ----- auth -----

  function issueToken(req) {
    const h = req.headers;
    const ok =
      h["client_id"] === config.clientId &&
      h["client_secret"] === config.clientSecret &&
      h["ocp-apim-subscription-key"] === config.subscriptionKey &&
      h["merchant-serial-number"] === config.merchantSerialNumber;
    if (!ok) {
      // The real token endpoint answers in Azure AD's shape, not problem JSON.
      return json(401, {
        error: "unauthorized_client",
        error_description: "Invalid client_id, client_secret, Ocp-Apim-Subscription-Key or Merchant-Serial-Number",
      });
    }
    const now = Math.floor(Date.now() / 1000);
    const lifetime = config.tokenLifetimeSeconds;
    const token = randomBytes(32).toString("base64url");
    state.tokens.set(token, { expiresAtMs: Date.now() + lifetime * 1000 });
    state.tokensIssued++;
    return json(200, {
      token_type: "Bearer",
      expires_in: String(lifetime),
      ext_expires_in: String(lifetime),
      expires_on: String(now + lifetime),
      not_before: String(now),
      resource: TOKEN_RESOURCE,
      access_token: token,
    });
  }

  const bearerOf = (req) => /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1] ?? null;

  /** Gateway checks for Order Management routes: subscription key, then token, then merchant. */
  function authorize(req) {
    const unauthorized = (detail) => problem(401, detail, { headers: { "www-authenticate": 'Bearer error="invalid_token"' } });
    const key = req.headers["ocp-apim-subscription-key"];
    if (key === undefined) return problem(401, "Access denied due to missing subscription key (Ocp-Apim-Subscription-Key)");
    if (key !== config.subscriptionKey) return problem(401, "Access denied due to invalid subscription key (Ocp-Apim-Subscription-Key)");
    const token = bearerOf(req);
    if (!token) return unauthorized("Missing or malformed Authorization header; expected 'Bearer <access token>'");
    const known = state.tokens.get(token);
    if (!known) return unauthorized("The access token is not valid");
    if (Date.now() >= known.expiresAtMs) return unauthorized("The access token has expired");
    const msn = req.headers["merchant-serial-number"];
    if (msn !== config.merchantSerialNumber) {
      return problem(403, msn === undefined ? "Missing Merchant-Serial-Number header" : "Merchant-Serial-Number does not match the access token's merchant");
    }
    return null;
  }

  // ----- request bodies -----

  /** Parse a JSON body; returns {value, floats} or {error: response}. */
  function parseJsonBody(ctx, style) {
    const type = (ctx.req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json" && !type.endsWith("+json")) {
      return { error: problem(415, "Content-Type must be application/json", { style }) };
    }
    const text = ctx.rawBody.toString("utf8").replace(/^\uFEFF/, "");
    try {
      const value = JSON.parse(text);
      return { value, floats: floatLiteralPaths(text) };
    } catch (e) {
      return { error: badRequest([{ name: "$", reason: `body is not valid JSON: ${e.message}` }], style) };
    }
  }

  /** Path parameters of the v2 order routes; returns an error response or null. */
  function checkOrderParams({ paymentType, orderId }) {
    const params = [];
    if (!PAYMENT_TYPES.includes(paymentType)) params.push({ name: "paymentType", reason: `must be one of: ${PAYMENT_TYPES.join(", ")}` });
    if (!ID_PATTERN.test(orderId)) params.push({ name: "orderId", reason: `must match the regular expression '${ID_PATTERN.source}'` });
    if (params.length) return badRequest(params);
    // Test hook: the real API does not check that orders exist; ids starting with "notfound" are the mock's 404.
    if (orderId.startsWith("notfound")) return problem(404, `Order ${paymentType}/${orderId} was not found`, { title: "Not Found" });
    return null;
  }

  const unknownImage = (name, imageId) => ({ name, reason: `image '${imageId}' has not been uploaded` });

  // ----- Order Management handlers: (ctx) → response descriptor -----

  function postReceipt(ctx) {
    const { paymentType, orderId } = ctx.params;
    const paramError = checkOrderParams(ctx.params);
    if (paramError) return paramError;
    const body = parseJsonBody(ctx);
    if (body.error) return body.error;
    const issues = validateReceipt(body.value, body.floats);
    if (issues.length) return badRequest(issues);
    const key = `${paymentType}/${orderId}`;
    if (state.receipts.has(key)) {
      return problem(409, `A receipt has already been added to order ${key}; receipts cannot be changed`, { title: "Conflicting receipt" });
    }
    state.receipts.set(key, body.value);
    state.receiptPostCount.set(key, (state.receiptPostCount.get(key) ?? 0) + 1);
    return json(201, randomUUID());
  }

  function putCategoryV2(ctx) {
    const { paymentType, orderId } = ctx.params;
    const paramError = checkOrderParams(ctx.params);
    if (paramError) return paramError;
    const body = parseJsonBody(ctx);
    if (body.error) return body.error;
    const issues = [];
    validate(OrderCategory, body.value, "", issues, body.floats);
    const imageId = body.value?.imageId;
    if (!issues.length && imageId != null && !state.images.has(imageId)) issues.push(unknownImage("imageId", imageId));
    if (issues.length) return badRequest(issues);
    const { category, orderDetailsUrl } = body.value;
    // Replaces whatever was there: only the latest category is shown in the app.
    state.categories.set(`${paymentType}/${orderId}`, { category, orderDetailsUrl, ...(imageId != null && { imageId }) });
    return json(200, randomUUID());
  }

  function getOrderV2(ctx) {
    const { paymentType, orderId } = ctx.params;
    const paramError = checkOrderParams(ctx.params);
    if (paramError) return paramError;
    const key = `${paymentType}/${orderId}`;
    const out = {};
    if (state.categories.has(key)) out.category = state.categories.get(key);
    if (state.receipts.has(key)) {
      const receipt = state.receipts.get(key);
      out.receipt = config.getOrder === "enriched" ? enrichReceipt(receipt) : receipt;
    }
    if (config.emptyOrder === "404" && !out.category && !out.receipt) {
      return problem(404, `Order ${key} has no category or receipt`, { title: "Not Found" });
    }
    return json(200, out);
  }

  function postCategoryV3(ctx) {
    const body = parseJsonBody(ctx);
    if (body.error) return body.error;
    const issues = [];
    validate(AddCategoryRequest, body.value, "", issues, body.floats);
    const imageId = body.value?.imageId;
    if (!issues.length && imageId !== undefined && !state.images.has(imageId)) issues.push(unknownImage("imageId", imageId));
    if (issues.length) return badRequest(issues);
    const { orderId, paymentType, type, url } = body.value;
    const categoryId = randomUUID();
    state.categoriesV3.set(categoryId, { categoryId, orderId, paymentType, type, url, ...(imageId !== undefined && { imageId }) });
    return json(201, { categoryId });
  }

  function listCategoriesV3(ctx) {
    // Spec: the `orderId` query parameter is not required; without it every category is listed (assumed: the
    // spec does not say what the list then holds).
    const orderId = ctx.url.searchParams.get("orderId");
    if (orderId !== null && !ID_PATTERN.test(orderId)) {
      return badRequest([{ name: "orderId", reason: `must match '${ID_PATTERN.source}'` }]);
    }
    const all = [...state.categoriesV3.values()];
    return json(200, { categories: orderId === null ? all : all.filter((c) => c.orderId === orderId) });
  }

  function getCategoryV3(ctx) {
    const { categoryId } = ctx.params;
    if (!UUID_PATTERN.test(categoryId)) return badRequest([{ name: "categoryId", reason: "must be a uuid" }]);
    const category = state.categoriesV3.get(categoryId.toLowerCase());
    return category ? json(200, category) : problem(404, `Category ${categoryId} was not found`, { title: "Not Found" });
  }

  function deleteCategoryV3(ctx) {
    // The spec lists only 404 for DELETE, so a malformed id is simply not found.
    const id = ctx.params.categoryId.toLowerCase();
    if (!state.categoriesV3.delete(id)) return problem(404, `Category ${ctx.params.categoryId} was not found`, { title: "Not Found" });
    return { status: 200, headers: {}, body: "" };
  }

  function postImage(ctx) {
    const style = "extraDetails";
    const body = parseJsonBody(ctx, style);
    if (body.error) return body.error;
    const { issues, image } = checkImage(body.value, body.floats);
    if (issues.length) return badRequest(issues, style);
    const { imageId } = body.value;
    if (state.images.has(imageId)) {
      return problem(409, `An image with id '${imageId}' already exists; images cannot be overwritten`, {
        title: "Duplicate imageId",
        style,
        params: [{ name: "imageId", reason: "duplicate: an image with this id has already been uploaded" }],
      });
    }
    state.images.set(imageId, image);
    return json(200, { imageId });
  }

  const OM_ROUTES = [
    { segments: ["order-management", "v1", "images"], methods: { POST: postImage } },
    { segments: ["order-management", "v2", ":paymentType", "categories", ":orderId"], methods: { PUT: putCategoryV2 } },
    { segments: ["order-management", "v2", ":paymentType", "receipts", ":orderId"], methods: { POST: postReceipt } },
    { segments: ["order-management", "v2", ":paymentType", ":orderId"], methods: { GET: getOrderV2 } },
    { segments: ["order-management", "v3", "categories"], methods: { POST: postCategoryV3, GET: listCategoriesV3 } },
    { segments: ["order-management", "v3", "categories", ":categoryId"], methods: { GET: getCategoryV3, DELETE: deleteCategoryV3 } },
  ];

  const decode = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s; // left encoded: it then fails the id pattern and answers 400
    }
  };

  /** Find the handler: {handler, params} | {allow: [...]} (path known, wrong method) | null. */
  function route(method, pathname) {
    if (pathname.toLowerCase() === "/accesstoken/get") {
      return method === "POST" ? { handler: (ctx) => issueToken(ctx.req), params: {}, public: true } : { allow: ["POST"] };
    }
    const parts = pathname.split("/").slice(1);
    const allow = [];
    for (const r of OM_ROUTES) {
      if (r.segments.length !== parts.length) continue;
      const params = {};
      const matches = r.segments.every((seg, i) => {
        if (!seg.startsWith(":")) return seg === parts[i];
        params[seg.slice(1)] = decode(parts[i]);
        return true;
      });
      if (!matches) continue;
      if (r.methods[method]) return { handler: r.methods[method], params };
      allow.push(...Object.keys(r.methods));
    }
    return allow.length ? { allow } : null;
  }

  /** Run the API request (auth + handler) and return its response descriptor. */
  function runApi(ctx) {
    const found = route(ctx.method, ctx.url.pathname);
    if (!found) return problem(404, `No route for ${ctx.method} ${ctx.url.pathname}`, { title: "Not Found" });
    if (found.allow) {
      return problem(405, `${ctx.method} is not allowed here`, { headers: { allow: found.allow.join(", ") } });
    }
    if (!found.public) {
      const denied = authorize(ctx.req);
      if (denied) return denied;
    }
    ctx.params = found.params;
    return found.handler(ctx);
  }

  // ----- control endpoints under /__mock/ (no auth) -----

  function runControl(ctx) {
    const path = ctx.url.pathname.replace(/\/+$/, "");
    const readJson = () => {
      if (ctx.rawBody.length === 0) return { value: {} };
      try {
        return { value: JSON.parse(ctx.rawBody.toString("utf8")) };
      } catch (e) {
        return { error: badRequest([{ name: "$", reason: `body is not valid JSON: ${e.message}` }]) };
      }
    };
    const key = `${ctx.method} ${path}`;
    switch (key) {
      case "GET /__mock/health":
        return json(200, { ok: true });
      case "POST /__mock/reset": {
        const body = readJson();
        if (body.error) return body.error;
        reset({ keepTokens: body.value?.keepTokens === true });
        return json(200, { ok: true });
      }
      case "GET /__mock/state":
        return json(200, snapshot());
      case "GET /__mock/faults":
        return json(200, { faults: state.faults });
      case "DELETE /__mock/faults":
        state.faults = [];
        return json(200, { ok: true });
      case "POST /__mock/faults": {
        const body = readJson();
        if (body.error) return body.error;
        const result = addFault(body.value);
        return result.issues ? badRequest(result.issues) : json(201, result.fault);
      }
      case "GET /__mock/config":
        return json(200, config);
      case "POST /__mock/config": {
        const body = readJson();
        if (body.error) return body.error;
        const result = configure(body.value);
        return result.issues ? badRequest(result.issues) : json(200, result.config);
      }
      default:
        return problem(404, `No control endpoint ${ctx.method} ${path}`, { title: "Not Found" });
    }
  }

  // ----- plumbing -----

  /** Read the whole body; past the limit keep draining (so the client can read our 413) but keep nothing. */
  function readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on("data", (chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }));
      req.on("error", reject);
    });
  }

  /** Sleep, but wake early if the client goes away or the server closes; resolves true if still connected. */
  function waitUnlessGone(ms, res) {
    return new Promise((resolve) => {
      const done = (connected) => {
        clearTimeout(timer);
        pendingTimers.delete(cancel);
        res.off("close", onClose);
        resolve(connected);
      };
      const onClose = () => done(false);
      const cancel = () => done(false);
      const timer = setTimeout(() => done(!res.destroyed), ms);
      pendingTimers.add(cancel);
      res.on("close", onClose);
    });
  }

  // Browsers on another localhost port (the demo) must be able to call every route, including errors.
  function corsHeaders() {
    return {
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "Retry-After, WWW-Authenticate, Allow, Content-Type",
    };
  }

  function send(res, entry, { status, headers = {}, body = "" }) {
    if (entry) entry.status = status;
    if (res.destroyed) return;
    const length = status === 204 ? {} : { "content-length": Buffer.byteLength(body) };
    res.writeHead(status, { ...corsHeaders(), ...headers, ...length });
    res.end(body);
  }

  function drop(res, entry) {
    if (entry) entry.status = null;
    res.socket?.destroy();
  }

  function logBody(raw, req) {
    if (raw.length === 0) return null;
    const text = raw.toString("utf8");
    if ((req.headers["content-type"] ?? "").includes("json")) {
      try {
        return JSON.parse(text.replace(/^\uFEFF/, ""));
      } catch {
        /* keep the text */
      }
    }
    return text;
  }

  async function handle(req, res) {
    res.on("error", () => {}); // a client that hung up is not the mock's problem
    const started = Date.now();
    const method = req.method.toUpperCase();
    const url = new URL(`http://${HOST}${req.url}`); // not new URL(req.url, base): "//x/y" would become host x

    if (method === "OPTIONS") {
      // CORS preflight: allow whatever the page asks for (the mock has nothing to protect).
      const headers = {
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
        "access-control-max-age": "600",
      };
      if (req.headers["access-control-request-private-network"] === "true") {
        headers["access-control-allow-private-network"] = "true";
      }
      return send(res, null, { status: 204, headers });
    }

    const { body: rawBody, tooLarge } = await readBody(req);
    const ctx = { req, res, method, url, rawBody, params: {} };

    if (url.pathname.startsWith("/__mock/") || url.pathname === "/__mock") {
      return send(res, null, tooLarge ? problem(413, "Body too large") : runControl(ctx));
    }

    const entry = {
      id: state.nextId++,
      time: new Date(started).toISOString(),
      method,
      path: url.pathname,
      query: url.search,
      headers: { ...req.headers },
      idempotencyKey: req.headers["idempotency-key"] ?? null,
      body: tooLarge ? "<body too large>" : logBody(rawBody, req),
      status: null,
      fault: null,
      durationMs: null,
    };
    state.requests.push(entry);
    res.on("close", () => {
      entry.durationMs = Date.now() - started;
    });

    if (tooLarge) return send(res, entry, problem(413, `Request body exceeds ${MAX_BODY_BYTES} bytes`));

    const fault = takeFault(method, url.pathname);
    if (fault) entry.fault = fault.fault;
    switch (fault?.fault) {
      case "500":
        return send(res, entry, problem(500, "Injected fault: internal server error"));
      case "502": // gateways answer in HTML, so the client must cope with a non-JSON error body
        return send(res, entry, {
          status: 502,
          headers: { "content-type": "text/html; charset=utf-8" },
          body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        });
      case "503":
        return send(res, entry, problem(503, "Injected fault: service unavailable", {
          headers: fault.retryAfter !== null ? { "retry-after": String(fault.retryAfter) } : {},
        }));
      case "429":
        return send(res, entry, problem(429, "Injected fault: rate limited", {
          headers: { "retry-after": String(fault.retryAfter ?? 1) },
        }));
      case "redirect":
        // Assumed: the spec lists no 3xx for any operation and the guide never mentions redirects;
        // this models a misconfigured base URL or a hostile proxy sending the client elsewhere.
        return send(res, entry, {
          status: 307,
          headers: { location: fault.location },
          body: "",
        });
      case "drop":
        return drop(res, entry);
      case "malformed":
        return send(res, entry, { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"oops":' });
      case "expire-token": {
        // Expire the presented token for good, as a real expiry would: retrying with it keeps failing.
        const token = bearerOf(req);
        const known = token && state.tokens.get(token);
        if (known) known.expiresAtMs = 0;
        return send(res, entry, problem(401, "The access token has expired", {
          headers: { "www-authenticate": 'Bearer error="invalid_token", error_description="The token is expired"' },
        }));
      }
      case "delay": {
        // A slow server: the request is processed after the delay only if the client is still waiting,
        // so "client timed out" deterministically means "nothing was written".
        const connected = await waitUnlessGone(fault.delayMs, res);
        if (!connected) {
          entry.aborted = true;
          return;
        }
        break;
      }
      default:
        break;
    }

    const response = runApi(ctx);
    if (fault?.fault === "apply-then-500") return send(res, entry, problem(500, "Injected fault: the request was applied, then the server failed"));
    if (fault?.fault === "apply-then-drop") return drop(res, entry);
    return send(res, entry, response);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (res.destroyed || req.destroyed) return; // the client hung up mid-request: nothing to answer
      process.stderr.write(`mock-api: internal error: ${err.stack ?? err}\n`);
      send(res, null, problem(500, `Mock internal error: ${err.message}`));
    });
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;

  return {
    url: `http://${HOST}:${actualPort}`,
    port: actualPort,
    /** A deep copy of the state, in the same shape as GET /__mock/state. */
    get state() {
      return snapshot();
    },
    reset,
    addFault,
    configure,
    close() {
      for (const cancel of [...pendingTimers]) cancel();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CLI: node tests/mock-api/server.mjs [--port N]
// ---------------------------------------------------------------------------------------------------------------

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const args = process.argv.slice(2);
  let port = 0;
  for (let i = 0; i < args.length; i++) {
    const m = /^--port(?:=(.*))?$/.exec(args[i]);
    if (m) port = Number(m[1] ?? args[++i]);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write("usage: node tests/mock-api/server.mjs [--port N]\n");
    process.exit(2);
  }
  const mock = await startMockServer({ port });
  const stop = async () => {
    await mock.close();
    process.exit(0);
  };
  // Handlers before the URL: whoever reads the URL may signal at once, and a signal that comes
  // before its handler kills the process with the default action (seen under load).
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.stdout.write(`MOCK_URL=${mock.url}\n`);
}
