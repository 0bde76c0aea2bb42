// Two builds of the package in one Node process, timed in alternating batches (paired, so a load
// change on the shared machine hits both alike). For before/after figures in BENCHMARKS.md:
//   node bench/compare.mjs path/to/before/index.node.mjs path/to/after/index.node.mjs [rounds]
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { cart, validReceipt } from "./inputs.mjs";

const [beforePath, afterPath, roundsArg] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(resolve(p)).href);
const before = await load(beforePath);
const after = await load(afterPath);
const ROUNDS = Number(roundsArg ?? 101);

// 1 line: mostly the fixed per-call cost of crossing the boundary (BENCHMARKS.md, "The boundary,
// per call").
const r1 = validReceipt(1);
const t1 = JSON.stringify(r1);
const r20 = validReceipt(20);
const t20 = JSON.stringify(r20);
// The same receipt with one non-ASCII letter first: wasm-bindgen's string glue copied the ASCII
// prefix one charCodeAt at a time, so this one used to be the faster of the two.
const t20nonAscii = t20.replace('"name":"', '"name":"ß');
const r200 = validReceipt(200);
const t200 = JSON.stringify(r200);
const c20 = cart(20);
const cases = {
  "validateReceipt(text), 1 line": (api) => api.validateReceipt(t1),
  "validateReceipt(object), 1 line": (api) => api.validateReceipt(r1),
  "validateReceipt(text), 20 lines": (api) => api.validateReceipt(t20),
  "validateReceipt(text), 20 lines, 'ß' first": (api) => api.validateReceipt(t20nonAscii),
  "validateReceipt(text), 200 lines": (api) => api.validateReceipt(t200),
  "validateReceipt(object), 20 lines": (api) => api.validateReceipt(r20),
  "validateReceipt(object), 200 lines": (api) => api.validateReceipt(r200),
  "buildReceipt, 20 items": (api) => api.buildReceipt(c20),
  "renderReceiptHtml, 20 lines": (api) => api.renderReceiptHtml(r20, { locale: "nb-NO" }),
  "previewReceipt, 20 lines": (api) => api.previewReceipt(r20, { locale: "nb-NO" }),
};

let sink = 0;
const time = (fn, api, calls) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += fn(api) ? 1 : 0;
  return Number(process.hrtime.bigint() - start) / calls / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`| call | before µs | after µs | paired speed-up |\n| --- | ---: | ---: | ---: |`);
for (const [name, fn] of Object.entries(cases)) {
  for (let i = 0; i < 200; i++) { fn(before); fn(after); }
  const once = time(fn, after, 20);
  const calls = Math.max(5, Math.round(2000 / Math.max(once, 0.1))); // ~2 ms batches
  const b = [];
  const a = [];
  const ratio = [];
  for (let round = 0; round < ROUNDS; round++) {
    const tb = time(fn, before, calls);
    const ta = time(fn, after, calls);
    b.push(tb);
    a.push(ta);
    ratio.push(tb / ta);
  }
  console.log(`| ${name} | ${median(b).toFixed(1)} | ${median(a).toFixed(1)} | ${median(ratio).toFixed(2)}× |`);
}
console.log(`(median of ${ROUNDS} rounds; checksum ${sink})`);
