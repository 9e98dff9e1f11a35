#!/usr/bin/env bash
# The shipped programs on bad input: every case runs the built mtlx-cli or mtlx (offscreen) and
# expects exit code 2 with one line on stderr that names the file:line, field or flag. A library
# test cannot see what only a linked program does (two types of one name once made every data
# error a segmentation fault in both programs while the libraries' tests passed).
#
#   tests/errors/run-errors.sh GROUP MTLX-CLI MTLX     GROUP: flags spec data sweep window disk
#
# Data files come from $MTLX_DATA_DIR (cases that need one are skipped without it). The disk group
# mounts a small tmpfs in a private mount namespace (root); elsewhere it exits 77 (skipped).
set -uo pipefail
shopt -s lastpipe # `… | specCase` counts in this shell, not in a subshell
group=${1:?usage: run-errors.sh GROUP MTLX-CLI MTLX}
CLI=${2:?} GUI=${3:?}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export MTLX_CACHE_DIR="$W/cache" XDG_DATA_HOME="$W/xdg" XDG_CONFIG_HOME="$W/config" HOME="$W/home"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$W/runtime"
mkdir -p "$W/home" "$W/runtime" && chmod 700 "$W/runtime"
DATA=${MTLX_DATA_DIR:-}
pass=0 fail=0 skip=0

# expect NAME PATTERN COMMAND...: exit 2, exactly one line on stderr, matching PATTERN (grep -E).
expect() {
  local name=$1 pattern=$2
  shift 2
  timeout -k 5 180 "$@" >"$W/out" 2>"$W/raw" </dev/null
  local rc=$? lines
  # Qt's offscreen platform (the window's tests) notes what it cannot do; no display shows that.
  grep -v "^This plugin does not support" "$W/raw" >"$W/err"
  lines=$(grep -c . "$W/err")
  if [ "$rc" = 2 ] && [ "$lines" = 1 ] && grep -qE -- "$pattern" "$W/err"; then
    pass=$((pass + 1))
    echo "ok   $name: $(head -c 200 "$W/err")"
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $rc (want 2), $lines line(s) on stderr (want 1 matching '$pattern'):"
    head -c 600 "$W/err" | sed 's/^/       /'
  fi
}

# expectLast NAME PATTERN COMMAND...: exit 2, the last line on stderr matching PATTERN (for commands
# that report their epochs or runs on stderr before the error).
expectLast() {
  local name=$1 pattern=$2
  shift 2
  timeout -k 5 300 "$@" >"$W/out" 2>"$W/err" </dev/null
  local rc=$?
  if [ "$rc" = 2 ] && tail -n 1 "$W/err" | grep -qE -- "$pattern"; then
    pass=$((pass + 1))
    echo "ok   $name: $(tail -n 1 "$W/err" | head -c 200)"
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $rc (want 2), last line on stderr (want one matching '$pattern'):"
    tail -n 3 "$W/err" | head -c 600 | sed 's/^/       /'
  fi
}

# check NAME CONDITION-COMMAND...: a plain assertion (exit 0 passes).
check() {
  local name=$1
  shift
  if "$@"; then
    pass=$((pass + 1))
    echo "ok   $name"
  else
    fail=$((fail + 1))
    echo "FAIL $name"
  fi
}

needData() { [ -n "$DATA" ] && [ -d "$DATA/$1" ] || { skip=$((skip + 1)); echo "skip $2: no $1 in MTLX_DATA_DIR"; return 1; }; }

# A spec of a CSV data set: spec FILE CSV TASK-COLUMN [TASK-KIND-JSON] [NUMERIC]
csvSpec() {
  printf '{"dataset": {"kind": "csv", "path": "%s", "numeric": [%s], "tasks": [{"column": "%s"%s}]},
 "model": {"arch": "shared_bottom", "bottom": [4], "towers": []}, "training": {"epochs": 1}}\n' \
    "$2" "${5:-\"x\"}" "$3" "${4:-}" >"$1"
}
tinyTrain() { echo '"training": {"epochs": 1, "batch_size": 64}, "dataset": {"kind": "synthetic_sine", "train": 64, "validation": 32, "test": 32}'; }

printf 'x,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n' >"$W/ok.csv"

case $group in
flags)
  expect "unknown preset, with a suggestion" "preset.*sine-shared-bottom" "$CLI" train --preset sine-shared-botom
  expect "--epochs beyond 32 bits" "^mtlx-cli: --epochs" "$CLI" train --preset sine-shared-bottom --epochs 4294967297
  expect "--epochs negative" "^mtlx-cli: --epochs" "$CLI" train --preset sine-shared-bottom --epochs -3
  expect "--seed not a number" "^mtlx-cli: --seed" "$CLI" train --preset sine-shared-bottom --seed x1
  expect "unknown option" "unknown option '--bogus'" "$CLI" train --preset sine-shared-bottom --bogus
  expect "flag without its value" "^mtlx-cli: --out: needs a value" "$CLI" train --preset sine-shared-bottom --out
  expect "unknown command" "unknown command 'frobnicate'" "$CLI" frobnicate
  expect "--set: a field of a method not chosen" "^mtlx-cli: training.dwa_temperature: unknown key" \
    "$CLI" train --preset census-6-ml-mmoe --set training.weighting=linear --set training.dwa_temperature=3 --out "$W/m"
  expect "--set: a csv data set switched to" "^mtlx-cli: dataset.kind: a csv data set names its file" \
    "$CLI" train --preset sine-shared-bottom --set dataset.kind=csv --out "$W/k"
  expect "--jobs 0" "^mtlx-cli: --jobs" "$CLI" sweep --preset sine-shared-bottom --jobs 0 --out "$W/j"
  expect "--shard I > N" "^mtlx-cli: --shard" "$CLI" sweep --preset sine-shared-bottom --shard 3/2 --out "$W/s"
  expect "--threads beyond 256" "^mtlx-cli: --threads" "$CLI" bench --preset bench-mmoe --threads 999
  expect "unknown reproduction" "reproduc.*sh-fig1a" "$CLI" reproduce no-such-figure --out "$W/r"
  expect "reproduce --only naming no experiment" "^mtlx-cli: --only: no experiment's name holds 'lenet'" \
    "$CLI" reproduce sh-fig1a --only lenet --out "$W/r"
  expect "--slurm-partition with a blank" "^mtlx-cli: --slurm-partition: 'a b' holds ' '" \
    "$CLI" sweep --preset sine-shared-bottom --slurm 2 --slurm-partition "a b" --out "$W/p"
  expect "--resume without a checkpoint" "^mtlx-cli: .*/checkpoint.pt: not found — nothing to resume" \
    "$CLI" train --resume "$W"
  printf 'not a checkpoint' >"$W/bad-checkpoint.pt" && mkdir -p "$W/badrun" && mv "$W/bad-checkpoint.pt" "$W/badrun/checkpoint.pt"
  expect "--resume from a file that is no checkpoint" "^mtlx-cli: .*badrun/checkpoint.pt: not a checkpoint" \
    "$CLI" train --resume "$W/badrun"
  expect "--resume with a spec" "^mtlx-cli: usage: mtlx-cli train --resume DIR" \
    "$CLI" train --resume "$W" --epochs 2
  expect "window: --step 5" "^mtlx: --step" "$GUI" --lesson 1 --step 5
  expect "window: --preference out of [0, 1]" "^mtlx: --preference: one value" "$GUI" "$W/none.json" --preference 1.5
  expect "window: --preference without a run" "^mtlx: --preference: needs a run's RESULT.json" "$GUI" --preference 0.3
  expect "inspect a folder without a run" "^mtlx-cli: .*/result.json" "$CLI" inspect "$W"
  expect "inspect --split other" "^mtlx-cli: --split: 'dev' is not test, validation or train" "$CLI" inspect "$W" --split dev
  expect "export without --pytorch" "^mtlx-cli: usage: mtlx-cli export DIR --pytorch FILE.pt" "$CLI" export "$W"
  expect "export --keys other" "^mtlx-cli: --keys: 'torch' is not reference or program" "$CLI" export "$W" --pytorch "$W/w.pt" --keys torch
  expect "export --sample 0" "^mtlx-cli: --sample" "$CLI" export "$W" --pytorch "$W/w.pt" --sample 0 "$W/s.json"
  expect "sweep --models other" "^mtlx-cli: --models: 'some' is not auto, all or none" "$CLI" sweep --preset sine-shared-bottom --models some --out "$W/m"
  expect "window: --inspect a folder without a run" "^mtlx: --inspect: .*result.json" "$GUI" --inspect "$W/empty" --quit-when-done
  expect "window: --lesson 9" "^mtlx: --lesson" "$GUI" --lesson 9
  expect "window: --compare-seeds 0" "^mtlx: --compare-seeds" "$GUI" --compare-seeds 0
  expect "window: unknown preset" "^mtlx: .*preset" "$GUI" --preset nope --quit-when-done
  ;;
spec)
  # specCase NAME FILE PATTERN: the spec text on stdin, written to FILE, trained by mtlx-cli.
  specCase() {
    cat >"$W/$2"
    expect "$1" "$3" "$CLI" train "$W/$2" --out "$W/out-$2"
  }
  echo '{"training": {"lr": -1}}' | specCase "value out of range" lr.json "^mtlx-cli: training.lr: must be > 0"
  echo '{"training": {"lrr": 0.1}}' | specCase "unknown key" key.json "training.lrr.*unknown key"
  printf '{"training": {"lr": 0.1,\n "lr": 0.2}}\n' | specCase "a key given twice" twice.json "twice.json.*training.lr.*twice"
  echo '{"training": {"lr": 1e999}}' | specCase "a number beyond double range" huge.json "huge.json:1: not valid JSON"
  printf '{"training":\n {"lr": 0.1,,}}\n' | specCase "JSON syntax error with its line" syntax.json "syntax.json:2: not valid JSON"
  printf '{"a\\nb": 1}\n' | specCase "a key holding a newline stays one line" newline.json 'a\\nb'
  echo '{"dataset": {"kind": "random", "dim": 100000}, "model": {"arch": "mmoe", "experts": 256, "expert_dims": [[100000, 100000]]}}' |
    specCase "a model that cannot fit in memory" big.json "^mtlx-cli: model.expert_dims: .*needs about"
  python3 -c 'print("[" * 100000 + "]" * 100000)' | specCase "nested 100,000 levels deep" deep.json "deep.json:1: nested more than 64 levels"
  echo '{"training": {"task_weights": [1, 2, 3]}}' |
    specCase "task weights for other tasks" weights.json "training.task_weights: has 3 weights for 2 tasks"
  echo '{"model": {"towers": [8, 0]}}' | specCase "a list element out of range" tower.json "model.towers\[1\]"
  echo '{"training": {"weighting": "mgda_ub", "preference": {"method": "cosmos"}}}' |
    specCase "a preference-conditioned model with a gradient method" cosmos.json "training.preference.method: 'cosmos' weighs"
  echo '{"training": {"preference": {"method": "cosmos", "lamda": 2}}}' |
    specCase "a misspelt preference key" lamda.json "training.preference.lamda.*unknown key"
  echo '{"training": {"preference": {"method": "cosmos", "alpha": 0}}}' |
    specCase "a Dirichlet α of 0" alpha.json "training.preference.alpha: must be > 0"
  echo '{"training": {"preference": {"method": "cosmos", "input": "channels"}}}' |
    specCase "the preference as image channels without conv layers" channels.json "training.preference.input: unknown key"
  expect "a spec file that is not there" "nothere.json" "$CLI" train "$W/nothere.json" --out "$W/o10"
  expect "window: a bad spec file" "^mtlx: training.lr" "$GUI" "$W/lr.json" --quit-when-done
  ;;
data)
  sed 's/^3,0$/abc,0/' "$W/ok.csv" >"$W/word.csv"
  sed 's/^3,0$/1e300,0/' "$W/ok.csv" >"$W/huge.csv"
  sed 's/^3,0$/nan,0/' "$W/ok.csv" >"$W/nan.csv"
  sed 's/^3,0$/3,7/' "$W/ok.csv" >"$W/label.csv"
  sed 's/^3,0$/"3,0/' "$W/ok.csv" >"$W/quote.csv"
  sed 's/^3,0$/3,0,9/' "$W/ok.csv" >"$W/fields.csv"
  printf 'x,y,x\n1,0,1\n' >"$W/dup.csv"
  csvSpec "$W/c1.json" "$W/ok.csv" nope
  csvSpec "$W/c2.json" "$W/word.csv" y
  csvSpec "$W/c3.json" "$W/huge.csv" y
  csvSpec "$W/c4.json" "$W/nan.csv" y
  csvSpec "$W/c5.json" "$W/label.csv" y
  csvSpec "$W/c6.json" "$W/label.csv" y ', "kind": "multiclass", "classes": 3'
  csvSpec "$W/c7.json" "$W/quote.csv" y
  csvSpec "$W/c8.json" "$W/fields.csv" y
  csvSpec "$W/c9.json" "$W/dup.csv" y
  csvSpec "$W/c10.json" "$W/missing.csv" y
  expect "CSV: no such task column" "ok.csv: .*nope" "$CLI" train "$W/c1.json" --out "$W/o1"
  expect "CSV: a word in a numeric column" "word.csv:4: column 'x': 'abc' is not a number" "$CLI" train "$W/c2.json" --out "$W/o2"
  expect "CSV: beyond float range" "huge.csv:4: column 'x': '1e300' is beyond the range" "$CLI" train "$W/c3.json" --out "$W/o3"
  expect "CSV: NaN" "nan.csv:4: column 'x': 'nan' is not a number" "$CLI" train "$W/c4.json" --out "$W/o4"
  expect "CSV: binary label not 0 or 1" "label.csv:4: column 'y': '7' is not 0 or 1" "$CLI" train "$W/c5.json" --out "$W/o5"
  expect "CSV: class out of range" "label.csv:4: column 'y': '7' is not a class" "$CLI" train "$W/c6.json" --out "$W/o6"
  expect "CSV: unterminated quote" "quote.csv:4" "$CLI" train "$W/c7.json" --out "$W/o7"
  expect "CSV: a line with another field count" "fields.csv:4" "$CLI" train "$W/c8.json" --out "$W/o8"
  expect "CSV: a column named twice" "dup.csv.*'x'" "$CLI" train "$W/c9.json" --out "$W/o9"
  expect "CSV: no such file" "missing.csv" "$CLI" train "$W/c10.json" --out "$W/o10"
  # A categorical column of 200,000 distinct ids, one-hot: ~160 GB, refused before allocating.
  awk 'BEGIN { print "id,y"; for (i = 0; i < 200000; i++) print "u" i "," i % 2 }' >"$W/ids.csv"
  printf '{"dataset": {"kind": "csv", "path": "%s", "categorical": ["id"], "tasks": [{"column": "y"}]},
 "model": {"arch": "shared_bottom", "bottom": [4], "towers": []}, "training": {"epochs": 1}}\n' "$W/ids.csv" >"$W/ids.json"
  expect "CSV: a one-hot encoding beyond memory" "ids.csv: encoding .* rows as .* features needs .*'id' alone has" \
    "$CLI" train "$W/ids.json" --out "$W/o11"
  for s in c1 c2 c3; do
    expect "window: bad CSV ($s) with --quit-when-done" "^mtlx: .*\.csv" "$GUI" "$W/$s.json" --train --quit-when-done
  done
  mkdir -p "$W/none"
  expect "census not found anywhere" "census-income.*not found in" env -u MTLX_DATA_DIR "$CLI" train --preset census-mmoe \
    --data-dir "$W/none" --out "$W/o12"
  if needData adult "Adult cases"; then
    mkdir -p "$W/a1/adult" "$W/a2/adult" "$W/a3/adult" "$W/a4/adult"
    zcat "$DATA/adult/adult.data.gz" >"$W/a1/adult/adult.data"
    cp "$DATA/adult/adult.test.gz" "$W/a1/adult/"
    cp -r "$W/a1/adult/." "$W/a2/adult/"
    sed -i '17s/<=50K$/maybe/;17s/>50K$/maybe/' "$W/a1/adult/adult.data"
    sed -i '17s/, [^,]*$//' "$W/a2/adult/adult.data"
    expect "Adult: an income label neither class" "adult.data:17: .*maybe" "$CLI" train --preset adult-mmoe \
      --data-dir "$W/a1" --epochs 1 --out "$W/o13"
    expect "Adult: a line with 14 fields" "adult.data:17: expected 15 fields, found 14" "$CLI" train --preset adult-mmoe \
      --data-dir "$W/a2" --epochs 1 --out "$W/o14"
    mkdir -p "$W/a3/adult/adult.data.gz" && cp "$DATA/adult/adult.test.gz" "$W/a3/adult/"
    expect "Adult: a folder where the file belongs" "adult.data.gz: is a folder" "$CLI" train --preset adult-mmoe \
      --data-dir "$W/a3" --epochs 1 --out "$W/o15"
    ln -s "$W/gone" "$W/a4/adult/adult.data.gz" && cp "$DATA/adult/adult.test.gz" "$W/a4/adult/"
    expect "Adult: a broken link where the file belongs" "adult.data.gz: is a broken symbolic link" "$CLI" train \
      --preset adult-mmoe --data-dir "$W/a4" --epochs 1 --out "$W/o16"
    expect "window: Adult label, --quit-when-done" "^mtlx: .*adult.data:17" "$GUI" --preset adult-mmoe --data-dir "$W/a1" \
      --epochs 1 --train --quit-when-done
  fi
  if needData mnist "MNIST cases"; then
    for d in m1 m2 m3 m4; do mkdir -p "$W/$d/mnist" && cp "$DATA"/mnist/*.gz "$W/$d/mnist/"; done
    head -c 5000 "$DATA/mnist/t10k-images-idx3-ubyte.gz" >"$W/m1/mnist/t10k-images-idx3-ubyte.gz"
    printf '\x00\x00\x08\x02\x00\x00\x27\x10' | gzip >"$W/m2/mnist/t10k-labels-idx1-ubyte.gz"
    python3 - "$W/m3/mnist/t10k-labels-idx1-ubyte.gz" <<'P'
import gzip, sys
with gzip.open(sys.argv[1], "wb", compresslevel=9) as f:
    f.write(b"\x00\x00\x08\x01\x00\x00\x27\x10"); z = b"\0" * (1 << 24)
    for _ in range(64): f.write(z)
P
    rm "$W/m4/mnist/t10k-labels-idx1-ubyte.gz" && mkfifo "$W/m4/mnist/t10k-labels-idx1-ubyte.gz"
    mm=("$CLI" train --preset multimnist-small --limit-train 10 --limit-test 10 --epochs 1 --out "$W/o-mnist" --data-dir)
    expect "MNIST: truncated gzip" "t10k-images-idx3-ubyte.gz: truncated gzip" "${mm[@]}" "$W/m1"
    expect "MNIST: bad IDX magic" "t10k-labels-idx1-ubyte.gz: bad IDX magic number" "${mm[@]}" "$W/m2"
    expect "MNIST: 1 GiB of zeros behind a 10,000-label header" \
      "t10k-labels-idx1-ubyte.gz: (decompresses to|holds) more than .*IDX header promises 10008 bytes" "${mm[@]}" "$W/m3"
    expect "MNIST: a pipe where the file belongs" "t10k-labels-idx1-ubyte.gz: is not a regular file" "${mm[@]}" "$W/m4"
  fi
  ;;
sweep)
  printf '{"name": "tiny", %s, "model": {"arch": "shared_bottom", "bottom": [8], "towers": [4]}, "sweep": {"points": 3}}\n' \
    "$(tinyTrain)" >"$W/tiny.json"
  "$CLI" sweep "$W/tiny.json" --out "$W/sw" >"$W/sw.log" 2>&1 || { echo "FAIL the tiny sweep did not run: $(tail -2 "$W/sw.log")"; exit 1; }
  # Lines of runs.jsonl with a wrong type are skipped with a warning naming the line, not an internal error.
  cp -r "$W/sw" "$W/typed"
  python3 - "$W/typed/runs.jsonl" <<'P'
import json, sys
p = sys.argv[1]; lines = [json.loads(l) for l in open(p)]
lines[0]["status"] = None; lines[1]["finished_at"] = 12345
open(p, "w").write("".join(json.dumps(l) + "\n" for l in lines))
P
  for c in frontier compare; do
    timeout 120 "$CLI" $c "$W/typed" >"$W/$c.out" 2>"$W/$c.err"
    rc=$?
    check "$c on runs.jsonl lines of wrong types: exit 0, lines 1 and 2 skipped by number" \
      bash -c "[ $rc = 0 ] && grep -q 'runs.jsonl:1: skipped' '$W/$c.err' && grep -q 'runs.jsonl:2: skipped' '$W/$c.err'"
  done
  timeout 120 "$CLI" merge "$W/merged" "$W/typed" >"$W/merge.out" 2>"$W/merge.err"
  check "merge on runs.jsonl lines of wrong types keeps the good line" bash -c "[ $? = 0 ] && [ \$(wc -l <'$W/merged/runs.jsonl') = 1 ]"
  cp -r "$W/sw" "$W/fifo" && rm "$W/fifo/runs.jsonl" && mkfifo "$W/fifo/runs.jsonl"
  expect "frontier: runs.jsonl a pipe (it used to hang)" "runs.jsonl: is not a regular file" "$CLI" frontier "$W/fifo"
  expect "sweep: runs.jsonl a pipe" "runs.jsonl: is not a regular file" "$CLI" sweep "$W/tiny.json" --out "$W/fifo"
  mkdir -p "$W/notsweep"
  expect "frontier on a folder without sweep.json" "notsweep: not a sweep folder" "$CLI" frontier "$W/notsweep"
  expect "train: a sweep folder as the spec" "^mtlx-cli: .*/sw: a folder, not a spec file \(a sweep folder: its spec is sweep.json" \
    "$CLI" train "$W/sw" --out "$W/again"
  expect "train: a sweep's frontier.json as the spec" "^mtlx-cli: .*frontier.json: a sweep's frontier.json, not a spec" \
    "$CLI" train "$W/sw/frontier.json" --out "$W/again"
  # compare: sweeps of two data set kinds are not compared.
  sed 's/"kind": "synthetic_sine"/"kind": "synthetic_correlated"/' "$W/tiny.json" >"$W/tiny-corr.json"
  if "$CLI" sweep "$W/tiny-corr.json" --out "$W/swc" >/dev/null 2>&1; then
    expect "compare: sweeps of two data sets" "^mtlx-cli: .*swc: trained on dataset.kind synthetic_correlated, .*/sw on synthetic_sine" \
      "$CLI" compare "$W/sw" "$W/swc"
  else
    fail=$((fail + 1)) && echo "FAIL the correlated tiny sweep did not run"
  fi
  # The window opens a sweep folder given on its command line (exit 0 when it reads).
  timeout 120 "$GUI" "$W/sw" --view pareto --quit-when-done >/dev/null 2>"$W/gui-sw.err"
  check "window: a sweep folder on the command line opens" bash -c "[ $? = 0 ]"
  sed 's/"points": 3/"points": 4/' "$W/tiny.json" >"$W/tiny4.json"
  "$CLI" sweep "$W/tiny4.json" --out "$W/sw4" >/dev/null 2>&1
  expect "merge of two different sweeps" "a shard of another sweep" "$CLI" merge "$W/m" "$W/sw" "$W/sw4"
  sed 's/"epochs": 1/"epochs": 2/' "$W/tiny.json" >"$W/tiny-e2.json"
  expect "sweep into a folder of another spec" "sweep.json: this folder holds a sweep of another spec \(training.epochs: 1 there, 2 here\)" \
    "$CLI" sweep "$W/tiny-e2.json" --out "$W/sw"
  printf '{"dataset": {"kind": "random", "dim": 4, "binary_tasks": 12}, "model": {"arch": "shared_bottom", "bottom": [4]}, "sweep": {"points": 40}}\n' >"$W/grid.json"
  expect "a 12-task grid of 40 points, counted not built" "sweep.points: 40 points over 12 tasks make 37353738800 task weightings" \
    "$CLI" sweep "$W/grid.json" --out "$W/grid"
  check "the refused grid left no folder behind" test ! -e "$W/grid"
  expect "slurm: --out with a blank" "^mtlx-cli: --out: .* holds ' '" "$CLI" sweep "$W/tiny.json" --slurm 2 --out "$W/with blank"
  printf '{"name": "x\\necho INJECTED", %s, "model": {"arch": "shared_bottom", "bottom": [8], "towers": [4]}, "sweep": {"points": 3}}\n' \
    "$(tinyTrain)" >"$W/inject.json"
  "$CLI" sweep "$W/inject.json" --slurm 2 --out "$W/inj" >/dev/null 2>&1
  check "slurm: a name holding a newline cannot add a line to the job scripts" \
    bash -c "! grep -h '^echo INJECTED' '$W'/inj/slurm/*.sbatch && grep -q '^#SBATCH --job-name=mtlx-x-echo-INJECTED$' '$W/inj/slurm/sweep.sbatch'"
  ;;
window)
  # A run without a front opened at a preference.
  echo "{$(tinyTrain)}" >"$W/tiny.json"
  "$CLI" train "$W/tiny.json" --out "$W/plain" >/dev/null 2>&1
  expect "window: --preference on a run without a front" "^mtlx: .*result.json: --preference needs a preference-conditioned run" \
    "$GUI" "$W/plain/result.json" --preference 0.3 --quit-when-done
  # A result.json of the wrong shape: the field is named, in the window and in the inspector.
  for bad in 'r["status"] = 3' 'r["history"] = {}' 'r["history"][0]["epoch"] = "one"' 'r["probes"] = "none"'; do
    mkdir -p "$W/shape" && cp "$W/plain/model.pt" "$W/shape/"
    python3 -c "import json, sys; r = json.load(open(sys.argv[1])); $bad; json.dump(r, open(sys.argv[2], 'w'))" \
      "$W/plain/result.json" "$W/shape/result.json"
    field=$(echo "$bad" | sed -E 's/^r\["([a-z]+)"\](\[0\]\["([a-z]+)"\])?.*/\1/')
    expect "window: result.json with $bad" "^mtlx: .*shape/result.json: not a result.json \($field(\[0\])?: " \
      "$GUI" "$W/shape/result.json" --quit-when-done
    expect "inspect: result.json with $bad" "^mtlx-cli: .*shape/result.json: $field(\[0\])?: " "$CLI" inspect "$W/shape"
  done
  # A corrupt model.pt: the inspector says so and the window exits 2 with the reason.
  mkdir -p "$W/corrupt" && cp "$W/plain/result.json" "$W/corrupt/" && head -c 100 "$W/plain/model.pt" >"$W/corrupt/model.pt"
  expect "window: --inspect a corrupt model.pt" "^mtlx: .*model.pt" \
    "$GUI" --inspect "$W/corrupt" --screenshot "$W/corrupt.png" --quit-when-done
  # A run's result.json or a sweep folder where a spec belongs: said, not "not valid JSON".
  expect "train: a run's result.json as the spec" "^mtlx-cli: .*plain/result.json: a run's result.json, not a spec" \
    "$CLI" train "$W/plain/result.json" --out "$W/again"
  expect "train: a run folder as the spec" "^mtlx-cli: .*plain: a folder, not a spec file \(a run folder" \
    "$CLI" train "$W/plain" --out "$W/again"
  expect "window: a folder that is no sweep" "^mtlx: .*plain/result.json: a run without a front.*not a sweep folder" "$GUI" "$W/plain" --quit-when-done
  # A corrupt workspace: the window says so (exit 2 with --quit-when-done), never aborts.
  printf '{"format": "mtlx-workspace", "spec": {}, "runs": [}\n' >"$W/syntax.mtlxw"
  expect "window: workspace with a JSON error" "^mtlx: .*syntax.mtlxw:1: not valid JSON" "$GUI" --workspace "$W/syntax.mtlxw" --quit-when-done
  printf '{"format": "mtlx-workspace", "spec": {}, "runs": "all"}\n' >"$W/runs.mtlxw"
  expect "window: workspace runs of the wrong type" "^mtlx: .*runs.mtlxw: runs: is a string, expected an array" "$GUI" --workspace "$W/runs.mtlxw" --quit-when-done
  printf '{"format": "mtlx-workspace", "spec": {}, "runs": [], "window_state": 7}\n' >"$W/state.mtlxw"
  expect "window: workspace window_state a number" "^mtlx: .*window_state: is a number" "$GUI" --workspace "$W/state.mtlxw" --quit-when-done
  printf '{"format": "mtlx-workspace", "spec": {}, "runs": [{"path": 3}]}\n' >"$W/path.mtlxw"
  expect "window: workspace run path a number" "^mtlx: .*runs\[0\]\.path: is a number" "$GUI" --workspace "$W/path.mtlxw" --quit-when-done
  python3 -c 'print("{\"format\": \"mtlx-workspace\", \"spec\": " + "[" * 200000 + "]" * 200000 + "}")' >"$W/deep.mtlxw"
  expect "window: workspace nested 200,000 deep" "^mtlx: .*deep.mtlxw:1: nested more than" "$GUI" --workspace "$W/deep.mtlxw" --quit-when-done
  expect "window: a bad workspace is not trained over" "^mtlx: .*runs.mtlxw: runs: is a string" \
    "$GUI" --workspace "$W/runs.mtlxw" --train --quit-when-done
  printf '{"format": "mtlx-workspace", "spec": {"training": {"lr": -1}}}\n' >"$W/spec.mtlxw"
  expect "window: workspace with a bad spec" "^mtlx: .*spec.mtlxw: training.lr" "$GUI" --workspace "$W/spec.mtlxw" --quit-when-done
  ;;
disk)
  # A real full disk: a 2 MiB tmpfs, mounted in a mount namespace of this script's own (the
  # script runs itself there as group disk-inside).
  if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
    echo "skip: a full disk needs root and a private mount namespace here"
    exit 77
  fi
  unshare -m bash "$0" disk-inside "$CLI" "$GUI"
  exit $?
  ;;
disk-inside)
  mkdir -p "$W/full" && mount -t tmpfs -o size=2m tmpfs "$W/full" || exit 77
  trap 'umount "$W/full" 2>/dev/null; rm -rf "$W"' EXIT
  # train: the run finishes, result.json cannot be written: exit 2 naming the path and the reason,
  # no temporary left, the result kept in TMPDIR.
  mkdir -p "$W/full/run" "$W/tmp"
  dd if=/dev/zero of="$W/full/filler" bs=64k 2>/dev/null
  TMPDIR="$W/tmp" expectLast "train: result.json on a full disk" \
    "full/run/result.json: write failed \(No space left on device\); the result is kept in .*/tmp/mtlx-result-[0-9]+.json instead" \
    "$CLI" train --preset sine-shared-bottom --epochs 1 --limit-train 256 --out "$W/full/run"
  check "train: no temporary left beside result.json" test -z "$(ls -A "$W/full/run")"
  kept=$(ls "$W"/tmp/mtlx-result-*.json 2>/dev/null | head -1)
  check "train: the finished result kept in TMPDIR" test -n "$kept" -a "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$kept" 2>/dev/null)" = ok
  rm -f "$W/full/filler"
  # sweep: the disk fills while runs are appended; every run appended before stays readable.
  printf '{"name": "fill", %s, "model": {"arch": "shared_bottom", "bottom": [8], "towers": [4]}, "probe": {"bins": 1000}, "sweep": {"points": 200}}\n' \
    "$(tinyTrain)" >"$W/fill.json"
  # (or while a run's kept model is written: models/pointP-seedS/, after its line in runs.jsonl)
  expectLast "sweep: the disk fills while runs are appended" \
    "(runs\.(jsonl|claims)|models/point[0-9]+-seed[0-9]+/(result\.json|model\.pt)|checkpoints/stack-[0-9a-f]+\.pt): write failed \(No space left on device\)" \
    "$CLI" sweep "$W/fill.json" --out "$W/full/sweep" --stack 1 --jobs 1
  cp -r "$W/full/sweep" "$W/kept"
  n=$(grep -c . "$W/kept/runs.jsonl")
  check "sweep: $n runs appended before the disk filled, all there" test "$n" -ge 1 -a "$n" -lt 200
  "$CLI" frontier "$W/kept" >"$W/kept.out" 2>"$W/kept.err"
  check "sweep: every appended run reads back (frontier exit 0, no line skipped)" \
    bash -c "[ $? = 0 ] && ! grep -q skipped '$W/kept.err'"
  check "sweep: no temporary left in the sweep folder" bash -c "! ls '$W/full/sweep' | grep -q tmp"
  # frontier, merge and reproduce on a full disk: exit 2 and the reason, not an internal error.
  dd if=/dev/zero of="$W/full/filler" bs=64k 2>/dev/null
  expect "frontier: frontier.json on a full disk" "frontier.json: write failed \(No space left on device\)" \
    "$CLI" frontier "$W/full/sweep"
  expectLast "merge: into a full disk" "write failed \(No space left on device\)" "$CLI" merge "$W/full/merged" "$W/kept"
  expectLast "reproduce: the report on a full disk" "No space left on device" \
    "$CLI" reproduce sh-fig1a --report-only --out "$W/full/repro"
  ;;
*)
  echo "run-errors.sh: unknown group '$group'" >&2
  exit 2
  ;;
esac

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
