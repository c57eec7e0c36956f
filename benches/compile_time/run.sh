#!/usr/bin/env bash
# Compile-time check (issue 7): how long `cargo check` takes on a generated schema of
# 50 tables (10 columns each, with relations) against one of 5 tables. The target is
# under 2x. Writes benches/compile_time/last.md, which BENCHMARKS.md includes.
#
#   bash benches/compile_time/run.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"

make_crate() { # name, tables
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
orm = { path = "$repo" }
serde_json = "1"

[workspace]
TOML
  python3 "$repo/benches/compile_time/generate.py" "$2" > "$work/$1/src/lib.rs"
  cp "$repo/Cargo.lock" "$work/$1/Cargo.lock"
}

# Seconds for `cargo check` of the crate alone (dependencies already checked), best of 3.
time_check() {
  (cd "$work/$1" && cargo check --quiet --offline 2>/dev/null || cargo check --quiet)
  best=""
  for _ in 1 2 3; do
    touch "$work/$1/src/lib.rs"
    start=$(date +%s.%N)
    (cd "$work/$1" && cargo check --quiet)
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%.2f' "$best"
}

make_crate schema5 5
make_crate schema50 50
five=$(time_check schema5)
fifty=$(time_check schema50)
ratio=$(echo "$fifty / $five" | bc -l)
verdict=$([ "$(echo "$ratio < 2" | bc -l)" = 1 ] && echo "under the 2x target" || echo "OVER the 2x target")
cat > "$repo/benches/compile_time/last.md" <<MD
\`cargo check\` of a generated schema crate (benches/compile_time/run.sh, best of 3, dependencies
already checked; $(date -u '+%Y-%m-%d'), $(nproc) cores, $(rustc --version)):

| schema | cargo check |
|---|---|
| 5 tables × 10 columns, relations, a query each | ${five} s |
| 50 tables × 10 columns, relations, a query each | ${fifty} s |

50 tables take $(printf '%.2f' "$ratio")× the time of 5: $verdict.
MD
cat "$repo/benches/compile_time/last.md"
