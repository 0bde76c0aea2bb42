// Node (ESM): ready on import. The .wasm is read from disk and instantiated synchronously.
import { readFileSync } from "node:fs";
import { initSync } from "./web/vipps_order_management.js";

initSync({ module: readFileSync(new URL("./web/vipps_order_management_bg.wasm", import.meta.url)) });

export * from "./web/vipps_order_management.js";
