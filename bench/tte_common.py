"""Shared helpers of the time-to-error peers (bench/peer_*.py); not a test.

Problem format (written by org.deeplowrank.bench.TimeToErrorBenchmark, or by hand): a
folder with two NumPy .npy files, float64, C order, same shape (rows, cols):

    observed.npy   the data, NaN at every missing entry
    truth.npy      the ground truth at every entry

Each peer runs on observed.npy only and prints one JSON line per report,

    {"peer": NAME, "iter": k, "time_s": seconds, "rel_err_missing": e}

with e = ||X_hat - X||_F / ||X||_F over the missing entries only and seconds the solver's
own time since its start (the error evaluation itself is not counted), then a last line
with "final": true. Needs numpy only (a fresh Debian machine: apt-get install python3-numpy).
"""
import json
import os
import sys
import time

import numpy as np


def load(folder):
    observed = np.load(os.path.join(folder, "observed.npy"))
    truth = np.load(os.path.join(folder, "truth.npy"))
    if observed.shape != truth.shape or observed.ndim != 2:
        sys.exit("observed.npy and truth.npy must be 2-d arrays of the same shape")
    return observed, truth


class Reporter:
    """Clock that stops while the error is evaluated, and the JSON-lines printer."""

    def __init__(self, peer, observed, truth, max_seconds):
        self.peer = peer
        self.missing = np.isnan(observed)
        self.truth_missing = truth[self.missing]
        self.norm = float(np.linalg.norm(self.truth_missing)) or 1.0
        self.max_seconds = max_seconds
        self.elapsed = 0.0
        self.best = np.inf
        self._start = time.perf_counter()

    def seconds(self):
        return self.elapsed + time.perf_counter() - self._start

    def report(self, iteration, estimate, final=False):
        """Prints one line; returns True when the time cap is reached."""
        self.elapsed += time.perf_counter() - self._start
        e = float(np.linalg.norm(estimate[self.missing] - self.truth_missing)) / self.norm
        self.best = min(self.best, e)
        line = {"peer": self.peer, "iter": int(iteration), "time_s": round(self.elapsed, 4), "rel_err_missing": e}
        if final:
            line["final"] = True
        print(json.dumps(line), flush=True)
        self._start = time.perf_counter()
        return self.elapsed >= self.max_seconds


def common_arguments(parser):
    parser.add_argument("problem", help="folder with observed.npy and truth.npy")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap (solver time)")
    parser.add_argument("--target", type=float, default=1e-4,
                        help="stop once the missing-entry error is below this (the harness reads 1e-2 and 1e-3)")
    parser.add_argument("--seed", type=int, default=0)
    return parser


def randomized_svd(a, k, rng, power=2):
    """Top-k SVD of a by a randomized range finder (Halko et al. 2011, Alg. 4.4): k + 10
    probes, `power` subspace iterations."""
    m, n = a.shape
    p = min(n, k + 10)
    q, _ = np.linalg.qr(a @ rng.standard_normal((n, p)))
    for _ in range(power):
        q, _ = np.linalg.qr(a.T @ q)
        q, _ = np.linalg.qr(a @ q)
    u, s, vt = np.linalg.svd(q.T @ a, full_matrices=False)
    return (q @ u)[:, :k], s[:k], vt[:k]
