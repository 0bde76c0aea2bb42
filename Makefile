# The public commands (README.md): `make demo` runs the demo, `make test` runs every test (CI runs it).
# Both install what they need first (scripts/setup.sh, idempotent).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

.PHONY: test demo setup setup-browser pkg lint test-rust test-wasm test-js bench bench-smoke fuzz test-fuzz

test: setup-browser lint test-rust pkg test-wasm test-js bench-smoke test-fuzz

setup:
	scripts/setup.sh

setup-browser:
	scripts/setup.sh --browser

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings

test-rust:
	cargo test --all-targets
	cargo test --doc

# The wasm boundary, with wasm-bindgen-test: in Node, then in headless Chromium.
test-wasm:
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target wasm32-unknown-unknown --test wasm
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
	  WASM_BINDGEN_TEST_TIMEOUT=120 \
	  cargo test --target wasm32-unknown-unknown --test wasm

# The npm package in pkg/ (two wasm modules: checkout without the client, full with it; release,
# wasm-bindgen, wasm-opt -Oz); prints sizes.
pkg: setup
	scripts/build-pkg.sh

# JS tests: the mock Vipps API; the package as users install it (Node ESM/CJS, esbuild bundle in
# Chromium, workerd, tsc --strict); the demo page in headless Chromium (screenshots in tests/screenshots/).
test-js:
	node --test --test-reporter=spec tests/mock-api/ tests/package/ tests/browser/ tests/client-js/

# The demo: builds the package, then serves the receipt preview page and the mock Vipps API on 127.0.0.1.
demo: setup pkg
	node scripts/demo.mjs

# Speed, size and cold start against ajv and zod (BENCHMARKS.md); every figure also in target/bench.json.
bench: pkg
	node bench/run.mjs --json target/bench.json

# A smoke run of the benchmark (a few seconds): fails only if the validators disagree.
bench-smoke: pkg
	node bench/run.mjs --quick

# cargo-fuzz on every target (FUZZ_SECONDS each, default 60); installs cargo-fuzz when missing.
fuzz:
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

# The brief fuzz run in make test: 10 s per target.
test-fuzz:
	scripts/fuzz.sh 10
