#!/usr/bin/env bash
# Builds the project with AddressSanitizer + UndefinedBehaviorSanitizer (-DMTLX_SANITIZE=ON) in
# BUILD_DIR and runs test suites there; any report fails. Usage:
#   run-sanitized.sh BUILD_DIR [TARGET…]
# ctest (label `sanitize`) runs the suites of everything that reads outside input without
# LibTorch — the spec library and mtlx_files — which builds in a few minutes. Give the engine's
# suites (tst_realdata tst_trainer …) to check the whole core; docs/reliability.md reports a run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$1
shift
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(tst_spec tst_pareto tst_schema tst_files)
# -O1 with line tables (-g1): what the sanitizers' authors advise, and half the compile time of
# -O2 -g; the reports still name every function, file and line.
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DMTLX_SANITIZE=ON >"$BUILD.configure.log" 2>&1 \
  || { tail -20 "$BUILD.configure.log"; exit 1; }
cmake --build "$BUILD" -j2 --target "${TARGETS[@]}" >"$BUILD.build.log" 2>&1 || { tail -30 "$BUILD.build.log"; exit 1; }
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$HERE/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$HERE/ubsan.supp"
export QT_QPA_PLATFORM=offscreen
for t in "${TARGETS[@]}"; do
  exe=$(find "$BUILD/tests" -maxdepth 1 -name "$t" -type f | head -1)
  [ -n "$exe" ] || { echo "no test executable $t"; exit 1; }
  if ! "$exe" >"$BUILD/$t.log" 2>&1; then
    tail -40 "$BUILD/$t.log"
    echo "sanitize: $t failed (log: $BUILD/$t.log)"
    exit 1
  fi
  echo "sanitize: $t clean ($(grep -o 'Totals: [0-9]* passed' "$BUILD/$t.log"))"
done
