// Instantiates one of the package's wasm modules in a browser or bundler, with the glue's own
// `new URL("…_bg.wasm", import.meta.url)` (which Vite's and webpack's production builds turn into
// an asset), except under Vite's dev server. That server pre-bundles dependencies into
// node_modules/.vite/deps/, where the glue's relative URL names a file that is not there and the
// server answers with the app's index.html ("expected magic word 00 61 73 6d, found 3c 21 64 6f").
// There the package itself is two folders up, in npm's layout, and the dev server serves it.
const PACKAGE = "vipps-order-management";
const VITE_DEPS = /\/node_modules\/\.vite\/deps(_[^/]*)?\/[^/]+$/;

/** Runs the glue's `init` for `file` (a path inside the package, e.g. "checkout/x_bg.wasm"). */
export async function instantiate(init, file) {
  const here = new URL(import.meta.url);
  const preBundled = VITE_DEPS.test(here.pathname);
  // A variable, not a literal: bundlers must not take this for an asset of their own.
  const packagePath = `../../${PACKAGE}/${file}`;
  try {
    await init(preBundled ? { module_or_path: new URL(packagePath, here) } : undefined);
  } catch (error) {
    throw new Error(
      `${PACKAGE} could not load ${file.split("/").pop()} (${error && error.message}). ` +
        "With esbuild, copy the .wasm next to your bundle; with Vite's dev server, when its cache is " +
        `not node_modules/.vite, add \`optimizeDeps: { exclude: ["${PACKAGE}"] }\` to vite.config.js ` +
        `(the package's README, "Loading in each runtime").`,
      { cause: error },
    );
  }
}
