// The full module (everything, with OrderManagementClient), loaded only when the client is
// imported: see index.browser.mjs.
import init from "./full/vipps_order_management.js";

await init();

export { OrderManagementClient } from "./full/vipps_order_management.js";
