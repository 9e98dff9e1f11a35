#!/usr/bin/env bash
# Keeps the finished runs of a reproduction in progress in the repository, so that a later session
# goes on from them (docs/reproduction.md, "Runs kept"): each experiment's sweep.json and
# runs.jsonl (its whole lines) and the training time of the experiments finished so far; no models
# or checkpoints.
#   keep-runs.sh DIR NAME SCALE     (DIR: the --out folder of `mtlx-cli reproduce NAME --scale SCALE`)
set -euo pipefail
dir=$1
name=$2
scale=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
kept="$root/docs/reproduction/runs/$name-$scale"
[ -d "$dir/$scale" ] || { echo "keep-runs.sh: $dir/$scale: no runs of that scale" >&2; exit 2; }
for experiment in "$dir/$scale"/*/; do
  [ -s "$experiment/runs.jsonl" ] || continue
  to="$kept/$scale/$(basename "$experiment")"
  mkdir -p "$to"
  cp "$experiment/sweep.json" "$to/"
  # Whole lines only: a run being written as this copies is left for the next keep.
  python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        json.loads(line)
    except ValueError:
        continue
    sys.stdout.write(line if line.endswith("\n") else line + "\n")' "$experiment/runs.jsonl" >"$to/runs.jsonl"
done
[ ! -f "$dir/$scale/$name-timing.json" ] || cp "$dir/$scale/$name-timing.json" "$kept/$scale/"
echo "kept $(cat "$kept/$scale"/*/runs.jsonl | grep -c '^{') runs in $kept"
