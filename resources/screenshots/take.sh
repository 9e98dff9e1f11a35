#!/usr/bin/env bash
# Takes the screenshots of this folder with the real program under Xvfb (package xvfb), from a
# clean settings folder so that the window has its default layout. Run from the project root
# after building; MTLX_DATA_DIR must hold the Census-Income files for the PLE picture.
set -euo pipefail
ROOT=$(pwd)
GUI=${MTLX_BUILD:-$ROOT/build}/app/mtlx
OUT=$ROOT/resources/screenshots
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
shot() {  # shot NAME ARGS…: one window, 1600×1000 screen, trained as the arguments say
  local name=$1; shift
  HOME="$WORK/home-$name" xvfb-run -a -s "-screen 0 1600x1000x24" "$GUI" "$@" --screenshot "$OUT/$name.png" \
    --quit-when-done >"$WORK/$name.log" 2>&1 || { tail -5 "$WORK/$name.log"; exit 1; }
  echo "wrote $OUT/$name.png"
}
# The main window on AdaTT-sp (one expert per task): loss curves, gates, activations.
shot desktop --preset correlated-adatt --train --epochs 8 --limit-train 20000
# PLE on Census-Income: each task gate wired to its own and the shared experts; the heatmap's
# grey cells are the experts a gate cannot reach.
shot ple-diagram --preset census-6-ple --train --epochs 1 --limit-train 30000
# AdaTT-sp with 2 experts per task: the softmax gate and the learnt NativeExpertLF weights apart.
"${GUI%/mtlx}/mtlx-cli" preset correlated-adatt | python3 -c "
import json, sys
d = json.load(sys.stdin)
d['name'] = 'correlated-adatt-2'
d['description'] = 'AdaTT-sp with 2 experts per task on the correlated tasks'
d['model']['experts_per_task'] = 2
json.dump(d, open(sys.argv[1], 'w'), indent=1)" "$WORK/adatt2.json"
shot adatt-heatmap "$WORK/adatt2.json" --train --epochs 6 --limit-train 20000
# Presets ▸ Reproduce showing the report of sh-fig1bc at quick scale, when REPRODUCTIONS names a
# folder where `mtlx-cli reproduce sh-fig1bc --out REPRODUCTIONS` ran.
if [ -n "${REPRODUCTIONS:-}" ]; then
  mkdir -p "$WORK/home-reproduce-dialog/.local/share/mtlx/MTL Explorer"
  ln -s "$(cd "$REPRODUCTIONS" && pwd)" "$WORK/home-reproduce-dialog/.local/share/mtlx/MTL Explorer/reproductions"
  shot reproduce-dialog --reproduce sh-fig1bc
fi
