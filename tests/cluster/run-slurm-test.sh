#!/usr/bin/env bash
# ctest -L cluster: a sweep as a Slurm job array on a real single-node Slurm (docs/cluster.md).
#   run-slurm-test.sh MTLX_CLI
# Starts munged, slurmctld and slurmd in a scratch folder with their own configuration
# (loopback only, proctrack/linuxproc, no cgroups), then:
#  1. submits a 4-shard sweep with the scripts `mtlx-cli sweep --slurm 4` writes, waits for the
#     array and the merge job, and checks the merged frontier against the same sweep run here;
#  2. submits a longer one, cancels one array task while it trains, checks that the merge job
#     never ran, resubmits that task (submit.sh I) and checks that the sweep finishes with every
#     run once: nothing lost, nothing duplicated, the same frontier as run here.
# Stops every daemon it started, by pid. Exit 77 (ctest: skipped) where it cannot run.
set -euo pipefail
CLI=$1
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "the Slurm daemons need root (slurmd starts jobs as their user)"
for c in munged slurmctld slurmd sbatch squeue sinfo scancel; do
  command -v $c >/dev/null || skip "$c is missing (packaging/install-deps.sh installs slurm-wlm and munge)"
done
S=$(mktemp -d /tmp/mtlx-slurm.XXXXXX)
chmod 755 "$S"
PIDS=()
stop() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$S"
}
trap stop EXIT
fail() { echo "FAIL: $*"; for f in "$S"/slurmctld.log "$S"/slurmd.log; do [ -f "$f" ] && tail -5 "$f"; done; exit 1; }

# munge, with its own key and socket.
dd if=/dev/urandom of="$S/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$S/munge.key"
munged -F -f --socket="$S/munge.socket" --key-file="$S/munge.key" --log-file="$S/munged.log" \
  --pid-file="$S/munged.pid" --seed-file="$S/munged.seed" >"$S/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$S/munge.socket" ] && break; sleep 0.1; done
[ -S "$S/munge.socket" ] || fail "munged did not start: $(cat "$S/munged.out")"

# Slurm: one node (this machine) of its CPUs, on ports of its own.
H=$(hostname -s)
CPUS=$(nproc)
PORT=${MTLX_SLURM_PORT:-16817}
mkdir -p "$S/state" "$S/spool"
cat >"$S/slurm.conf" <<CONF
ClusterName=mtlxtest
SlurmctldHost=$H(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$S/munge.socket
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
SchedulerParameters=kill_invalid_depend
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$H NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$S/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$S/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" >"$S/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.2; done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] || fail "the node did not come up: $(sinfo 2>&1 | tail -2)"
echo "slurm up: node $H, $CPUS CPUs, daemons ${PIDS[*]}"

wait_empty() {  # wait_empty SECONDS: until no job of ours is queued or running
  for _ in $(seq $(($1 * 5))); do [ -z "$(squeue -h 2>/dev/null)" ] && return 0; sleep 0.2; done
  fail "jobs still queued after $1 s: $(squeue 2>&1)"
}
wait_running_done() {  # wait_running_done SECONDS: until nothing runs (pending jobs may stay)
  for _ in $(seq $(($1 * 5))); do [ -z "$(squeue -h -t RUNNING,CONFIGURING,COMPLETING 2>/dev/null)" ] && return 0; sleep 0.2; done
  fail "jobs still running after $1 s: $(squeue 2>&1)"
}
same_frontier() {  # same_frontier WHOLE MERGED: the same points (weights and objectives) and hypervolume
  python3 - "$1/frontier.json" "$2/frontier.json" <<'PY' || fail "the merged frontier differs from the sweep run here"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
pa = sorted((tuple(p["task_weights"]), p["seed"], tuple(p["values"])) for p in a["points"])
pb = sorted((tuple(p["task_weights"]), p["seed"], tuple(p["values"])) for p in b["points"])
assert pa == pb, (pa, pb)
assert a["hypervolume"] == b["hypervolume"], (a["hypervolume"], b["hypervolume"])
PY
}

# 1. A 4-shard sweep through the generated scripts.
args=(--preset sine-shared-bottom --points 4 --seeds 1 --epochs 1 --limit-train 2000 --limit-test 500)
"$CLI" sweep "${args[@]}" --out "$S/whole" >/dev/null 2>&1 || fail "the sweep here failed"
"$CLI" sweep "${args[@]}" --out "$S/array" --slurm 4 >"$S/gen.log" || fail "sweep --slurm failed: $(cat "$S/gen.log")"
start=$(date +%s.%N)
bash "$S/array/slurm/submit.sh" || fail "submit.sh failed"
wait_empty 300
end=$(date +%s.%N)
[ -f "$S/array/frontier.json" ] || fail "the merge job wrote no frontier: $(cat "$S"/array/slurm/logs/merge-*.out 2>&1 | tail -3)"
same_frontier "$S/whole" "$S/array"
echo "ok: 4-shard array + merge in $(python3 -c "print(round($end - $start, 1))") s, the frontier of the sweep run here"

# 2. One array task cancelled while it trains, then resubmitted alone.
# --stack 1: a shard trains its runs one after another, so one can be cut off between two.
args=(--preset sine-shared-bottom --points 8 --seeds 1 --epochs 4 --limit-train 8000 --limit-test 500)
"$CLI" sweep "${args[@]}" --out "$S/whole2" >/dev/null 2>&1 || fail "the second sweep here failed"
"$CLI" sweep "${args[@]}" --out "$S/array2" --slurm 4 --stack 1 >/dev/null || fail "sweep --slurm failed"
out=$(bash "$S/array2/slurm/submit.sh")
job=$(echo "$out" | sed -n 's/^array \([0-9]*\),.*/\1/p')
shard="$S/array2/shards/shard-2/runs.jsonl"
for _ in $(seq 1500); do [ -s "$shard" ] && break; sleep 0.2; done
[ -s "$shard" ] || fail "task 2 wrote no run"
state=$(squeue -h -j "${job}_2" -o %T 2>/dev/null || true)
[ "$state" = RUNNING ] || fail "task 2 ended before it could be cancelled (state '$state'); make its runs longer"
scancel "${job}_2"
done_before=$(wc -l <"$shard")
echo "cancelled task 2 of array $job after $done_before of its 2 runs"
wait_running_done 600
# The merge job waits for a dependency that can never be met now: it must not have run.
[ ! -f "$S/array2/runs.jsonl" ] || fail "the merge job ran although a task of its array failed"
for _ in $(seq 150); do
  reason=$(squeue -h -o %r 2>/dev/null | head -1)
  [ "$reason" = DependencyNeverSatisfied ] && break
  sleep 0.2
done
[ "$reason" = DependencyNeverSatisfied ] || fail "the merge job should wait for a failed dependency, not '$reason'"
scancel $(squeue -h -o %i)
wait_empty 60
bash "$S/array2/slurm/submit.sh" 2 >/dev/null || fail "resubmitting task 2 failed"
wait_empty 600
[ -f "$S/array2/frontier.json" ] || fail "no merge after the resubmission: $(cat "$S"/array2/slurm/logs/merge-*.out 2>&1 | tail -3)"
python3 - "$S/array2/runs.jsonl" "$S/array2/shards" <<'PY' || fail "runs lost or duplicated"
import json, sys, glob
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
keys = [(tuple(l["task_weights"]), l["spec"]["training"]["seed"]) for l in lines]
assert len(keys) == 8 and len(set(keys)) == 8, keys  # every run, once
for f in glob.glob(sys.argv[2] + "/shard-*/runs.jsonl"):
    k = [(tuple(json.loads(l)["task_weights"])) for l in open(f) if l.strip()]
    assert len(k) == len(set(k)), (f, k)
PY
same_frontier "$S/whole2" "$S/array2"
[ "$(wc -l <"$shard")" = 2 ] || fail "shard 2 holds $(wc -l <"$shard") lines, not its 2 runs"
echo "ok: the task cancelled after $done_before of 2 runs resumed when resubmitted; 8 of 8 runs, none twice, the frontier of the sweep run here"
