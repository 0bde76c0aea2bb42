// "vipps-order-management/manual": the same API, without loading the .wasm on import.
// Call `await init(urlOrResponseOrModule)` (or `initSync({ module })`) before anything else.
export * from "./full/vipps_order_management.js";
export { default } from "./full/vipps_order_management.js";
