// How results could leave wasm faster (BENCHMARKS.md, "Preview and builder speed"): the engine's
// own cost of each way, on the bench's 20-line receipt and 20-item cart. Needs `make pkg`.
//   node bench/boundary-out.mjs
import { readFileSync } from "node:fs";
import { cart, validReceipt } from "./inputs.mjs";
import * as pkg from "../pkg/checkout/vipps_order_management_checkout.js";

pkg.initSync({ module: readFileSync(new URL("../pkg/checkout/vipps_order_management_checkout_bg.wasm", import.meta.url)) });

/** Best of 15 batches of 1000 calls, µs per call. */
const best = (name, fn) => {
  let sink = 0;
  let min = Infinity;
  for (let round = 0; round < 15; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) sink += fn().length;
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`| ${name} | ${min.toFixed(1)} |`);
  return sink;
};

// HTML out: what wasm-bindgen does (UTF-8 in wasm memory, TextDecoder) against UTF-16 out.
const html = pkg.renderReceiptHtml(validReceipt(20), { locale: "nb-NO" });
const utf8 = new TextEncoder().encode(html);
const utf16 = new Uint16Array(html.length);
for (let i = 0; i < html.length; i++) utf16[i] = html.charCodeAt(i);
const utf16Bytes = new Uint8Array(utf16.buffer);
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const utf16Decoder = new TextDecoder("utf-16le", { ignoreBOM: true });
console.log(`HTML: ${html.length} UTF-16 units, ${utf8.length} UTF-8 bytes\n`);
console.log("| way out | µs |\n| --- | ---: |");
best("HTML: TextDecoder utf-8 (wasm-bindgen's string return)", () => utf8Decoder.decode(utf8));
best("HTML: TextDecoder utf-16le", () => utf16Decoder.decode(utf16Bytes));
best("HTML: String.fromCharCode.apply, 8192-unit chunks", () => {
  let out = "";
  for (let i = 0; i < utf16.length; i += 8192) out += String.fromCharCode.apply(null, utf16.subarray(i, i + 8192));
  return out;
});
best("HTML: Buffer ucs2 (Node only)", () => Buffer.from(utf16Bytes.buffer).toString("ucs2"));

// Receipt out: JSON text + JSON.parse (today) against a compact form: the strings in one table
// (decoded once, split on NUL) and the integers as decimal text in a second one, rebuilt in JS
// with the keys in the JSON's order. Only the order lines, the bulk of the text.
const built = pkg.buildReceipt(cart(20));
const text = JSON.stringify(built);
const strings = [];
const numbers = [];
for (const l of built.orderLines) {
  strings.push(l.name, l.id, l.productUrl ?? "", l.unitInfo?.quantity ?? "", l.unitInfo?.quantityUnit ?? "");
  numbers.push(l.totalAmount, l.totalAmountExcludingTax, l.totalTaxAmount, l.taxRate, l.unitInfo?.unitPrice ?? "", l.discount ?? "", (l.isReturn ? 1 : 0) + (l.isShipping ? 2 : 0));
}
const stringBytes = new TextEncoder().encode(strings.join("\0"));
const numberBytes = new TextEncoder().encode(numbers.join("\0"));
const textBytes = new TextEncoder().encode(text);
const fromCompact = () => {
  const s = utf8Decoder.decode(stringBytes).split("\0");
  const n = utf8Decoder.decode(numberBytes).split("\0");
  const lines = new Array(built.orderLines.length);
  for (let i = 0, si = 0, ni = 0; i < lines.length; i++, si += 5, ni += 7) {
    const line = { name: s[si], id: s[si + 1], totalAmount: +n[ni], totalAmountExcludingTax: +n[ni + 1], totalTaxAmount: +n[ni + 2], taxRate: +n[ni + 3] };
    if (s[si + 3] !== "") line.unitInfo = { unitPrice: +n[ni + 4], quantity: s[si + 3], quantityUnit: s[si + 4] };
    if (n[ni + 5] !== "") line.discount = +n[ni + 5];
    if (s[si + 2] !== "") line.productUrl = s[si + 2];
    const flags = +n[ni + 6];
    if (flags & 1) line.isReturn = true;
    if (flags & 2) line.isShipping = true;
    lines[i] = line;
  }
  return lines;
};
if (JSON.stringify(fromCompact()) !== JSON.stringify(built.orderLines)) throw new Error("the compact form differs");
console.log(`\nBuilt receipt: ${textBytes.length} bytes of JSON\n`);
console.log("| way out | µs |\n| --- | ---: |");
best("receipt: TextDecoder + JSON.parse (today)", () => JSON.parse(utf8Decoder.decode(textBytes)).orderLines);
best("receipt: compact tables, objects built in JS", fromCompact);
