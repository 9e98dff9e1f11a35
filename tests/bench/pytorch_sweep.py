#!/usr/bin/python3
"""A task-weight sweep of the sine task written plainly in PyTorch (Python): one model per
weight, trained in turn in one process or split over worker processes.

Used by tests/bench/compare.py as the baseline that `mtlx-cli sweep` is measured against. It does
the work a sweep's runs.jsonl records for every run: per epoch the validation and test loss of
each task (the history), and at the end the train, validation and test MSE. The data follow
docs/data.md (`synthetic_sine`): the same distribution as mtlx generates, not the same numbers,
so the middle point's MSE agrees within seed noise, not exactly.

    /usr/bin/python3 tests/bench/pytorch_sweep.py SPEC.json --points 11 --epochs 3 --limit-train 20000
                                                  [--workers 2] [--threads 1]
prints one JSON line: seconds (from before the data are generated to the last run's end, Python's
start-up and imports left out), runs, and the test MSE of every run.
"""
import argparse
import json
import math
import multiprocessing
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def sine_frequencies(task):
    start, length = (0, 30) if task == 0 else (25, 25)
    return [start + 50 * block + i for block in range(3) for i in range(length)]


def sine_split(n, dim, scale, noise, generator):
    """x ~ U[-1/2, 1/2]^dim; y_t = sum over W_t of sin(w s / scale) + noise |W_t| e_t, s = sum(x)."""
    x = torch.rand(n, dim, generator=generator) - 0.5
    s = x.double().sum(1)
    ys = []
    for t in range(2):
        w = torch.tensor(sine_frequencies(t), dtype=torch.float64)
        signal = torch.sin(s.unsqueeze(1) * w / scale).sum(1)
        ys.append(signal + noise * len(w) * torch.randn(n, generator=generator, dtype=torch.float64))
    return x, torch.stack(ys, 1)


_cache = {}


def sine_data(spec, limit_train, seed):
    """Generated once per process (each worker generates its own copy, as a plain script would)."""
    if (limit_train, seed) in _cache:
        return _cache[(limit_train, seed)]
    d = spec["dataset"]
    g = torch.Generator().manual_seed(seed)
    sizes = [min(d["train"], limit_train) if limit_train else d["train"], d["validation"], d["test"]]
    splits = [sine_split(n, d["dim"], d["frequency_scale"], d["noise"], g) for n in sizes]
    mean, std = splits[0][1].mean(0), splits[0][1].std(0)
    _cache[(limit_train, seed)] = [(x, ((y - mean) / std).float()) for x, y in splits]
    return _cache[(limit_train, seed)]


def mlp(d_in, dims):
    layers = []
    for d in dims:
        layers += [nn.Linear(d_in, d), nn.ReLU()]
        d_in = d
    return nn.Sequential(*layers)


class SharedBottom(nn.Module):
    def __init__(self, d_in, bottom, towers, tasks=2):
        super().__init__()
        self.bottom = mlp(d_in, bottom)
        self.towers = nn.ModuleList(
            nn.Sequential(mlp(bottom[-1], towers), nn.Linear(towers[-1] if towers else bottom[-1], 1))
            for _ in range(tasks))

    def forward(self, x):
        h = self.bottom(x)
        return torch.cat([t(h) for t in self.towers], 1)


def mse(model, x, y):
    with torch.no_grad():
        out = torch.cat([model(x[i:i + 8192]) for i in range(0, len(x), 8192)])
        return ((out - y) ** 2).mean(0).tolist()


def train_one(args):
    spec, weights, limit_train, epochs, seed, threads = args
    torch.set_num_threads(threads)
    (xt, yt), (xv, yv), (xs, ys) = sine_data(spec, limit_train, spec["dataset"]["seed"])
    m, t = spec["model"], spec["training"]
    torch.manual_seed(seed)
    model = SharedBottom(xt.shape[1], m["bottom"], m["towers"])
    opt = torch.optim.Adam(model.parameters(), lr=t["lr"])
    w = torch.tensor(weights)
    history = []
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(xt))
        for i in range(0, len(xt), t["batch_size"]):
            idx = order[i:i + t["batch_size"]]
            loss = (w * ((model(xt[idx]) - yt[idx]) ** 2).mean(0)).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        history.append({"validation": mse(model, xv, yv), "test": mse(model, xs, ys)})
    return {"weights": weights, "history": history, "train": mse(model, xt, yt), "validation": mse(model, xv, yv),
            "test": mse(model, xs, ys)}


def simplex2(points):
    return [[1 - i / (points - 1), i / (points - 1)] for i in range(points)] if points > 1 else [[0.5, 0.5]]


def sweep(spec, points, epochs, limit_train, workers, threads):
    jobs = [(spec, w, limit_train, epochs, spec["training"]["seed"], threads) for w in simplex2(points)]
    start = time.perf_counter()
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            runs = pool.map(train_one, jobs, chunksize=1)
    else:
        runs = [train_one(j) for j in jobs]
    return {"seconds": time.perf_counter() - start, "workers": workers, "threads": threads, "runs": runs}


def middle(runs):
    """The test MSE per task of the run whose weights are closest to (1/2, 1/2)."""
    best = min(runs, key=lambda r: abs(r["weights"][0] - 0.5))
    return best["test"]


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec")
    p.add_argument("--points", type=int, default=11)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--limit-train", type=int, default=20000)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    a = p.parse_args()
    with open(a.spec) as f:
        s = json.load(f)
    if s["model"]["arch"] != "shared_bottom" or s["dataset"]["kind"] != "synthetic_sine":
        raise SystemExit("pytorch_sweep: a shared_bottom spec on synthetic_sine only")
    result = sweep(s, a.points, a.epochs, a.limit_train, a.workers, a.threads)
    result["middle_test_mse"] = middle(result["runs"])
    print(json.dumps(result))
