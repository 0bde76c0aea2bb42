# The public commands. `make demo` runs the demo; `make test` runs every test (CI calls it).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

.PHONY: test demo test-rust lint

test: lint test-rust

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

test-rust:
	cargo test --all-targets
	cargo test --doc

demo:
	cargo run --quiet --example demo
