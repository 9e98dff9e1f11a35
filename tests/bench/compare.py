#!/usr/bin/python3
"""mtlx-cli bench against plain PyTorch (Python) on the same machine, in one run.

    /usr/bin/python3 tests/bench/compare.py [--cli build/app/mtlx-cli] [--steps 30] [--repeats 3]
                                            [--threads N] [--gui build/tests/bench/mtlx-bench-gui]

For each bench preset it runs `mtlx-cli bench` and tests/bench/pytorch_reference.py in
alternation (--repeats times each, median kept), checks that both built the same number of
parameters, and prints examples/s, the ratio, and the fraction of the machine's float32
matrix-product peak that each reaches (training FLOPs ≈ 3 × the forward Linear FLOPs).
With --gui it also runs the desktop program's throughput harness (all live views open) and
prints its ratio to mtlx-cli on the same spec. --json FILE writes every number.
Exit status 1 when a goal (README "Speed") is missed.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pytorch_reference  # noqa: E402

GOALS = {"bench-mmoe": 1.2, "bench-adatt": 1.5}
GUI_GOAL = 0.9


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", default="build/app/mtlx-cli")
    p.add_argument("--gui", default="", help="the GUI throughput harness (build/tests/bench/mtlx-bench-gui)")
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--presets", default="bench-mmoe,bench-adatt")
    p.add_argument("--json", default="")
    p.add_argument("--no-goals", action="store_true", help="exit 0 whatever the ratios (smoke tests)")
    a = p.parse_args()

    report = {"threads": a.threads, "steps": a.steps, "repeats": a.repeats, "presets": {}}
    peak = pytorch_reference.matmul_peak(a.threads)
    report["matmul_peak_gflops"] = peak
    print(f"machine: {os.cpu_count()} cores, {a.threads} threads; float32 1024² matrix product peak "
          f"{peak:.1f} GFLOP/s")
    print(f"{'preset':<13}{'mtlx-cli ex/s':>15}{'PyTorch ex/s':>15}{'ratio':>8}{'goal':>7}"
          f"{'mtlx % peak':>13}{'PyTorch % peak':>16}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for preset in a.presets.split(","):
            spec_path = os.path.join(tmp, preset + ".json")
            with open(spec_path, "w") as f:
                f.write(subprocess.run([a.cli, "preset", preset], check=True, capture_output=True,
                                       text=True).stdout)
            with open(spec_path) as f:
                spec = json.load(f)
            ours, theirs = [], []
            for _ in range(a.repeats):
                ours.append(run_json([a.cli, "bench", spec_path, "--steps", str(a.steps), "--warmup",
                                      str(a.warmup), "--threads", str(a.threads)]))
                theirs.append(run_json([sys.executable, os.path.join(HERE, "pytorch_reference.py"), spec_path,
                                        "--steps", str(a.steps), "--warmup", str(a.warmup), "--threads",
                                        str(a.threads)]))
            if ours[0]["params"]["training"] != theirs[0]["params"]:
                print(f"{preset}: parameter counts differ: mtlx {ours[0]['params']['training']}, "
                      f"PyTorch {theirs[0]['params']} — not the same model", file=sys.stderr)
                return 2
            mine = statistics.median(r["examples_per_second"] for r in ours)
            ref = statistics.median(r["examples_per_second"] for r in theirs)
            flops = 3 * theirs[0]["forward_flops_per_example"]  # forward + two backward products
            ratio = mine / ref
            goal = GOALS.get(preset, 1.0)
            ok = ok and ratio >= goal
            report["presets"][preset] = {
                "mtlx_examples_per_second": mine, "pytorch_examples_per_second": ref, "ratio": ratio,
                "goal": goal, "params": theirs[0]["params"], "training_flops_per_example": flops,
                "mtlx_fraction_of_peak": mine * flops / (peak * 1e9),
                "pytorch_fraction_of_peak": ref * flops / (peak * 1e9),
                "mtlx_runs": [r["examples_per_second"] for r in ours],
                "pytorch_runs": [r["examples_per_second"] for r in theirs]}
            r = report["presets"][preset]
            print(f"{preset:<13}{mine:>15.0f}{ref:>15.0f}{ratio:>7.2f}×{goal:>6.1f}×"
                  f"{100 * r['mtlx_fraction_of_peak']:>12.0f}%{100 * r['pytorch_fraction_of_peak']:>15.0f}%")
        if a.gui:
            g = run_json([a.gui, "--threads", str(a.threads)])
            report["gui"] = g
            ok = ok and g["ratio"] >= GUI_GOAL
            print(f"desktop program, all live views open, {g['preset']} {g['epochs']} epochs: "
                  f"{g['gui_examples_per_second']:.0f} ex/s vs mtlx-cli {g['cli_examples_per_second']:.0f} ex/s "
                  f"= {100 * g['ratio']:.1f} % (goal {100 * GUI_GOAL:.0f} %); UI thread longest stall "
                  f"{g['longest_stall_ms']:.0f} ms, {g['stalls_over_50ms']} stalls > 50 ms")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    print("goals met" if ok else "a goal was missed")
    return 0 if ok or a.no_goals else 1


if __name__ == "__main__":
    sys.exit(main())
