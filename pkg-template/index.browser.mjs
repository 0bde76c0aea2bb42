// Browsers and bundlers: ready on import. Top-level await fetches and instantiates the checkout
// module's .wasm (build, validate, preview, render, images; no HTTP client), found next to the glue
// (load.browser.mjs; Vite and webpack 5 bundle it as an asset, Vite's dev server serves it from the
// package; with esbuild, copy the .wasm next to your bundle). `OrderManagementClient` comes from the
// full module (client.browser.mjs), which package.json marks free of side effects: a bundler that
// sees it unused drops it, so a checkout page never downloads the client. To load a module from
// elsewhere, import "vipps-order-management/manual" (or "/manual/checkout") and call `await init(url)`.
import init from "./checkout/vipps_order_management_checkout.js";
import { instantiate } from "./load.browser.mjs";

await instantiate(init, "checkout/vipps_order_management_checkout_bg.wasm");

export * from "./checkout/vipps_order_management_checkout.js";
export { OrderManagementClient } from "./client.browser.mjs";
