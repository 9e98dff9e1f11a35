#!/usr/bin/python3
"""mtlx-cli against plain PyTorch (Python) on the same machine, in one run.

    /usr/bin/python3 tests/bench/compare.py [--cli build/app/mtlx-cli] [--steps 50] [--repeats 3]
                                            [--threads N] [--gui build/tests/bench/mtlx-bench-gui]
                                            [--no-sweep] [--json FILE]

1. Training throughput. For each bench preset it runs `mtlx-cli bench` and
   tests/bench/pytorch_reference.py in alternation (--repeats times each, median kept), the
   reference twice: as it starts and with GLIBC_TUNABLES set to the allocator settings mtlx uses
   (core/engine/allocator.cpp); the ratio is taken against the faster of the two. It checks that
   both built the same number of parameters and prints examples/s, the ratio, and the fraction
   of the machine's float32 matrix-product peak each reaches (training FLOPs ≈ 3 × the forward
   Linear FLOPs).
2. Stacked training: `mtlx-cli bench --stack S --jobs J --threads 1` on sine-towers3 with the
   layout a sweep of 11 runs takes on this machine, as a fraction of the peak.
3. A whole sweep: `mtlx-cli sweep` of sine-towers3 (11 weights, 1 seed, 3 epochs of 20,000) against
   tests/bench/pytorch_sweep.py (one model per weight, in turn on every core or on one worker
   process per core, each plain and with GLIBC_TUNABLES; the fastest counts); wall times and
   both middle points' test MSE.
With --gui it also runs the desktop program's throughput harness (all live views open) and
prints its ratio to mtlx-cli on the same spec. --json FILE writes every number.
Exit status 1 when a goal (docs/performance.md) is missed.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pytorch_reference  # noqa: E402

GOALS = {"sine-shared-bottom": 1.5, "bench-mmoe": 1.0, "bench-adatt": 1.5}
GUI_GOAL = 0.9
STACKED_PEAK_GOAL = 0.5
SWEEP_GOAL = 3.0
# The allocator settings of core/engine/allocator.cpp, for the reference.
TUNABLES = ("glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824:"
            "glibc.malloc.arena_max=1")
SWEEP_RUNS = 11


def run_json(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def tuned_env():
    env = dict(os.environ)
    env["GLIBC_TUNABLES"] = TUNABLES
    return env


def write_preset(cli, preset, tmp):
    path = os.path.join(tmp, preset + ".json")
    with open(path, "w") as f:
        f.write(subprocess.run([cli, "preset", preset], check=True, capture_output=True, text=True).stdout)
    with open(path) as f:
        return path, json.load(f)


def throughput(a, tmp, peak, report):
    print(f"{'preset':<20}{'mtlx-cli ex/s':>14}{'PyTorch ex/s':>14}{'(tuned)':>10}{'ratio':>8}{'goal':>7}"
          f"{'mtlx % peak':>13}{'PyTorch % peak':>16}")
    ok = True
    for preset in a.presets.split(","):
        spec_path, _ = write_preset(a.cli, preset, tmp)
        ours, plain, tuned = [], [], []
        ref_cmd = [sys.executable, os.path.join(HERE, "pytorch_reference.py"), spec_path, "--steps", str(a.steps),
                   "--warmup", str(a.warmup), "--threads", str(a.threads)]
        for _ in range(a.repeats):
            ours.append(run_json([a.cli, "bench", spec_path, "--steps", str(a.steps), "--warmup", str(a.warmup),
                                  "--threads", str(a.threads)]))
            plain.append(run_json(ref_cmd))
            tuned.append(run_json(ref_cmd, tuned_env()))
        if ours[0]["params"]["training"] != plain[0]["params"]:
            print(f"{preset}: parameter counts differ: mtlx {ours[0]['params']['training']}, "
                  f"PyTorch {plain[0]['params']} — not the same model", file=sys.stderr)
            sys.exit(2)
        mine = statistics.median(r["examples_per_second"] for r in ours)
        ref_plain = statistics.median(r["examples_per_second"] for r in plain)
        ref_tuned = statistics.median(r["examples_per_second"] for r in tuned)
        ref = max(ref_plain, ref_tuned)
        flops = 3 * plain[0]["forward_flops_per_example"]  # forward + two backward products
        ratio = mine / ref
        goal = GOALS.get(preset, 1.0)
        ok = ok and ratio >= goal
        report["presets"][preset] = {
            "mtlx_examples_per_second": mine, "pytorch_examples_per_second": ref_plain,
            "pytorch_tuned_examples_per_second": ref_tuned, "ratio": ratio, "goal": goal,
            "params": plain[0]["params"], "training_flops_per_example": flops,
            "mtlx_fraction_of_peak": mine * flops / (peak * 1e9), "pytorch_fraction_of_peak": ref * flops / (peak * 1e9),
            "mtlx_runs": [r["examples_per_second"] for r in ours],
            "pytorch_runs": [r["examples_per_second"] for r in plain],
            "pytorch_tuned_runs": [r["examples_per_second"] for r in tuned]}
        r = report["presets"][preset]
        print(f"{preset:<20}{mine:>14.0f}{ref_plain:>14.0f}{ref_tuned:>10.0f}{ratio:>7.2f}×{goal:>6.1f}×"
              f"{100 * r['mtlx_fraction_of_peak']:>12.0f}%{100 * r['pytorch_fraction_of_peak']:>15.0f}%")
    return ok


def stacked(a, tmp, peak, report):
    """Training as a sweep of SWEEP_RUNS runs trains by default: J jobs of one thread, stacks of S."""
    spec_path, _ = write_preset(a.cli, "sine-towers3", tmp)
    jobs = min(os.cpu_count(), SWEEP_RUNS)
    stack = -(-SWEEP_RUNS // jobs)
    runs = [run_json([a.cli, "bench", spec_path, "--steps", str(4 * a.steps), "--warmup", str(a.warmup),
                      "--threads", "1", "--stack", str(stack), "--jobs", str(jobs)]) for _ in range(a.repeats)]
    rate = statistics.median(r["examples_per_second"] for r in runs)
    flops = 3 * pytorch_reference.linear_flops(pytorch_reference.build(json.load(open(spec_path))),
                                               json.load(open(spec_path))["dataset"]["dim"])
    fraction = rate * flops / (peak * 1e9)
    report["stacked"] = {"preset": "sine-towers3", "stack": stack, "jobs": jobs, "threads": 1,
                         "examples_per_second": rate, "fraction_of_peak": fraction, "goal": STACKED_PEAK_GOAL}
    print(f"stacked training, sine-towers3, {jobs} jobs × stacks of {stack} (one thread each): {rate:.0f} ex/s "
          f"= {100 * fraction:.0f} % of the peak (goal {100 * STACKED_PEAK_GOAL:.0f} %)")
    return fraction >= STACKED_PEAK_GOAL


def sweep(a, tmp, report):
    spec_path, _ = write_preset(a.cli, "sine-towers3", tmp)
    out = os.path.join(tmp, "sweep")
    start = time.perf_counter()
    subprocess.run([a.cli, "sweep", spec_path, "--points", str(SWEEP_RUNS), "--seeds", "1", "--epochs",
                    str(a.sweep_epochs), "--limit-train", str(a.sweep_train), "--out", out], check=True,
                   capture_output=True)
    ours = time.perf_counter() - start
    with open(os.path.join(out, "frontier.json")) as f:
        frontier = json.load(f)
    our_mse = frontier["middle_point"]["values"]
    variants = {}
    cores = os.cpu_count()
    for name, workers, threads in (("in turn", 1, cores), ("worker processes", cores, 1)):
        for tuned in (False, True):
            r = run_json([sys.executable, os.path.join(HERE, "pytorch_sweep.py"), spec_path, "--points",
                          str(SWEEP_RUNS), "--epochs", str(a.sweep_epochs), "--limit-train", str(a.sweep_train),
                          "--workers", str(workers), "--threads", str(threads)], tuned_env() if tuned else None)
            variants[name + (", tuned allocator" if tuned else "")] = r
    best_name = min(variants, key=lambda k: variants[k]["seconds"])
    best = variants[best_name]
    ratio = best["seconds"] / ours
    report["sweep"] = {"preset": "sine-towers3", "runs": SWEEP_RUNS, "epochs": a.sweep_epochs,
                       "limit_train": a.sweep_train,
                       "mtlx_seconds": ours, "mtlx_middle_test_mse": our_mse,
                       "pytorch_seconds": {k: v["seconds"] for k, v in variants.items()},
                       "pytorch_best": best_name, "pytorch_middle_test_mse": best["middle_test_mse"],
                       "ratio": ratio, "goal": SWEEP_GOAL}
    print(f"sweep of sine-towers3 ({SWEEP_RUNS} weights, {a.sweep_epochs} epochs of {a.sweep_train}): "
          f"mtlx-cli {ours:.1f} s; PyTorch "
          + ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in variants.items()))
    print(f"  {ratio:.2f}× the fastest PyTorch ({best_name}; goal {SWEEP_GOAL:.1f}×); middle point test MSE "
          f"mtlx {our_mse[0]:.3f} / {our_mse[1]:.3f}, PyTorch {best['middle_test_mse'][0]:.3f} / "
          f"{best['middle_test_mse'][1]:.3f}")
    return ratio >= SWEEP_GOAL


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", default="build/app/mtlx-cli")
    p.add_argument("--gui", default="", help="the GUI throughput harness (build/tests/bench/mtlx-bench-gui)")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--presets", default="sine-shared-bottom,bench-mmoe,bench-adatt")
    p.add_argument("--no-sweep", action="store_true", help="leave out the stacked and whole-sweep comparisons")
    p.add_argument("--sweep-epochs", type=int, default=3)
    p.add_argument("--sweep-train", type=int, default=20000, help="training examples of the compared sweep")
    p.add_argument("--json", default="")
    p.add_argument("--no-goals", action="store_true", help="exit 0 whatever the ratios (smoke tests)")
    a = p.parse_args()

    report = {"threads": a.threads, "steps": a.steps, "repeats": a.repeats, "presets": {}}
    peak = pytorch_reference.matmul_peak(a.threads)
    report["matmul_peak_gflops"] = peak
    print(f"machine: {os.cpu_count()} cores, {a.threads} threads; float32 1024² matrix product peak "
          f"{peak:.1f} GFLOP/s")
    with tempfile.TemporaryDirectory() as tmp:
        ok = throughput(a, tmp, peak, report)
        if not a.no_sweep:
            ok = stacked(a, tmp, peak, report) and ok
            ok = sweep(a, tmp, report) and ok
        if a.gui:
            g = run_json([a.gui, "--threads", str(a.threads)])
            report["gui"] = g
            ok = ok and g["ratio"] >= GUI_GOAL
            print(f"desktop program, all live views open, {g['preset']} {g['epochs']} epochs: "
                  f"{g['gui_examples_per_second']:.0f} ex/s vs mtlx-cli {g['cli_examples_per_second']:.0f} ex/s "
                  f"= {100 * g['ratio']:.1f} % (goal {100 * GUI_GOAL:.0f} %); UI thread longest stall "
                  f"{g['longest_stall_ms']:.0f} ms, {g['stalls_over_50ms']} stalls > 50 ms")
            ok = ok and g["conflict_probe_ratio"] >= GUI_GOAL
            print(f"gradient-conflict probe every {g['conflict_every']} steps: mtlx-cli "
                  f"{g['cli_examples_per_second']:.0f} ex/s vs {g['cli_without_conflict_probe']:.0f} ex/s without "
                  f"= {100 * g['conflict_probe_ratio']:.1f} % (goal {100 * GUI_GOAL:.0f} %)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    print("goals met" if ok else "a goal was missed")
    return 0 if ok or a.no_goals else 1


if __name__ == "__main__":
    sys.exit(main())
