// Node (CommonJS): ready on require. wasm-bindgen's nodejs glue instantiates synchronously.
"use strict";
module.exports = require("./cjs/vipps_order_management.js");
