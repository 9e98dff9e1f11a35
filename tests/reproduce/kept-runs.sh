#!/usr/bin/env bash
# The finished runs of reproductions still in progress, kept in docs/reproduction/runs/NAME-SCALE/
# (each experiment's sweep.json and runs.jsonl, no models): the program must still count every one
# of them as done, or a change to how a spec is planned would make the next session retrain them.
#   kept-runs.sh MTLX_CLI PROJECT_ROOT
set -euo pipefail
cli=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checked=0
for dir in "$root"/docs/reproduction/runs/*/; do
  base=$(basename "$dir")
  name=${base%-*}
  scale=${base##*-}
  cp -r "$dir" "$work/$base"
  kept=$(cat "$work/$base"/"$scale"/*/runs.jsonl | grep -c '^{')
  out=$("$cli" reproduce "$name" --scale "$scale" --out "$work/$base" --report-only 2>&1) || {
    echo "FAIL $base: $out"
    exit 1
  }
  read -r done planned < <(sed -n 's/.* \([0-9]\+\) of \([0-9]\+\) runs.*/\1 \2/p' <<<"$out" | head -1)
  if [ "${done:-}" != "$kept" ]; then
    echo "FAIL $base: $kept runs kept, the program counts ${done:-none} done: $(head -2 <<<"$out" | tail -1)"
    exit 1
  fi
  echo "ok   $base: $done of $planned runs kept and counted"
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || { echo "FAIL no kept runs under $root/docs/reproduction/runs"; exit 1; }
