#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60), failing on the first crash,
# panic, timeout or out-of-memory. Installs cargo-fuzz and the nightly toolchain if missing
# (idempotent). `make test` runs it briefly (FUZZ_SECONDS=10); `make fuzz` for longer runs.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]
#
# A crash leaves its input in fuzz/artifacts/<target>/; reproduce it with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
# and turn it into a regression test in tests/hostile.rs.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

# cargo-fuzz needs a nightly toolchain (for -Zsanitizer). The project's machines carry one beside
# stable; where none is installed and none can be fetched, fuzzing is skipped, loudly, unless
# FUZZ_REQUIRED=1 makes that a failure.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  if ! rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
    echo "fuzz: SKIPPED: no nightly toolchain here, and none could be installed" >&2
    [[ "${FUZZ_REQUIRED:-0}" == 1 ]] && exit 1
    exit 0
  fi
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version '^0.13' --locked
fi

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list --fuzz-dir fuzz)
fi

cargo +nightly fuzz build --fuzz-dir fuzz
mkdir -p fuzz/artifacts
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  mkdir -p "fuzz/corpus/$target"
  log="fuzz/artifacts/$target.log"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: bounded memory.
  if cargo +nightly fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    grep -E '^#[0-9]+ +DONE' "$log" || tail -n 1 "$log"
  else
    tail -n 60 "$log" >&2
    echo "fuzz target $target FAILED; the input is in fuzz/artifacts/$target/, the log in $log" >&2
    exit 1
  fi
done
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no crash"
