#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm → wasm-bindgen (web ESM and Node CJS glue) →
# wasm-opt -Oz (binaryen from npm, current) → the template's package.json, README and entry shims.
# Prints raw and gzip sizes. Needs scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."

name=vipps_order_management
cargo build --quiet --release --target wasm32-unknown-unknown --lib
raw=target/wasm32-unknown-unknown/release/$name.wasm

rm -rf pkg target/pkg-build
mkdir -p pkg/web pkg/cjs target/pkg-build
wasm-bindgen --target web --out-dir pkg/web --out-name $name "$raw"
wasm-bindgen --target nodejs --out-dir pkg/cjs --out-name $name "$raw"
for dir in pkg/web pkg/cjs; do
  # wasm-bindgen drops the target-features section, so name the features rustc enables by default.
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$dir/${name}_bg.wasm" -o "$dir/${name}_bg.wasm.opt"
  mv "$dir/${name}_bg.wasm.opt" "$dir/${name}_bg.wasm"
done
# wasm-bindgen declares `[Symbol.dispose]` on classes, which fails type checking unless the user's
# `lib` has esnext.disposable. Users call `free()`; drop the declaration so any lib compiles.
sed -i '/\[Symbol\.dispose\]()/d' pkg/web/$name.d.ts pkg/cjs/$name.d.ts
# The nodejs glue is CommonJS; mark its folder so Node does not read it as ESM.
echo '{"type":"commonjs"}' > pkg/cjs/package.json
rm -f pkg/web/.gitignore pkg/cjs/.gitignore pkg/cjs/${name}_bg.wasm.d.ts pkg/web/${name}_bg.wasm.d.ts

cp -R pkg-template/. pkg/
cp LICENSE-MIT LICENSE-APACHE pkg/
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync("pkg/package.json", "utf8"));
  p.version = process.argv[1];
  fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
' "$version"

node scripts/sizes.mjs
