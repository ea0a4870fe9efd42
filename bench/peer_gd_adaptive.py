#!/usr/bin/env python3
"""Time-to-error peer: plain gradient descent on a depth-N full-width factorization from a
small Gaussian initialization, with the reference code's global adaptive step
(GroupRMSprop, GLRL App. C.1 / METHOD.md section 1): one scalar v <- a v + (1 - a) sum_j
||grad_j||^2 over all layers, step lr / (sqrt(v / (1 - a^t)) + eps), a = 0.99.

f = 1/2 sum over observed (W - Y)^2. Layers W_j (d_j x d_{j-1}), all hidden widths
min(rows, cols), iid N(0, (scale^2 / d_{j-1})) entries (the solver's gaussian init, scale
0.1 relative to the data normalized to RMS 1: the data are divided by their observed RMS
first and the estimate multiplied back). The step is relative: lr_abs = --lr times
sqrt(N) * sigma^(1/N), sigma = ||P_Omega(Y)||_2 / observed fraction (the size of a
balanced layer at the target), so --lr is the fraction of a layer's final size moved
per step. Reports every --report-every steps.

    python3 bench/peer_gd_adaptive.py PROBLEM --depth 3
"""
import argparse

import numpy as np

import tte_common


def main():
    parser = tte_common.common_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--alpha", type=float, default=0.99)
    parser.add_argument("--eps", type=float, default=1e-8)
    parser.add_argument("--report-every", type=int, default=10)
    parser.add_argument("--max-iterations", type=int, default=1000000)
    args = parser.parse_args()
    observed, truth = tte_common.load(args.problem)
    rep = tte_common.Reporter("gd_adaptive", observed, truth, args.max_seconds)
    rng = np.random.default_rng(args.seed)
    mask = ~np.isnan(observed)
    rms = float(np.sqrt(np.mean(observed[mask] ** 2))) or 1.0
    y = np.where(mask, observed, 0.0) / rms
    m = mask.astype(np.float64)
    rows, cols = y.shape
    n = args.depth
    width = min(rows, cols)
    dims = [cols] + [width] * (n - 1) + [rows]
    layers = [rng.standard_normal((dims[j + 1], dims[j])) * (args.scale / np.sqrt(dims[j])) for j in range(n)]
    _, s, _ = tte_common.randomized_svd(y, 1, rng)
    sigma = float(s[0]) / m.mean()
    lr = args.lr * np.sqrt(n) * sigma ** (1.0 / n)
    v = 0.0
    for t in range(1, args.max_iterations + 1):
        prefix = [layers[0]]
        for j in range(1, n):
            prefix.append(layers[j] @ prefix[-1])
        h = m * prefix[-1] - y
        grads = [None] * n
        for j in range(n - 1, -1, -1):
            grads[j] = h @ prefix[j - 1].T if j > 0 else h
            if j > 0:
                h = layers[j].T @ h
        g2 = sum(float(np.vdot(g, g)) for g in grads)
        v = args.alpha * v + (1 - args.alpha) * g2
        step = lr / (np.sqrt(v / (1 - args.alpha ** t)) + args.eps)
        for j in range(n):
            layers[j] -= step * grads[j]
        if t % args.report_every == 0:
            if rep.report(t, prefix[-1] * rms) or rep.best < args.target:
                break
    rep.report(t, prefix[-1] * rms, final=True)


if __name__ == "__main__":
    main()
