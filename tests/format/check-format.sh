#!/usr/bin/env bash
# One format for the whole tree: every C++ file as .clang-format says (clang-format --dry-run
# --Werror prints each difference). Usage: check-format.sh PROJECT_ROOT
set -euo pipefail
cd "$1"
command -v clang-format >/dev/null || { echo "clang-format is not installed (packaging/install-deps.sh installs it)"; exit 1; }
mapfile -t files < <(find app core ui tests -name '*.cpp' -o -name '*.h' | sort)
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files as .clang-format says"
