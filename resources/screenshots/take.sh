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
SCREEN=1600x1000
shot() {  # shot NAME ARGS…: one window on a $SCREEN screen, trained as the arguments say
  local name=$1; shift
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then return 0; fi  # ONLY="a b": just those
  HOME="$WORK/home-$name" xvfb-run -a -s "-screen 0 ${SCREEN}x24" "$GUI" "$@" --screenshot "$OUT/$name.png" \
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
# Compare architectures: four models × 3 seeds on the correlated tasks; the Runs panel ticks
# them, the table gives mean ± sd, the gates sit side by side.
shot compare --preset correlated-mmoe --compare shared_bottom,mmoe,ple,adatt_sp --compare-seeds 3 --epochs 6 \
  --limit-train 20000
# A classroom's projector (1280×720): every lesson at its last step, its steps set up and trained one
# after another (--step 3 --train), the claims measured in the lesson's text; the comparison; a
# 9-expert census heatmap in the small-screen layout (every view a tab of one tall panel).
SCREEN=1280x720
for n in 1 2 3 4 5; do shot "lesson$n-720" --lesson "$n" --step 3 --train; done
shot compare-720 --preset correlated-mmoe --compare shared_bottom,mmoe,ple,adatt_sp --compare-seeds 3 --epochs 6 \
  --limit-train 20000 --view comparison
shot census9-heatmap-720 --preset census-9-ple --train --epochs 1 \
  --limit-train 30000 --view gates
# The expert inspector on a census-6-adatt model trained as the preset says (about 4 minutes on
# 2 cores): gate weights over the test examples, the knock-out matrix, 8 random examples' routing.
if [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" inspector "* ]]; then
  "${GUI%/mtlx}/mtlx-cli" train --preset census-6-adatt --out "$WORK/census6" >"$WORK/census6.log" 2>&1 ||
    { tail -3 "$WORK/census6.log"; exit 1; }
  shot inspector --inspect "$WORK/census6"
fi
SCREEN=1600x1000
# Gradient conflict (lesson 5): a shared bottom on related tasks (rho = 0.9) and unrelated ones
# (rho = 0, linear weighting and PCGrad), all three ticked in the Runs panel of a workspace.
if [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" conflict "* ]]; then
  for run in 0.9:linear 0:linear 0:pcgrad; do
    rho=${run%%:*} w=${run##*:}
    "${GUI%/mtlx}/mtlx-cli" preset correlated-shared-bottom | python3 -c "
import json, sys
d = json.load(sys.stdin)
d['name'] = 'rho ' + sys.argv[2] + ', ' + sys.argv[3]
d['dataset']['correlation'] = float(sys.argv[2])
d['dataset']['limit_train'] = 20000
d['training']['epochs'] = 12
d['training']['weighting'] = sys.argv[3]
json.dump(d, open(sys.argv[1], 'w'), indent=1)" "$WORK/conflict-$rho-$w.json" "$rho" "$w"
    "${GUI%/mtlx}/mtlx-cli" train "$WORK/conflict-$rho-$w.json" --out "$WORK/conflict-$rho-$w" >/dev/null 2>&1
  done
  python3 -c "
import json, sys
spec = json.load(open(sys.argv[1] + '/conflict-0-pcgrad.json'))
runs = [{'path': sys.argv[1] + '/conflict-' + r + '/result.json', 'name': 'rho ' + r.replace('-', ', '), 'ticked': True}
        for r in ('0.9-linear', '0-linear', '0-pcgrad')]
json.dump({'format': 'mtlx-workspace', 'version': 1, 'spec': spec, 'runs': runs}, open(sys.argv[1] + '/conflict.mtlxw', 'w'))" "$WORK"
  shot conflict --workspace "$WORK/conflict.mtlxw" --view conflict
fi
# Presets ▸ Reproduce showing the report of sh-fig1bc at quick scale, when REPRODUCTIONS names a
# folder where `mtlx-cli reproduce sh-fig1bc --out REPRODUCTIONS` ran.
if [ -n "${REPRODUCTIONS:-}" ]; then
  mkdir -p "$WORK/home-reproduce-dialog/.local/share/mtlx"
  ln -s "$(cd "$REPRODUCTIONS" && pwd)" "$WORK/home-reproduce-dialog/.local/share/mtlx/reproductions"
  shot reproduce-dialog --reproduce sh-fig1bc
fi
# One model, every trade-off: a preference-conditioned MMoE (COSMOS) on unrelated tasks, opened at
# r = (0.3, 0.7): its front in the Pareto view with the slider under it, the marked point, and the
# gate heatmap of the model at that preference.
if [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" preference-slider "* ]]; then
  "${GUI%/mtlx}/mtlx-cli" train --preset correlated-mmoe --epochs 5 --limit-train 20000 --set dataset.correlation=0 \
    --set training.preference.method=cosmos --out "$WORK/one-model" >"$WORK/one-model.log" 2>&1 ||
    { tail -3 "$WORK/one-model.log"; exit 1; }
  shot preference-slider "$WORK/one-model/result.json" --preference 0.3
fi
