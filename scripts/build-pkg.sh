#!/usr/bin/env bash
# Builds the npm package into pkg/: two wasm modules from the same crate (README.md, "Two wasm
# modules"):
#   checkout/  built without the `client` feature: build, validate, preview, render, images;
#   full/      with the client (OrderManagementClient, fetch, the futures machinery).
# Each: wasm (Cargo profile `checkout` at opt-level "s", `release` at "z") → wasm-bindgen (web ESM
# glue) → wasm-opt (binaryen from npm; `--flatten --rereloop` between two -Oz passes measured
# ~0.7 KiB gzip smaller than -Oz alone, BENCHMARKS.md). Node's CommonJS entry is the full module's
# glue converted to CommonJS by esbuild, reading the same .wasm, so each .wasm ships once. Then
# the template's package.json, README and entry shims, and the raw and gzip sizes. Needs
# scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."

name=vipps_order_management

rm -rf pkg
mkdir -p pkg/checkout pkg/full

# $1: output folder, $2: output name, $3: Cargo profile (Cargo.toml), rest: cargo flags.
build_module() {
  local dir=$1 out=$2 profile=$3
  shift 3
  cargo build --quiet --profile "$profile" --target wasm32-unknown-unknown --lib "$@"
  local raw=target/wasm32-unknown-unknown/$profile/$name.wasm
  wasm-bindgen --target web --out-dir "$dir" --out-name "$out" "$raw"
  # wasm-bindgen drops the target-features section, so name the features rustc enables by default.
  node_modules/.bin/wasm-opt -Oz --flatten --rereloop -Oz --converge --strip-debug --strip-producers \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$dir/${out}_bg.wasm" -o "$dir/${out}_bg.wasm.opt"
  mv "$dir/${out}_bg.wasm.opt" "$dir/${out}_bg.wasm"
  # wasm-bindgen declares `[Symbol.dispose]` on classes, which fails type checking unless the
  # user's `lib` has esnext.disposable. Users call `free()`; drop the declaration so any lib compiles.
  sed -i '/\[Symbol\.dispose\]()/d' "$dir/$out.d.ts"
  rm -f "$dir/.gitignore" "$dir/${out}_bg.wasm.d.ts"
  # One glue file: src/wasm/boundary.js (which wasm-bindgen copies under snippets/) bundled in.
  # Each ES module Node loads costs ~0.7 ms of cold start here, and an unbundled browser page
  # (a CDN, a <script type=module>) makes one request fewer (BENCHMARKS.md, "Cold start after
  # the arena"). esbuild leaves the glue's `new URL("…_bg.wasm", import.meta.url)` as it is.
  node_modules/.bin/esbuild "$dir/$out.js" --bundle --format=esm --platform=neutral \
    --log-level=error --outfile="$dir/$out.one.js"
  mv "$dir/$out.one.js" "$dir/$out.js"
  rm -rf "$dir/snippets"
}
build_module pkg/checkout ${name}_checkout checkout --no-default-features
# The full module without the `serde` feature: the client reads and writes JSON with the crate's
# own reader and writer, so serde's derived code stays out (BENCHMARKS.md, "Server/Worker size").
build_module pkg/full $name release --no-default-features --features client

# CommonJS for Node's `require`: the same glue, converted; index.node.cjs instantiates it
# synchronously from the same .wasm. The glue's `import.meta.url` only serves its async `init()`
# without arguments, which the CommonJS entry never calls.
node_modules/.bin/esbuild pkg/full/$name.js --format=cjs --platform=node --log-level=error \
  --bundle --outfile=pkg/full/$name.cjs

cp -R pkg-template/. pkg/

# The main entry's types (index.d.ts for ESM, index.d.cts for CommonJS: a .d.cts that pointed at
# the ESM declarations would be TS1479 under `module: node16`): the full module's declarations
# without wasm-bindgen's loading API (`initSync`, the default `init`, `InitInput`, `InitOutput`
# with the raw wasm exports' internal names), since every entry loads the .wasm on import.
# The "/manual" entries keep it.
node -e '
  const fs = require("fs");
  const glue = fs.readFileSync("pkg/full/vipps_order_management.d.ts", "utf8");
  const cut = glue.indexOf("\nexport type InitInput");
  if (cut < 0) throw new Error("wasm-bindgen changed its .d.ts: no `export type InitInput` to cut at");
  const header = "// The API of every entry of vipps-order-management (Node ESM/CJS, workerd, browsers); the\n" +
    "// .wasm is loaded on import. Generated from the wasm-bindgen declarations by scripts/build-pkg.sh.\n";
  const api = header + glue.slice(0, cut).trimEnd() + "\n";
  for (const internal of ["initSync", "InitOutput", "__wbg", "__wbindgen"]) {
    if (api.includes(internal)) throw new Error(`the public types name ${internal}`);
  }
  fs.writeFileSync("pkg/index.d.ts", api);
  fs.writeFileSync("pkg/index.d.cts", api);
'
cp LICENSE-MIT LICENSE-APACHE pkg/
# The codes lists the README links to (docs/CODES.md, docs/ERRORS.md), readable on the npm page.
mkdir -p pkg/docs
cp docs/CODES.md docs/ERRORS.md pkg/docs/
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync("pkg/package.json", "utf8"));
  p.version = process.argv[1];
  fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
' "$version"

node scripts/sizes.mjs
