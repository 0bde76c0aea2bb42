// "vipps-order-management/manual": the same API, without loading the .wasm on import.
// Call `await init(urlOrResponseOrModule)` (or `initSync({ module })`) before anything else.
export * from "./web/vipps_order_management.js";
export { default } from "./web/vipps_order_management.js";
