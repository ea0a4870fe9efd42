#!/usr/bin/env python3
"""Time-to-error peer: rank-told alternating ridge least squares on the observed entries.

X ~ U V^T with U (rows x r), V (cols x r), r given (--rank). Each half-step solves, for
every row i at once, (V_i^T V_i + lam I) u_i = V_i^T y_i over the observed entries of row i
(batched r x r systems, the Gram matrices formed by one GEMM M (V (x) V)), then the same for
the columns. lam = --ridge times the mean observed square (tiny: it only keeps empty or
nearly empty rows solvable). Start: the top-r SVD of the zero-filled data scaled by
1/observed fraction. Prints the error after every full sweep (format: tte_common.py).

    python3 bench/peer_als.py PROBLEM --rank 4
"""
import argparse

import numpy as np

import tte_common


def half_step(mask, y_masked, other, lam):
    # G[i] = sum_j mask[i, j] v_j v_j^T as one GEMM: mask (m x n) times (n x r*r)
    r = other.shape[1]
    outer = (other[:, :, None] * other[:, None, :]).reshape(other.shape[0], r * r)
    gram = (mask @ outer).reshape(mask.shape[0], r, r)
    gram += lam * np.eye(r)
    rhs = y_masked @ other
    return np.linalg.solve(gram, rhs[:, :, None])[:, :, 0]


def main():
    parser = tte_common.common_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--rank", type=int, required=True)
    parser.add_argument("--ridge", type=float, default=1e-9)
    parser.add_argument("--max-iterations", type=int, default=10000)
    args = parser.parse_args()
    observed, truth = tte_common.load(args.problem)
    rep = tte_common.Reporter("als", observed, truth, args.max_seconds)
    rng = np.random.default_rng(args.seed)
    mask = (~np.isnan(observed)).astype(np.float64)
    y = np.where(mask > 0, observed, 0.0)
    frac = mask.mean()
    lam = args.ridge * float((y * y).sum() / mask.sum())
    u, s, vt = tte_common.randomized_svd(y / frac, args.rank, rng)
    root = np.sqrt(s)
    left, right = u * root, vt.T * root
    mask_t, y_t = np.ascontiguousarray(mask.T), np.ascontiguousarray(y.T)
    for it in range(1, args.max_iterations + 1):
        left = half_step(mask, y, right, lam)
        right = half_step(mask_t, y_t, left, lam)
        estimate = left @ right.T
        if rep.report(it, estimate) or rep.best < args.target:
            break
    rep.report(it, left @ right.T, final=True)


if __name__ == "__main__":
    main()
