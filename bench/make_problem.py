#!/usr/bin/env python3
"""Writes a synthetic completion problem in the format of tte_common.py (observed.npy with
NaN at missing entries, truth.npy): X = U V^T / sqrt(r) with iid Gaussian U (rows x r),
V (cols x r), entries missing independently with probability --missing, or exactly
--observed entries kept (uniformly at random).

    python3 bench/make_problem.py OUT_FOLDER --rows 512 --cols 512 --rank 16 --missing 0.5
"""
import argparse
import os

import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--cols", type=int, required=True)
    p.add_argument("--rank", type=int, required=True)
    p.add_argument("--missing", type=float, default=0.5)
    p.add_argument("--observed", type=int, default=0, help="exact number of observed entries (overrides --missing)")
    p.add_argument("--decay", type=float, default=1.0, help="singular value i scaled by decay^i (1 = none)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    u = rng.standard_normal((a.rows, a.rank)) * (a.decay ** np.arange(a.rank))
    x = u @ rng.standard_normal((a.cols, a.rank)).T / np.sqrt(a.rank)
    if a.observed:
        keep = np.zeros(x.size, bool)
        keep[rng.choice(x.size, a.observed, replace=False)] = True
        missing = ~keep.reshape(x.shape)
    else:
        missing = rng.random(x.shape) < a.missing
    os.makedirs(a.out, exist_ok=True)
    np.save(os.path.join(a.out, "truth.npy"), x)
    np.save(os.path.join(a.out, "observed.npy"), np.where(missing, np.nan, x))


if __name__ == "__main__":
    main()
