#!/usr/bin/env bash
# Runs one acceptance check (an optional extra from our build machines) with SIGPIPE ignored and
# its builds of the tree taken in turn with the other checks'.
# The checks test listings with `ctest -N | grep -q NAME` under `set -o pipefail`: grep leaves at
# the first match, and when ctest writes its last line after that it dies of SIGPIPE and the check
# fails although the test is registered (about one run in eight on this machine). An ignored
# signal is inherited, so the writer gets EPIPE instead and the pipeline's status is grep's.
trap '' PIPE
# Two checks at a time (ctest -j2) each start with `cmake --build` of the same tree: turns/cmake
# holds MTLX_BUILD_LOCK (the lock package_deb takes too) around those builds.
# A check run from within another (a nested ctest) keeps the real cmake it was given.
turns="$(cd "$(dirname "$0")" && pwd)/turns"
if [ -z "${MTLX_REAL_CMAKE:-}" ] && MTLX_REAL_CMAKE=$(command -v cmake) && [ "$MTLX_REAL_CMAKE" != "$turns/cmake" ]; then
  export MTLX_REAL_CMAKE MTLX_BUILD_LOCK="${MTLX_BUILD:-$PWD/build}/.build.lock"
  PATH="$turns:$PATH"
fi
exec bash "$@"
