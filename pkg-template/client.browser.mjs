// The full module (everything, with OrderManagementClient), loaded only when the client is
// imported: see index.browser.mjs.
import init from "./full/vipps_order_management.js";
import { instantiate } from "./load.browser.mjs";

await instantiate(init, "full/vipps_order_management_bg.wasm");

export { OrderManagementClient } from "./full/vipps_order_management.js";
