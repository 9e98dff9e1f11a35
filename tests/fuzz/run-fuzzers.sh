#!/usr/bin/env bash
# Builds the fuzzers (tests/fuzz/CMakeLists.txt, clang + ASan + UBSan) and runs each for a fixed
# number of inputs, starting from its seed corpus (tests/fuzz/corpus, and the presets for the spec
# parser). Usage: run-fuzzers.sh BUILD_DIR [RUNS] — ctest passes a few thousand runs per target;
# docs/reliability.md says how to run them longer. Exits non-zero on any finding.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$1
RUNS=${2:-20000}
command -v clang++ >/dev/null || { echo "clang++ is not installed (packaging/install-deps.sh installs clang)"; exit 1; }
cmake -S "$HERE" -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD.configure.log" 2>&1 \
  || { tail -20 "$BUILD.configure.log"; exit 1; }
cmake --build "$BUILD" -j2 >"$BUILD.build.log" 2>&1 || { tail -30 "$BUILD.build.log"; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for target in spec idx uci movielens csv gzip cache; do
  corpus="$WORK/$target"
  mkdir -p "$corpus"
  if [ "$target" = spec ]; then cp "$ROOT"/resources/presets/*.json "$corpus/"; else cp "$HERE/corpus/$target"/* "$corpus/"; fi
  start=$(date +%s.%N)
  # -rss_limit_mb: the decompressor's own limit is half the machine's memory; inputs are small.
  if ! "$BUILD/fuzz_$target" -runs="$RUNS" -max_len=65536 -rss_limit_mb=4096 -seed=1 \
       -artifact_prefix="$WORK/$target-" "$corpus" >"$WORK/$target.log" 2>&1; then
    tail -40 "$WORK/$target.log"
    echo "fuzz_$target: FOUND A PROBLEM (the input is in $WORK, kept)"
    trap - EXIT
    exit 1
  fi
  printf 'fuzz_%-10s %8s inputs in %5.1f s, corpus %s files\n' "$target" "$RUNS" \
    "$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')" "$(ls "$corpus" | wc -l)"
done
