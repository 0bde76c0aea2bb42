# The public commands (README.md): `make demo` runs the demo, `make test` runs every test (CI runs it).
# Both install what they need first (scripts/setup.sh, idempotent).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

.PHONY: test demo setup setup-browser pkg lint test-rust docs publish-check test-wasm test-js bench bench-smoke fuzz test-fuzz

test: setup-browser lint test-rust docs pkg publish-check test-wasm test-js bench-smoke test-fuzz

setup:
	scripts/setup.sh

setup-browser:
	scripts/setup.sh --browser

# Every target with the `reqwest` feature (ReqwestTransport, its tests and example); the library
# alone without it (the lean core), and for wasm32 as each wasm module is built (checkout: no
# default features; full: `client` only, as scripts/build-pkg.sh builds it) and with the defaults.
lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets --features reqwest -- -D warnings
	cargo clippy --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features client -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings

# tests/reqwest_transport.rs starts the mock Vipps API with node.
test-rust:
	cargo test --all-targets --features reqwest
	cargo test --doc --features reqwest

# The API docs as docs.rs builds them (every feature), with no warning and every public item documented.
docs:
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features

# `cargo package` and `npm pack` of pkg/ without publishing: both build, and hold only what a user needs.
publish-check: pkg
	scripts/publish-check.sh

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
	# Where the documents are silent the mock runs both ways (tests/mock-api/README.md, "Settings"): the client
	# tests again against the enriched GET and the spec's 404 for an order with no data.
	VIPPS_MOCK_GET_ORDER=enriched VIPPS_MOCK_EMPTY_ORDER=404 \
	  node --test --test-reporter=spec tests/client-js/client.test.mjs tests/client-js/fault-matrix.test.mjs

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
