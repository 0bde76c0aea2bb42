// Node (ESM): ready on import. The full module's .wasm is read from disk and instantiated
// synchronously (a server has no reason to save bytes by splitting out the client).
import { readFileSync } from "node:fs";
import { initSync } from "./full/vipps_order_management.js";

initSync({ module: readFileSync(new URL("./full/vipps_order_management_bg.wasm", import.meta.url)) });

export * from "./full/vipps_order_management.js";
