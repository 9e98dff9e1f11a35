#!/usr/bin/python3
"""Cross-check of `mtlx-cli export --pytorch` against PyTorch (run with /usr/bin/python3 and
Debian's python3-torch).

For each architecture that the AdaTT authors' reference module defines, this script trains a
small run with the program, exports it, and builds the module that docs/models.md ("Export to
PyTorch") describes: CentralTaskArch with `mtl_arch` one of AdaTTSp, AdaTTWSharedExps, MLMMoE,
PLE, CrossStitch, SharedBottom and one `task_modules` entry per task. The modules below are
written from that description (the same parameter names and shapes, the forward pass as the page
states it). The export must load with load_state_dict(strict=True) and give the program's outputs
on the exported test examples.

usage: check_pytorch_export.py --cli PATH/mtlx-cli [--keep DIR]
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import torch
from torch import nn


def mlp(d, dims):
    """MLP(d, dims): Linear + ReLU for every width, held as `mlp_net` (a Sequential)."""
    layers = []
    for h in dims:
        layers += [nn.Linear(d, h), nn.ReLU()]
        d = h
    m = nn.Module()
    m.mlp_net = nn.Sequential(*layers)
    m.forward = lambda x: m.mlp_net(x)
    return m


def softmax_gate(d, n):
    return nn.Sequential(nn.Linear(d, n), nn.Softmax(dim=-1))


class SharedBottom(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bottom_projection = mlp(c["input_dim"], [w for dims in c["expert_out_dims"] for w in dims])
        self.tasks = c["num_task"]

    def forward(self, x):
        return [self.bottom_projection(x)] * self.tasks


class MLMMoE(nn.Module):
    """Every gate reads x; below the last level one gate per next-level expert."""

    def __init__(self, c):
        super().__init__()
        e, dims, d = c["num_shared_experts"], c["expert_out_dims"], c["input_dim"]
        self.experts, self.gates = nn.ModuleList(), nn.ModuleList()
        for l, widths in enumerate(dims):
            self.experts.append(nn.ModuleList([mlp(d, widths) for _ in range(e)]))
            rows = e if l + 1 < len(dims) else c["num_task"]
            self.gates.append(nn.ModuleList(
                [nn.Sequential(mlp(c["input_dim"], []), nn.Linear(c["input_dim"], e), nn.Softmax(dim=-1))
                 for _ in range(rows)]))
            d = widths[-1]

    def forward(self, x):
        h = [x] * len(self.experts[0])
        for experts, gates in zip(self.experts, self.gates):
            out = torch.stack([f(h[i]) for i, f in enumerate(experts)], 1)  # [B, E, d]
            h = [torch.einsum("be,bed->bd", g(x), out) for g in gates]
        return h


class PLE(nn.Module):
    """Task t's gate mixes its own experts and the shared ones; the shared gate mixes all."""

    def __init__(self, c):
        super().__init__()
        t, m, s, d = c["num_task"], c["num_task_experts"], c["num_shared_experts"], c["input_dim"]
        self.t, self.m, self.s = t, m, s
        self.experts, self.gate_weights = nn.ModuleList(), nn.ModuleList()
        dims = c["expert_out_dims"]
        for widths in dims:
            self.experts.append(nn.ModuleList([mlp(d, widths) for _ in range(t * m + s)]))
            d = widths[-1]
        d = c["input_dim"]
        for l, widths in enumerate(dims):
            gates = nn.ModuleList([softmax_gate(d, m + s) for _ in range(t)])
            if l + 1 < len(dims):
                gates.append(softmax_gate(d, t * m + s))
            self.gate_weights.append(gates)
            d = widths[-1]

    def forward(self, x):
        units = [x] * (self.t + 1)
        for experts, gates in zip(self.experts, self.gate_weights):
            out = torch.stack([f(units[min(i // self.m, self.t)]) for i, f in enumerate(experts)], 1)
            shared = out[:, self.t * self.m:]
            new = []
            for u, g in enumerate(gates):
                pool = out if u == self.t else torch.cat([out[:, u * self.m:(u + 1) * self.m], shared], 1)
                new.append(torch.einsum("be,bed->bd", g(units[u]), pool))
            units = new
        return units[: self.t]


class CrossStitch(nn.Module):
    def __init__(self, c):
        super().__init__()
        t, d = c["num_task"], c["input_dim"]
        self.experts, self.stitchs = nn.ModuleList(), nn.ModuleList()
        for widths in c["expert_out_dims"]:
            self.experts.append(nn.ModuleList([mlp(d, widths) for _ in range(t)]))
            self.stitchs.append(nn.Linear(t, t, bias=False))
            d = widths[-1]

    def forward(self, x):
        h = [x] * len(self.experts[0])
        for experts, stitch in zip(self.experts, self.stitchs):
            out = torch.stack([f(h[i]) for i, f in enumerate(experts)], 1)  # [B, T, d]
            h = list(torch.einsum("tu,bud->btd", stitch.weight, out).unbind(1))
        return h


class AdaTT(nn.Module):
    """AdaTT-sp (shared=False) and AdaTT with shared experts: every unit's gate weighs all experts,
    plus NativeExpertLF on the unit's own module (fixed 1 when every module has one expert)."""

    def __init__(self, c, shared):
        super().__init__()
        t, m, d = c["num_task"], c["num_task_experts"], c["input_dim"]
        s = c["num_shared_experts"] if shared else 0
        dims, self.t, self.m, self.s, self.shared = c["expert_out_dims"], t, m, s, shared
        self.modules_experts = [m] * t + ([s] if shared else [])
        n = t * m + s
        self.native = c["self_exp_res_connect"]
        self.learnt = self.native and any(k != 1 for k in self.modules_experts)
        self.experts, self.gate_weights = nn.ModuleList(), nn.ModuleList()
        for l, widths in enumerate(dims):
            self.experts.append(nn.ModuleList([mlp(d, widths) for _ in range(n)]))
            units = t + (1 if shared and l + 1 < len(dims) else 0)
            self.gate_weights.append(nn.ModuleList([softmax_gate(d, n) for _ in range(units)]))
            d = widths[-1]
        levels = len(dims)
        if not self.learnt:
            self.self_exp_weights = nn.ParameterList()
        elif shared:  # one [levels, n_i] per module; the shared module below the last level only
            self.self_exp_weights = nn.ParameterList(
                [nn.Parameter(torch.zeros(levels - (1 if i == t else 0), k)) for i, k in enumerate(self.modules_experts)])
        else:  # one [T, m] per level
            self.self_exp_weights = nn.ParameterList([nn.Parameter(torch.zeros(t, m)) for _ in dims])

    def native_weights(self, l, u):
        if not self.learnt:
            return torch.ones(self.modules_experts[u])
        return self.self_exp_weights[u][l] if self.shared else self.self_exp_weights[l][u]

    def forward(self, x):
        units = [x] * (self.t + (1 if self.shared else 0))
        owner = [i for i, k in enumerate(self.modules_experts) for _ in range(k)]
        for l, (experts, gates) in enumerate(zip(self.experts, self.gate_weights)):
            out = torch.stack([f(units[owner[i]]) for i, f in enumerate(experts)], 1)  # [B, N, d]
            new = []
            for u, g in enumerate(gates):
                w = g(units[u])
                if self.native:
                    start = sum(self.modules_experts[:u])
                    own = torch.zeros(out.size(1))
                    own[start:start + self.modules_experts[u]] = self.native_weights(l, u)
                    w = w + own
                new.append(torch.einsum("be,bed->bd", w, out))
            units = new
        return units[: self.t]


class CentralTaskArch(nn.Module):
    def __init__(self, c):
        super().__init__()
        kind = c["mtl_model"]
        self.mtl_arch = {"share_bottom": lambda: SharedBottom(c), "mmoe": lambda: MLMMoE(c), "ple": lambda: PLE(c),
                         "cross_st": lambda: CrossStitch(c), "att_sp": lambda: AdaTT(c, False),
                         "att_g": lambda: AdaTT(c, True)}[kind]()
        d = c["expert_out_dims"][-1][-1]
        self.task_modules = nn.ModuleList(
            [nn.Sequential(mlp(d, c["task_mlp"]), nn.Linear(c["task_mlp"][-1], 1)) for _ in range(c["num_task"])])

    def forward(self, x):
        return [f(z) for f, z in zip(self.task_modules, self.mtl_arch(x))]


# Each case: the program's arch and spec settings. A CSV of three binary tasks covers three
# tasks (with a shared unit between them); the correlated generator two regression tasks.
CASES = [
    ("shared_bottom", ["model.bottom=[16,8]"]),
    ("mmoe", ["model.experts=3", "model.expert_dims=[[16,8]]"]),
    ("ml_mmoe", ["model.experts=3", "model.expert_dims=[[16],[8]]"]),
    ("ple", ["model.experts_per_task=1", "model.shared_experts=2", "model.expert_dims=[[16],[8]]"]),
    ("ple", ["model.experts_per_task=2", "model.shared_experts=2", "model.expert_dims=[[16],[8]]"]),
    ("cross_stitch", ["model.expert_dims=[[16],[8]]"]),
    ("adatt_sp", ["model.experts_per_task=2", "model.expert_dims=[[16],[8]]"]),
    ("adatt_sp", ["model.experts_per_task=1", "model.expert_dims=[[16],[8]]"]),
    ("adatt", ["model.experts_per_task=2", "model.shared_experts=1", "model.expert_dims=[[16],[8]]"]),
    ("adatt", ["model.experts_per_task=1", "model.shared_experts=1", "model.expert_dims=[[16],[8]]"]),
    ("adatt", ["model.experts_per_task=2", "model.shared_experts=2", "model.expert_dims=[[16],[8],[8]]"]),
    ("adatt", ["model.experts_per_task=1", "model.shared_experts=2", "model.expert_dims=[[16]]"]),
]


def write_csv(path):
    rng = random.Random(7)
    with open(path, "w") as f:
        f.write("a,b,c,d,colour,t1,t2,t3\n")
        for _ in range(1500):
            v = [rng.gauss(0, 1) for _ in range(4)]
            colour = rng.choice(["red", "green", "blue"])
            t = [int(v[0] + v[1] > 0), int(v[2] - v[0] > 0.3), int(v[3] + (colour == "red") > 0.5)]
            f.write(",".join(f"{x:.4f}" for x in v) + f",{colour}," + ",".join(map(str, t)) + "\n")


def csv_spec(cli, work, path):
    """The correlated preset's spec on the CSV's three binary tasks, as a spec file."""
    spec = json.loads(subprocess.run([cli, "preset", "correlated-mmoe"], check=True, capture_output=True,
                                     text=True).stdout)
    tasks = [{"column": c, "kind": "binary"} for c in ("t1", "t2", "t3")]
    spec["dataset"] = {"kind": "csv", "path": path, "numeric": ["a", "b", "c", "d"], "categorical": ["colour"],
                       "tasks": tasks, "validation_fraction": 0.1, "test_fraction": 0.2}
    spec["training"]["task_weights"] = [1 / 3] * 3
    spec_path = os.path.join(work, "three-tasks.json")
    json.dump(spec, open(spec_path, "w"))
    return [spec_path]


def run(args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)}\nfailed: {done.stderr.strip()[-400:]}")


def check(cli, work, i, arch, settings, data):
    out = os.path.join(work, f"run{i}")
    args = [cli, "train"] + (data or ["--preset", "correlated-mmoe"]) + ["--arch", arch, "--epochs", "2", "--limit-train", "2000",
            "--limit-test", "300", "--out", out, "--set", "model.towers=[8]"]
    for s in settings:
        args += ["--set", s]
    run(args)
    weights, sample = os.path.join(work, f"w{i}.pt"), os.path.join(work, f"s{i}.json")
    run([cli, "export", out, "--pytorch", weights, "--sample", "64", sample])
    s = json.load(open(sample))
    config = s["reference"]
    if config is None:
        return f"{arch} {settings}: the export did not use the reference layout"
    model = CentralTaskArch(config)
    state = torch.load(weights)
    model.load_state_dict(state, strict=True)  # raises on a missing, extra or misshapen key
    model.eval()
    x = torch.tensor(s["input"], dtype=torch.float32)
    with torch.no_grad():
        ours = torch.cat(model(x), 1).double()
    theirs = torch.tensor(s["output"], dtype=torch.float64)
    err = ((ours - theirs).abs() / theirs.abs().clamp_min(1)).max().item()
    label = f"{arch:13s} {config['mtl_model']:12s} T={config['num_task']} {' '.join(settings)}"
    print(f"{label}: {len(state)} tensors, largest relative difference {err:.2e}")
    return None if err < 1e-5 else f"{label}: outputs differ by {err:.2e}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--keep")
    a = p.parse_args()
    torch.manual_seed(0)
    work = a.keep or tempfile.mkdtemp(prefix="mtlx-export-")
    os.makedirs(work, exist_ok=True)
    csv = os.path.join(work, "three-tasks.csv")
    write_csv(csv)
    failures = []
    for i, (arch, settings) in enumerate(CASES):
        for j, data in enumerate([[], csv_spec(a.cli, work, csv)]):
            failure = check(a.cli, work, 2 * i + j, arch, settings, data)
            if failure:
                failures.append(failure)
    for f in failures:
        print("FAIL:", f)
    print(f"{2 * len(CASES) - len(failures)} of {2 * len(CASES)} exports load strictly and match the program")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
