#!/usr/bin/env bash
# Both packages as they would be published, without publishing: `cargo package` (which also builds
# the packed crate on its own) and `npm pack` of pkg/ (run `make pkg` first). Each list of files
# must hold what a user needs and nothing of the repository's own (tests, fixtures, node_modules,
# target, the demo page, benchmarks, fuzzing, the spec). No registry account or token is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "publish-check: $*" >&2
  exit 1
}

# Files the checks below expect in both packages, and paths neither may contain.
licenses=(LICENSE-MIT LICENSE-APACHE)
forbidden='(^|/)(tests?|fixtures|node_modules|target|pkg-template|www|bench|fuzz|spec|scripts|\.ci)/|\.tgz$|\.crate$'

# ---- the crate ----
# cargo refuses files with uncommitted changes (a crate must be what the commit holds). CI checks
# the committed tree; a developer's run with edits in progress checks the working tree instead.
cargo_flags=(--locked)
if [[ -z "${CI:-}" ]] && [[ -n "$(git status --porcelain -- src examples docs README.md Cargo.toml LICENSE-MIT LICENSE-APACHE 2>/dev/null)" ]]; then
  echo "publish-check: packaged files have uncommitted changes; checking the working tree (--allow-dirty)"
  cargo_flags+=(--allow-dirty)
fi
# (The warnings about tests and examples left out of the crate are what `include` intends.)
cargo package "${cargo_flags[@]}" 2>&1 | grep -v '^warning: ignoring \(test\|example\) ' ||
  fail "cargo package failed"
crate_files=$(cargo package --list "${cargo_flags[@]}" 2>/dev/null)
for need in Cargo.toml README.md "${licenses[@]}" src/lib.rs src/client/reqwest_transport.rs \
  src/wasm/boundary.js examples/send_receipt.rs docs/ERRORS.md docs/CODES.md; do
  grep -qx "$need" <<<"$crate_files" || fail "the crate lacks $need"
done
if bad=$(grep -E "$forbidden" <<<"$crate_files"); then
  fail "the crate holds files a user does not need:"$'\n'"$bad"
fi
echo "crate: $(wc -l <<<"$crate_files") files, $(du -k target/package/vipps-order-management-*.crate | cut -f1 | tail -1) KiB packed"

# ---- the npm package ----
[[ -f pkg/package.json ]] || fail "run \`make pkg\` first"
npm_files=$(npm pack --dry-run --json ./pkg | node -e '
  let text = "";
  process.stdin.on("data", (d) => (text += d)).on("end", () => {
    const [pack] = JSON.parse(text);
    for (const f of pack.files) console.log(f.path);
  });
')
for need in package.json README.md "${licenses[@]}" index.node.mjs index.node.cjs index.browser.mjs \
  index.workerd.mjs index.d.ts index.d.cts client.browser.mjs load.browser.mjs \
  checkout/vipps_order_management_checkout_bg.wasm full/vipps_order_management_bg.wasm \
  full/vipps_order_management.cjs docs/CODES.md docs/ERRORS.md; do
  grep -qx "$need" <<<"$npm_files" || fail "the npm package lacks $need"
done
if bad=$(grep -E "$forbidden|\.map$|\.rs$" <<<"$npm_files"); then
  fail "the npm package holds files a user does not need:"$'\n'"$bad"
fi
# Each .wasm once: one per module (checkout, full), whichever entry loads it.
if [[ $(grep -c '\.wasm$' <<<"$npm_files") -ne 2 ]]; then
  fail "the npm package must hold exactly two .wasm files (checkout and full):"$'\n'"$(grep '\.wasm$' <<<"$npm_files")"
fi
# The npm page links the repository (the README's links to the docs, issues).
node -e '
  const p = require("./pkg/package.json");
  for (const key of ["repository", "homepage", "bugs"]) if (!p[key]) throw new Error(`package.json lacks ${key}`);
' || fail "package.json lacks repository, homepage or bugs"
# Users have the package, not this repository's background documents.
if cited=$(grep -rl 'DESIGN\.md' pkg/); then
  fail "shipped files cite DESIGN.md, which users do not have:"$'\n'"$cited"
fi
packed_kib=$(npm pack --dry-run --json ./pkg | node -e '
  let text = "";
  process.stdin.on("data", (d) => (text += d)).on("end", () => console.log((JSON.parse(text)[0].size / 1024).toFixed(1)));
')
echo "npm: $(wc -l <<<"$npm_files") files, ${packed_kib} KiB packed"
