// Node (CommonJS): ready on require. The full module's glue converted to CommonJS at build time
// (scripts/build-pkg.sh), instantiated synchronously from the same .wasm as the ESM entry. Its
// loading API (`initSync`, the default `init`) is done here, so it is not exported (index.d.cts).
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { initSync, default: _init, ...api } = require("./full/vipps_order_management.cjs");

initSync({ module: readFileSync(join(__dirname, "full/vipps_order_management_bg.wasm")) });

module.exports = api;
