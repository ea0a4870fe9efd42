#!/usr/bin/env python3
"""Peer benchmark (not a test): the solver's gradient-descent loop in numpy.

The same problem and loop as org.deeplowrank.bench.SolverBenchmark: a d x d completion
problem with 50 % of the entries observed, a depth-N factorization W = W_N ... W_1 at full
width, and per iteration the prefixes P_j = W_j P_{j-1}, the masked residual
R = M * (P_N - Y), H_j = W_{j+1}^T H_{j+1} from H_N = R, the layer gradients
G_j = H_j P_{j-1}^T, the gradient norm and the step (3(N-1) GEMMs, 6(N-1) d^3 flops).
Prints ms per iteration and GFLOP/s for float32 and float64; with --ours FILE (the
Markdown table written by SolverBenchmark) it also prints our ms per iteration and the
ratio numpy / ours (> 1: we are faster) for each of our kernels at the same d, N and
precision.

    python3 bench/numpy_gd.py --sizes 128,256,512,1024 --depths 2,3,4 --threads 2 --ours target/benchmark.md

numpy uses the BLAS it was built with (OpenBLAS in the wheels); --threads sets its thread
count (compare at the same count as SolverBenchmark's threads=).
"""
import argparse
import os
import re
import sys
import time

np = None  # imported in main(), after --threads has set the BLAS thread count


def ms_per_iteration(d, depth, dtype, seconds):
    rng = np.random.default_rng(31 * d + depth)
    y = rng.standard_normal((d, d)).astype(dtype)
    m = (rng.random((d, d)) < 0.5).astype(dtype)
    y *= m
    w = [(rng.standard_normal((d, d)) * (0.1 / np.sqrt(d))).astype(dtype) for _ in range(depth)]
    spare = [np.empty_like(x) for x in w]
    grads = [np.empty_like(x) for x in w]
    prefix = [None] * (depth + 1)
    eta = dtype(1e-6)

    def iterate():
        nonlocal w, spare
        prefix[1] = w[0]
        for j in range(2, depth + 1):
            prefix[j] = w[j - 1] @ prefix[j - 1]
        r = m * prefix[depth] - y
        loss = 0.5 * float(np.dot(r.ravel(), r.ravel()))
        h = r
        for j in range(depth, 0, -1):
            if j < depth:
                h = w[j].T @ h
            if j == 1:
                grads[0][...] = h
            else:
                np.matmul(h, prefix[j - 1].T, out=grads[j - 1])
        g2 = sum(float(np.dot(g.ravel(), g.ravel())) for g in grads)
        for j in range(depth):
            np.multiply(grads[j], -eta, out=spare[j])
            spare[j] += w[j]
        w, spare = spare, w
        return loss, g2

    t0 = time.perf_counter()
    warm = 0
    while warm < 2 or time.perf_counter() - t0 < 0.5 * seconds:
        iterate()
        warm += 1
    t0 = time.perf_counter()
    n = 0
    while n < 3 or time.perf_counter() - t0 < seconds:
        iterate()
        n += 1
    return (time.perf_counter() - t0) * 1e3 / n


def read_ours(path):
    """(kernels, d, N) -> ms per iteration from SolverBenchmark's Markdown table."""
    ours = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4 and re.fullmatch(r"(java|native)/(float|double)", cells[0]):
                ours[(cells[0], int(cells[1]), int(cells[2]))] = float(cells[3])
    return ours


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="128,256,512,1024")
    ap.add_argument("--depths", default="2,3,4")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--ours", help="SolverBenchmark's Markdown table, for the ratios")
    ap.add_argument("--threads", type=int, default=0,
                    help="BLAS threads (0 = numpy's default: all cores); use the same as our threads=")
    a = ap.parse_args()
    if a.threads > 0:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(a.threads)
    global np
    try:
        import numpy
    except ImportError:  # the peer is optional: say so and succeed
        print("numpy is not installed: skipping the numpy peer benchmark")
        return
    np = numpy
    ours = read_ours(a.ours) if a.ours else {}
    print(f"numpy {np.__version__}, threads {a.threads or 'default'}")
    print("| numpy | d | N | ms / iteration | GFLOP/s | ours (kernels: ms / iteration, numpy / ours) |")
    print("|---|---|---|---|---|---|")
    for d in (int(s) for s in a.sizes.split(",")):
        for depth in (int(s) for s in a.depths.split(",")):
            for name, dtype in (("float32", np.float32), ("float64", np.float64)):
                ms = ms_per_iteration(d, depth, dtype, a.seconds)
                gflops = 6.0 * (depth - 1) * d ** 3 / (ms * 1e-3) * 1e-9
                precision = "float" if dtype is np.float32 else "double"
                cmp = []
                for kernels in (f"native/{precision}", f"java/{precision}"):
                    if (kernels, d, depth) in ours:
                        o = ours[(kernels, d, depth)]
                        cmp.append(f"{kernels}: {o:.2f}, {ms / o:.2f}×")
                print(f"| {name} | {d} | {depth} | {ms:.2f} | {gflops:.1f} | {'; '.join(cmp) or '-'} |", flush=True)


if __name__ == "__main__":
    main()
