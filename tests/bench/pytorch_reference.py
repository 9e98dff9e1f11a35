#!/usr/bin/python3
"""Plain PyTorch (Python) versions of the bench presets, written the way a PyTorch user would:
one nn.Module per expert, a gate Linear per task, a Python loop over the experts; a shared bottom
with a tower per task for the sine presets.

Used by tests/bench/compare.py as the baseline that `mtlx-cli bench` is measured against.
The models follow docs/models.md (MMoE; AdaTT with shared experts, "AdaTT") and have exactly the
parameter counts mtlx builds for the same spec; compare.py checks that.
"""
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp(d_in, dims):
    """Mlp(d_in, dims): Linear + ReLU for every entry, the last one included."""
    layers = []
    for d in dims:
        layers += [nn.Linear(d_in, d), nn.ReLU()]
        d_in = d
    return nn.Sequential(*layers)


def tower(d_in, dims, outputs):
    return nn.Sequential(mlp(d_in, dims), nn.Linear(dims[-1] if dims else d_in, outputs))


class MMoE(nn.Module):
    def __init__(self, d_in, experts, expert_dims, towers, tasks):
        super().__init__()
        self.experts = nn.ModuleList(mlp(d_in, expert_dims) for _ in range(experts))
        self.gates = nn.ModuleList(nn.Linear(d_in, experts) for _ in range(tasks))
        self.towers = nn.ModuleList(tower(expert_dims[-1], towers, 1) for _ in range(tasks))

    def forward(self, x):
        e = torch.stack([expert(x) for expert in self.experts], dim=1)  # [B, E, d]
        outputs = []
        for gate, tw in zip(self.gates, self.towers):
            g = F.softmax(gate(x), dim=-1)  # [B, E]
            z = torch.bmm(g.unsqueeze(1), e).squeeze(1)
            outputs.append(tw(z).squeeze(-1))
        return outputs


class AdaTTLevel(nn.Module):
    """One fusion level: T task modules of m experts, one shared module of s experts; a gate per
    unit over all experts fed with the unit's own input, plus the NativeExpertLF residual."""

    def __init__(self, d_in, dims, tasks, m, s, last):
        super().__init__()
        self.tasks, self.m, self.s = tasks, m, s
        n = tasks * m + s
        self.units = tasks + (1 if s > 0 and not last else 0)
        self.task_experts = nn.ModuleList(
            nn.ModuleList(mlp(d_in, dims) for _ in range(m)) for _ in range(tasks))
        self.shared_experts = nn.ModuleList(mlp(d_in, dims) for _ in range(s))
        self.gates = nn.ModuleList(nn.Linear(d_in, n) for _ in range(self.units))
        self.fixed = m == 1 and s <= 1
        if not self.fixed:
            b = math.sqrt(1.0 / m)
            self.task_lf = nn.ParameterList(
                nn.Parameter(torch.empty(m).uniform_(-b, b)) for _ in range(tasks))
            if self.units > tasks:
                b = math.sqrt(1.0 / s)
                self.shared_lf = nn.Parameter(torch.empty(s).uniform_(-b, b))

    def forward(self, inputs):
        """inputs: one [B, d] tensor per unit of the previous level (or x repeated)."""
        outs = []
        for t in range(self.tasks):
            outs += [expert(inputs[t]) for expert in self.task_experts[t]]
        shared_in = inputs[self.tasks] if len(inputs) > self.tasks else inputs[0]
        outs += [expert(shared_in) for expert in self.shared_experts]
        e = torch.stack(outs, dim=1)  # [B, N, d]
        fused = []
        for u in range(self.units):
            g = F.softmax(self.gates[u](inputs[u]), dim=-1)
            h = torch.bmm(g.unsqueeze(1), e).squeeze(1)
            if u < self.tasks:
                own = e[:, u * self.m:(u + 1) * self.m]
                lf = own[:, 0] if self.fixed else torch.einsum("bmd,m->bd", own, self.task_lf[u])
            else:
                own = e[:, self.tasks * self.m:]
                lf = own[:, 0] if self.fixed else torch.einsum("bsd,s->bd", own, self.shared_lf)
            fused.append(h + lf)
        return fused


class AdaTT(nn.Module):
    def __init__(self, d_in, expert_dims, m, s, towers, tasks):
        super().__init__()
        self.levels = nn.ModuleList()
        for i, dims in enumerate(expert_dims):
            self.levels.append(AdaTTLevel(d_in, dims, tasks, m, s, i + 1 == len(expert_dims)))
            d_in = dims[-1]
        self.units0 = self.levels[0].units
        self.towers = nn.ModuleList(tower(d_in, towers, 1) for _ in range(tasks))

    def forward(self, x):
        h = [x] * self.units0
        for level in self.levels:
            h = level(h)
        return [tw(z).squeeze(-1) for tw, z in zip(self.towers, h)]


class SharedBottom(nn.Module):
    def __init__(self, d_in, bottom, towers, tasks):
        super().__init__()
        self.bottom = mlp(d_in, bottom)
        self.towers = nn.ModuleList(tower(bottom[-1], towers, 1) for _ in range(tasks))

    def forward(self, x):
        h = self.bottom(x)
        return [tw(h).squeeze(-1) for tw in self.towers]


def task_count(spec):
    """Binary tasks of the random data set, or the sine task's two regression tasks."""
    return 2 if spec["dataset"]["kind"] == "synthetic_sine" else spec["dataset"]["binary_tasks"]


def build(spec):
    """The model a bench spec (mtlx-cli preset JSON) describes."""
    d, m, tasks = spec["dataset"]["dim"], spec["model"], task_count(spec)
    if m["arch"] == "shared_bottom":
        return SharedBottom(d, m["bottom"], m["towers"], tasks)
    if m["arch"] == "mmoe":
        return MMoE(d, m["experts"], m["expert_dims"][0], m["towers"], tasks)
    if m["arch"] == "adatt":
        return AdaTT(d, m["expert_dims"], m["experts_per_task"], m["shared_experts"], m["towers"], tasks)
    raise SystemExit("pytorch_reference: no reference for arch " + m["arch"])


def linear_flops(model, d_in):
    """Multiply-adds ×2 of every Linear per example (forward), from a traced forward pass."""
    total = 0

    def hook(mod, inp, out):
        nonlocal total
        total += 2 * mod.in_features * mod.out_features * inp[0].shape[0]

    handles = [mod.register_forward_hook(hook) for mod in model.modules() if isinstance(mod, nn.Linear)]
    with torch.no_grad():
        model(torch.zeros(1, d_in))
    for h in handles:
        h.remove()
    return total


def bench(spec, steps, warmup, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = build(spec)
    t = spec["training"]
    opt = torch.optim.Adam(model.parameters(), lr=t["lr"])
    batch, d, tasks = t["batch_size"], spec["dataset"]["dim"], task_count(spec)
    regression = spec["dataset"]["kind"] == "synthetic_sine"
    pool = 4 * batch
    x_all = torch.randn(pool, d)
    y_all = torch.randn(pool, tasks) if regression else torch.randint(0, 2, (pool, tasks)).float()
    loss_of = F.mse_loss if regression else F.binary_cross_entropy_with_logits
    weights = [1.0 / tasks] * tasks
    model.train()

    def step(i):
        if i % 4 == 0:
            step.order = torch.randperm(pool)
        idx = step.order[(i % 4) * batch:(i % 4 + 1) * batch]
        x, y = x_all[idx], y_all[idx]
        logits = model(x)
        loss = sum(w * loss_of(l, y[:, k]) for k, (w, l) in enumerate(zip(weights, logits)))
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(warmup, warmup + steps):
        step(i)
    seconds = time.perf_counter() - start
    params = sum(p.numel() for p in model.parameters())
    return {"examples_per_second": batch * steps / seconds, "params": params, "batch": batch,
            "steps": steps, "threads": threads, "seconds": seconds,
            "forward_flops_per_example": linear_flops(model, d)}


def matmul_peak(threads, n=1024, seconds=1.0):
    """GFLOP/s of an n×n float32 matrix product, best of repeated runs."""
    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    best, end = 0.0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        for _ in range(5):
            a @ b
        best = max(best, 5 * 2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return best


if __name__ == "__main__":
    import argparse
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("spec", help="a complete spec JSON (mtlx-cli preset NAME)")
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    a = p.parse_args()
    with open(a.spec) as f:
        print(json.dumps(bench(json.load(f), a.steps, a.warmup, a.threads)))
