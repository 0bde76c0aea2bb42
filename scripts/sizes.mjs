// Prints the raw and gzip sizes of what a user loads: each module's .wasm and JS glue, and the entries.
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

// Each glue has src/wasm/boundary.js bundled in (scripts/build-pkg.sh).
const groups = {
  "checkout page (browser entry, checkout module)": [
    "pkg/checkout/vipps_order_management_checkout_bg.wasm",
    "pkg/checkout/vipps_order_management_checkout.js",
    "pkg/index.browser.mjs",
    "pkg/load.browser.mjs",
  ],
  "server or Worker (full module, with the client)": [
    "pkg/full/vipps_order_management_bg.wasm",
    "pkg/full/vipps_order_management.js",
    "pkg/index.workerd.mjs",
  ],
};
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KiB";
console.log("size of the package:");
for (const [title, files] of Object.entries(groups)) {
  let raw = 0;
  let gz = 0;
  console.log(`  ${title}`);
  for (const file of files.filter(existsSync)) {
    const bytes = readFileSync(file);
    const zipped = gzipSync(bytes, { level: 9 }).length;
    console.log(`    ${file.padEnd(56)} raw ${kb(bytes.length)}   gzip ${kb(zipped)}`);
    raw += bytes.length;
    gz += zipped;
  }
  console.log(`    ${"total".padEnd(56)} raw ${kb(raw)}   gzip ${kb(gz)}`);
}
