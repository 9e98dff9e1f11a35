#!/usr/bin/python3
"""An independent transcription of the nine compared weighting methods (docs/weighting.md), in
NumPy, SciPy and PyTorch, on the fixed gradient matrices of tests/engine/tst_methods.cpp. It prints
the updates that test expects; run with Debian's /usr/bin/python3 (python3-scipy, python3-torch).
Each method follows its paper and its authors' published code (CAGrad's scipy SLSQP on the dual;
Nash-MTL's equation Gα = 1/α after normalising G; FAMO's update with torch's Adam)."""
import numpy as np
from scipy.optimize import minimize, root
import torch

G2 = np.array([[1.0, 0.0, 0.5], [-0.8, 0.6, 0.2]])
G3 = np.array([[1.0, 0.0, 0.5, 0.2], [-0.8, 0.6, 0.2, 0.0], [0.3, -0.4, 0.9, 0.5]])
LOSSES2 = np.array([1.0, 2.0])
LOSSES3 = np.array([1.0, 2.0, 0.5])


def show(name, v):
    print(f"{name}: {{{', '.join(f'{x:.9g}' for x in np.ravel(v))}}}")


def cagrad(g, c=0.4):
    T = len(g)
    A = g @ g.T
    g0_norm = np.sqrt(A.mean() + 1e-8)
    b = np.ones(T) / T
    cc = c * g0_norm + 1e-8
    obj = lambda x: x @ A @ b + cc * np.sqrt(x @ A @ x + 1e-8)
    res = minimize(obj, np.ones(T) / T, bounds=[(0, 1)] * T,
                   constraints=({'type': 'eq', 'fun': lambda x: 1 - x.sum()},),
                   method='SLSQP', options={'ftol': 1e-14, 'maxiter': 1000})
    gw = res.x @ g
    lam = cc / (np.linalg.norm(gw) + 1e-8)
    # The authors' code multiplies the update by the number of tasks "to match the sum loss".
    return T * (g.mean(0) + lam * gw) / (1 + c * c)


def clip(v, max_norm=1.0):
    n = np.linalg.norm(v)
    return v * min(1.0, max_norm / (n + 1e-6))


def nash(g):
    M = g @ g.T
    M = M / np.linalg.norm(M)
    sol = root(lambda a: M @ a - 1 / a, np.ones(len(g)))
    assert np.linalg.norm(M @ sol.x - 1 / sol.x) < 1e-9 and (sol.x > 0).all()
    return sol.x, clip(sol.x @ g)


def imtl(g):
    u = g / np.linalg.norm(g, axis=1, keepdims=True)
    D = g[0] - g[1:]
    U = u[0] - u[1:]
    a = g[0] @ U.T @ np.linalg.inv(D @ U.T)
    alpha = np.concatenate([[1 - a.sum()], a])
    return alpha, alpha @ g


def aligned(g):
    M = g @ g.T
    lam, V = np.linalg.eigh(M)
    tol = lam.max() * len(M) * np.finfo(np.float32).eps
    keep = lam > tol
    lam, V = lam[keep], V[:, keep]
    order = np.argsort(-lam)
    lam, V = lam[order], V[:, order]
    B = np.sqrt(lam[-1]) * (V / np.sqrt(lam)) @ V.T
    alpha = B.sum(0)
    return alpha, alpha @ g


def gradvac(g, targets, beta, orders):
    pc = g.copy()
    targets = targets.copy()
    for i in range(len(g)):
        for j in orders[i]:
            rho = pc[i] @ g[j] / (np.linalg.norm(pc[i]) * np.linalg.norm(g[j]) + 1e-8)
            phi = targets[i, j]
            if rho < phi:
                w = np.linalg.norm(pc[i]) * (phi * np.sqrt(1 - rho ** 2) - rho * np.sqrt(1 - phi ** 2)) / (
                    np.linalg.norm(g[j]) * np.sqrt(1 - phi ** 2) + 1e-8)
                pc[i] = pc[i] + w * g[j]
            targets[i, j] = (1 - beta) * phi + beta * rho
    return pc.sum(0), targets


def graddrop(g, u, leak):
    P = 0.5 * (1 + g.sum(0) / (np.abs(g).sum(0) + 1e-7))
    M = ((P > u) & (g > 0)) | ((P < u) & (g < 0))
    return (g * (leak + (1 - leak) * M)).sum(0)


def gls(g, L):
    gm = np.exp(np.log(L).mean())
    w = gm / (len(L) * L)
    return w, w @ g


def famo(g, L, L_after):
    T = len(L)
    w = torch.zeros(T, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.025, weight_decay=0.01)
    z = torch.softmax(w, -1).detach().numpy()
    c = (z / L).sum()
    weights = z / (c * L)
    update = clip(weights @ g)
    delta = torch.tensor(np.log(L + 1e-8) - np.log(L_after + 1e-8), dtype=torch.float32)
    d = torch.autograd.grad(torch.softmax(w, -1), w, grad_outputs=delta)[0]
    opt.zero_grad()
    w.grad = d
    opt.step()
    return weights, update, torch.softmax(w.detach(), -1).numpy()


for name, g, L in (("2", G2, LOSSES2), ("3", G3, LOSSES3)):
    show(f"cagrad{name}", cagrad(g))
    a, u = nash(g)
    show(f"nashAlpha{name}", a)
    show(f"nash{name}", u)
    a, u = imtl(g)
    show(f"imtlAlpha{name}", a)
    show(f"imtl{name}", u)
    a, u = aligned(g)
    show(f"aligned{name}", u)
    T = len(g)
    orders = [[j for j in range(T) if j != i] for i in range(T)]
    u, t = gradvac(g, np.zeros((T, T)), 0.01, orders)
    show(f"gradvac{name}", u)
    show(f"gradvacTargets{name}", t)
    uniform = np.linspace(0.1, 0.9, g.shape[1])
    show(f"graddrop{name}", graddrop(g, uniform, 0.0))
    show(f"graddropLeak{name}", graddrop(g, uniform, 0.25))
    w, u = gls(g, L)
    show(f"gls{name}", u)
    w, u, z = famo(g, L, L * np.array([0.5, 0.9, 0.7][:T]))
    show(f"famo{name}", u)
    show(f"famoAfter{name}", z)
    show(f"sum{name}", g.sum(0))
