// Prints the raw and gzip sizes of what a user loads: the .wasm and the JS glue of each entry.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";

const files = [
  "pkg/web/vipps_order_management_bg.wasm",
  "pkg/web/vipps_order_management.js",
  "pkg/index.browser.mjs",
  "pkg/cjs/vipps_order_management.js",
];
let rawTotal = 0;
let gzTotal = 0;
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KiB";
console.log("size of the package (what a browser or worker loads: web/ glue + .wasm):");
for (const file of files.filter(existsSync)) {
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`  ${file.padEnd(44)} raw ${kb(bytes.length)}   gzip ${kb(gz)}`);
  if (file.includes("/web/") || file.includes("browser")) {
    rawTotal += bytes.length;
    gzTotal += gz;
  }
}
console.log(`  ${"total (.wasm + web glue + browser entry)".padEnd(44)} raw ${kb(rawTotal)}   gzip ${kb(gzTotal)}`);
