// Browsers and bundlers: ready on import. Top-level await fetches and instantiates the .wasm,
// found next to the glue through `new URL(..., import.meta.url)` (Vite and webpack 5 bundle it as
// an asset; with esbuild, copy the .wasm next to your bundle). To load it from elsewhere, import
// "vipps-order-management/manual" and call `await init(yourUrl)` yourself.
import init from "./web/vipps_order_management.js";

await init();

export * from "./web/vipps_order_management.js";
