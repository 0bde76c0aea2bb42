// One cold start, measured in process: run as `node bench/cold.mjs ours|ajv|zod` in a fresh Node.
// The input is made before the clock starts; the clock then covers importing the validator (for
// ajv also reading the schema, adding the formats and compiling) and the first validation of the
// 20-line receipt. Prints one JSON line: {contender, importMs, firstMs, totalMs, valid}.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { validReceipt } from "./inputs.mjs";

const contender = process.argv[2];
const receipt = validReceipt(20);
const here = (path) => new URL(path, import.meta.url);

const t0 = performance.now();
let validate;
if (contender === "ours") {
  // The checkout module, loaded as the browser entry does (bytes, then instantiate).
  const glue = await import((("file:///work/main/pkg/checkout/vipps_order_management_checkout.js"));
  glue.initSync({ module: readFileSync((("file:///work/main/pkg/checkout/vipps_order_management_checkout_bg.wasm")) });
  validate = (value) => glue.validateReceipt(value).valid;
} else if (contender === "ajv") {
  const { default: Ajv } = await import("ajv");
  const { default: addFormats } = await import("ajv-formats");
  const schema = JSON.parse(readFileSync(here("./receipt.schema.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
} else if (contender === "zod") {
  const { Receipt } = await import("./receipt.zod.mjs");
  validate = (value) => Receipt.safeParse(value).success;
} else {
  console.error(`usage: node bench/cold.mjs ours|ajv|zod (got ${contender})`);
  process.exit(2);
}
const t1 = performance.now();
const valid = validate(receipt);
const t2 = performance.now();

console.log(
  JSON.stringify({ contender, importMs: t1 - t0, firstMs: t2 - t1, totalMs: t2 - t0, valid }),
);
