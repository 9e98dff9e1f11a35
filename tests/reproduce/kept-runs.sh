#!/usr/bin/env bash
# The finished runs of reproductions still in progress, kept in docs/reproduction/runs/NAME-SCALE/
# (each experiment's sweep.json and runs.jsonl, no models): the program must still count every one
# of them as done, or a change to how a spec is planned would make the next session retrain them.
# Exit 77 (skipped) when nothing is kept.
#   kept-runs.sh MTLX_CLI PROJECT_ROOT
set -uo pipefail
cli=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
folders=("$root"/docs/reproduction/runs/*/)
if [ ${#folders[@]} -eq 0 ]; then
  echo "skip: no kept runs under $root/docs/reproduction/runs"
  exit 77
fi
for dir in "${folders[@]}"; do
  base=$(basename "$dir")
  name=${base%-*}
  scale=${base##*-}
  cp -r "$dir" "$work/$base" || exit 1
  files=("$work/$base/$scale"/*/runs.jsonl)
  kept=0
  [ ${#files[@]} -eq 0 ] || kept=$(cat "${files[@]}" | grep -c '^{')
  if ! out=$("$cli" reproduce "$name" --scale "$scale" --out "$work/$base" --report-only 2>&1); then
    echo "FAIL $base: $out"
    exit 1
  fi
  counted=$(sed -n 's/.* \([0-9]\+\) of \([0-9]\+\) runs.*/\1 of \2/p' <<<"$out" | head -1)
  if [ "${counted%% *}" != "$kept" ]; then
    echo "FAIL $base: $kept runs kept, the program counts ${counted:-none} done: $(sed -n 2p <<<"$out")"
    exit 1
  fi
  echo "ok   $base: $counted runs kept and counted"
done
