// Cloudflare Workers / workerd: ready on import. Workers refuse to compile wasm from bytes at run
// time, so the full module's .wasm is imported as a module (wrangler and workerd both support
// this) and instantiated synchronously.
import wasmModule from "./full/vipps_order_management_bg.wasm";
import { initSync } from "./full/vipps_order_management.js";

initSync({ module: wasmModule });

export * from "./full/vipps_order_management.js";
