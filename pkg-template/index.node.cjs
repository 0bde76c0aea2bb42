// Node (CommonJS): ready on require. The full module's glue converted to CommonJS at build time
// (scripts/build-pkg.sh), instantiated synchronously from the same .wasm as the ESM entry.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const glue = require("./full/vipps_order_management.cjs");

glue.initSync({ module: readFileSync(join(__dirname, "full/vipps_order_management_bg.wasm")) });

module.exports = glue;
