#!/usr/bin/python3
"""The MultiFashion two-epoch check written plainly in PyTorch, to cross-check mtlx's numbers.

The same recipe as the program's `multi_fashion` data set and `multifashion-large` preset
(docs/data.md, docs/models.md): pairs of Fashion-MNIST images, each centred in a 32x32 frame, at
(0, 0) and (4, 4) of a 36x36 canvas combined by the pixel-wise maximum, pixels standardised with
the training split's statistics; LeNet bottom conv 10@5x5, pool, conv 20@5x5, pool, 3 dense layers
of 50, towers 50 -> 50 -> 10 (57,650 parameters), Glorot-uniform weights and zero biases, SGD with
momentum 0.9, batch 256, loss 0.5 * CE(left) + 0.5 * CE(right). The draws come from numpy, so a
seed here is not the program's seed: compare the spread over several seeds, not one run.

    /usr/bin/python3 tests/bench/multifashion_reference.py SEED [--lr 0.05] [--epochs 2]
        [--train 20000] [--test 4000] [--data /usr/share/datasets/fashion-mnist]

Prints each epoch's mean training loss per task and the test accuracy of both tasks.
"""
import argparse
import gzip
import os

import numpy as np
import torch
import torch.nn as nn


def idx(path):
    b = gzip.open(path).read()
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(b[3])]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * b[3]).reshape(dims)


def pairs(images, labels, n, rng):
    a, b = rng.integers(0, len(images), n), rng.integers(0, len(images), n)
    canvas = np.zeros((n, 36, 36), np.float32)
    canvas[:, 2:30, 2:30] = images[a]
    canvas[:, 6:34, 6:34] = np.maximum(canvas[:, 6:34, 6:34], images[b])
    return canvas / 255.0, labels[a].astype(np.int64), labels[b].astype(np.int64)


def model():
    bottom = nn.Sequential(nn.Conv2d(1, 10, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(10, 20, 5), nn.ReLU(),
                           nn.MaxPool2d(2), nn.Flatten(), nn.Linear(720, 50), nn.ReLU(), nn.Linear(50, 50), nn.ReLU(),
                           nn.Linear(50, 50), nn.ReLU())
    towers = nn.ModuleList([nn.Sequential(nn.Linear(50, 50), nn.ReLU(), nn.Linear(50, 50), nn.ReLU(),
                                          nn.Linear(50, 10)) for _ in range(2)])
    for m in list(bottom.modules()) + list(towers.modules()):
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return bottom, towers


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("seed", type=int)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--train", type=int, default=20000)
    p.add_argument("--test", type=int, default=4000)
    p.add_argument("--data", default=os.path.join(os.environ.get("MTLX_DATA_DIR", "/usr/share/datasets"),
                                                  "fashion-mnist"))
    a = p.parse_args()
    torch.set_num_threads(2)
    rng = np.random.default_rng(a.seed)
    xt, lt, rt = pairs(idx(f"{a.data}/train-images-idx3-ubyte.gz"), idx(f"{a.data}/train-labels-idx1-ubyte.gz"),
                       a.train, rng)
    xs, ls, rs = pairs(idx(f"{a.data}/t10k-images-idx3-ubyte.gz"), idx(f"{a.data}/t10k-labels-idx1-ubyte.gz"),
                       a.test, rng)
    mean, sd = xt.mean(), xt.std()
    x, xs = torch.tensor((xt - mean) / sd).unsqueeze(1), torch.tensor((xs - mean) / sd).unsqueeze(1)
    left, right = torch.tensor(lt), torch.tensor(rt)
    torch.manual_seed(a.seed)
    bottom, towers = model()
    opt = torch.optim.SGD(list(bottom.parameters()) + list(towers.parameters()), lr=a.lr, momentum=0.9)
    ce = nn.CrossEntropyLoss()
    for epoch in range(a.epochs):
        order, sums, batches = torch.randperm(len(x)), [0.0, 0.0], 0
        for i in range(0, len(x), 256):
            j = order[i:i + 256]
            h = bottom(x[j])
            losses = [ce(towers[0](h), left[j]), ce(towers[1](h), right[j])]
            opt.zero_grad()
            (0.5 * losses[0] + 0.5 * losses[1]).backward()
            opt.step()
            sums = [s + l.item() for s, l in zip(sums, losses)]
            batches += 1
        print(f"epoch {epoch + 1}: training loss left {sums[0] / batches:.4f} right {sums[1] / batches:.4f}")
    with torch.no_grad():
        h = bottom(xs)
        acc = [(towers[t](h).argmax(1).numpy() == y).mean() for t, y in ((0, ls), (1, rs))]
    print(f"seed {a.seed}: test accuracy left {acc[0]:.3f} right {acc[1]:.3f}")


if __name__ == "__main__":
    main()
