#!/usr/bin/env python3
"""Prototype (numpy) of the preconditioned deep factorization of org.deeplowrank.solver.fast."""
import argparse
import numpy as np
import tte_common


def main():
    p = tte_common.common_arguments(argparse.ArgumentParser())
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--scale", type=float, default=0.1)
    p.add_argument("--eta", type=float, default=0.5)
    p.add_argument("--lam", type=float, default=0.1)
    p.add_argument("--width", type=int, default=0)
    p.add_argument("--adaptive", type=int, default=0, help="start width (0: full)")
    p.add_argument("--report-every", type=int, default=1)
    p.add_argument("--max-iterations", type=int, default=5000)
    p.add_argument("--tol", type=float, default=0.0)
    p.add_argument("--rowwise", type=int, default=0)
    a = p.parse_args()
    obs, truth = tte_common.load(a.problem)
    rep = tte_common.Reporter("scaled", obs, truth, a.max_seconds)
    rng = np.random.default_rng(a.seed)
    mask = ~np.isnan(obs)
    frac = mask.mean()
    rms = float(np.sqrt(np.mean(obs[mask] ** 2)))
    y = np.where(mask, obs, 0.0) / rms
    m = mask.astype(float)
    rows, cols = y.shape
    n = a.depth
    full = min(rows, cols)
    k = a.adaptive if a.adaptive else (a.width or full)
    _, s, _ = tte_common.randomized_svd(y, 1, rng)
    sigma = s[0] / frac
    def layer(o, i):
        return rng.standard_normal((o, i)) * (a.scale / np.sqrt(i))
    dims = [cols] + [k] * (n - 1) + [rows]
    W = [layer(dims[j + 1], dims[j]) for j in range(n)]
    eye = None
    for t in range(1, a.max_iterations + 1):
        P = [W[0]]
        for j in range(1, n):
            P.append(W[j] @ P[-1])
        X = P[-1]
        R = m * (X - y) / frac
        # suffix Grams S_j^T S_j, j = N-1 .. 1 (index j-1)
        SG = [None] * n
        if n > 1:
            SG[n - 2] = W[n - 1].T @ W[n - 1]
            for j in range(n - 3, -1, -1):
                SG[j] = W[j + 1].T @ SG[j + 1] @ W[j + 1]
        H = R
        new = []
        for j in range(n - 1, -1, -1):
            G = H @ P[j - 1].T if j > 0 else H
            if j > 0:
                H = W[j].T @ H
            if a.rowwise and j == n - 1 and n > 1:
                pp = P[j - 1].T  # cols x k
                kk = pp.shape[1]
                gram = (m @ (pp[:, :, None] * pp[:, None, :]).reshape(cols, kk * kk)).reshape(rows, kk, kk) / frac
                gram += a.lam * sigma ** (2.0 * j / n) * np.eye(kk)
                G = np.linalg.solve(gram, G[:, :, None])[:, :, 0]
            elif a.rowwise and j == 0 and n > 1:
                S = W[n - 1]
                for i in range(n - 2, 0, -1):
                    S = S @ W[i]
                kk = S.shape[1]
                gram = (m.T @ (S[:, :, None] * S[:, None, :]).reshape(rows, kk * kk)).reshape(cols, kk, kk) / frac
                gram += a.lam * sigma ** (2.0 * (n - 1) / n) * np.eye(kk)
                G = np.linalg.solve(gram, G.T[:, :, None])[:, :, 0].T
            elif j > 0:  # right preconditioner (P_{j-1} P_{j-1}^T + lam I)^-1
                pg = P[j - 1] @ P[j - 1].T
                lr_ = a.lam * sigma ** (2.0 * j / n)
                G = np.linalg.solve(pg + lr_ * np.eye(pg.shape[0]), G.T).T
            if j < n - 1 and not (a.rowwise and j == 0):
                ll = a.lam * sigma ** (2.0 * (n - 1 - j) / n)
                G = np.linalg.solve(SG[j] + ll * np.eye(SG[j].shape[0]), G)
            new.append((j, G))
        for j, G in new:
            W[j] = W[j] - a.eta * G
        if t % a.report_every == 0:
            if rep.report(t, X * rms) or rep.best < a.target:
                break
    rep.report(t, X * rms, final=True)


if __name__ == "__main__":
    main()
