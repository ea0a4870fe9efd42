#!/usr/bin/env python3
"""Time-to-error peer: SoftImpute as fancyimpute implements it (Mazumder, Hastie and
Tibshirani 2010), with a partial SVD and an optional decreasing threshold.

Start from the zero-filled data; each iteration takes a (partial) SVD of the filled
matrix, soft-thresholds its singular values by the shrinkage value lam, and writes the
result into the missing entries only; an iteration has converged when the change of the
missing entries, ||new - old|| / ||old||, is below --threshold (fancyimpute: 0.001).
fancyimpute's lam is max singular value / 50 (--shrinkage-divisor 50), kept fixed: that is
--schedule fixed. --schedule decreasing (the default here, since a fixed lam leaves a bias
floor above 1e-3) divides lam by --decay each time an iteration converges, down to
max singular value * --min-ratio (the warm-started path of Mazumder et al.). The SVD is
a randomized partial SVD of rank (current rank + --rank-margin), grown when every
computed singular value survives the threshold (a full SVD when that reaches the size).

    python3 bench/peer_softimpute.py PROBLEM
"""
import argparse

import numpy as np

import tte_common


def main():
    parser = tte_common.common_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--shrinkage-divisor", type=float, default=50.0)
    parser.add_argument("--threshold", type=float, default=0.001)
    parser.add_argument("--schedule", choices=["fixed", "decreasing"], default="decreasing")
    parser.add_argument("--decay", type=float, default=4.0)
    parser.add_argument("--min-ratio", type=float, default=1e-6)
    parser.add_argument("--rank-margin", type=int, default=10)
    parser.add_argument("--max-iterations", type=int, default=100000)
    args = parser.parse_args()
    observed, truth = tte_common.load(args.problem)
    rep = tte_common.Reporter("softimpute", observed, truth, args.max_seconds)
    rng = np.random.default_rng(args.seed)
    missing = np.isnan(observed)
    filled = np.where(missing, 0.0, observed)
    full = min(filled.shape)
    _, s, _ = tte_common.randomized_svd(filled, 1, rng)
    max_sv = float(s[0])
    lam = max_sv / args.shrinkage_divisor
    lam_min = max_sv * args.min_ratio
    k = min(full, 1 + args.rank_margin)
    for it in range(1, args.max_iterations + 1):
        if k >= full // 2:
            u, s, vt = np.linalg.svd(filled, full_matrices=False)
        else:
            u, s, vt = tte_common.randomized_svd(filled, k, rng)
        kept = int((s > lam).sum())
        if kept == len(s) and k < full:
            k = min(full, 2 * k)
        else:
            k = min(full, kept + args.rank_margin)
        s_shrunk = np.maximum(s[:kept] - lam, 0.0)
        estimate = (u[:, :kept] * s_shrunk) @ vt[:kept]
        old = filled[missing]
        new = estimate[missing]
        old_norm = np.linalg.norm(old)
        converged = old_norm > 0 and np.linalg.norm(new - old) / old_norm < args.threshold
        filled[missing] = new
        if rep.report(it, filled) or rep.best < args.target:
            break
        if converged:
            if args.schedule == "fixed" or lam <= lam_min:
                break
            lam = max(lam_min, lam / args.decay)
    rep.report(it, filled, final=True)


if __name__ == "__main__":
    main()
