// "vipps-order-management/manual/checkout": the checkout module (no client), without loading the
// .wasm on import. Call `await init(urlOrResponseOrModule)` (or `initSync({ module })`) first.
export * from "./checkout/vipps_order_management_checkout.js";
export { default } from "./checkout/vipps_order_management_checkout.js";
