#!/usr/bin/env bash
# `mtlx --lesson N --train` does the lesson's first step: its own set-up (preset and changes),
# then its training — not the window's default experiment. Lesson 2's first step trains
# correlated-mmoe at rho = 0.9 for 5 epochs of 20,000 examples.
set -euo pipefail
MTLX=$1
HOME=$(mktemp -d)
export HOME QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$HOME/runtime"
trap 'rm -rf "$HOME"' EXIT
mkdir -m 700 "$XDG_RUNTIME_DIR"
"$MTLX" --lesson 2 --train --quit-when-done >"$HOME/log" 2>&1 || { cat "$HOME/log"; echo "FAIL: mtlx exited $?"; exit 1; }
results=("$HOME"/.local/share/mtlx/runs/*/result.json)
[ "${#results[@]}" = 1 ] && [ -f "${results[0]}" ] || { echo "FAIL: expected one autosaved run, found ${results[*]}"; exit 1; }
/usr/bin/python3 - "${results[0]}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["spec"]
got = (s["name"], s["dataset"]["correlation"], s["dataset"]["limit_train"], s["training"]["epochs"], d["status"])
want = ("correlated-mmoe", 0.9, 20000, 5, "ok")
if got != want:
    sys.exit(f"FAIL: the run trained {got}, the lesson's first step is {want}")
print("ok: --lesson 2 --train trained the lesson's first step", got)
PY
