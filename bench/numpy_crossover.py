"""Baseline for `pnpm bench`: a straightforward NumPy implementation of the paper's protocol.

Spherical patterns, P = round(exp(alpha N)); for each N, a 12-step bisection over lambda in
[0.01, 3] on the success rate of `samples` realisations, with FRESH patterns for every
realisation and every lambda; each realisation starts at xi^1, runs at most 100 attention steps
x <- X^T softmax(lambda X x) in float32 (stopping at a fixed point), and succeeds when
||x - xi^1||^2 / N < 0.01. Prints one JSON object: per N the crossover and the seconds taken.

Usage: python3 bench/numpy_crossover.py [--alpha 0.2] [--Ns 20,30,40,45] [--samples 64]
"""
import argparse
import json
import time

import numpy as np


def spherical_patterns(rng, p, n):
    x = rng.standard_normal((p, n)).astype(np.float32)
    x *= np.sqrt(n) / np.linalg.norm(x, axis=1, keepdims=True)
    return x


def retrieves(rng, n, p, lam):
    return run_from_first(spherical_patterns(rng, p, n), lam)


def run_from_first(xs, lam):
    """The protocol from xi^1 = xs[0]: at most 100 float32 updates, stopped at a fixed point."""
    n = xs.shape[1]
    target = xs[0]
    x = target.copy()
    for _ in range(100):
        s = lam * (xs @ x)
        s -= s.max()
        w = np.exp(s)
        w /= w.sum()
        new = w @ xs
        done = np.sum((new - x) ** 2) / n < 1e-12
        x = new
        if done:
            break
    return np.sum((x - target) ** 2) / n < 0.01


def crossover(rng, n, alpha, samples):
    p = int(round(np.exp(alpha * n)))
    lo, hi = 0.01, 3.0
    for _ in range(12):
        mid = 0.5 * (lo + hi)
        rate = np.mean([retrieves(rng, n, p, np.float32(mid)) for _ in range(samples)])
        if rate >= 0.5:
            hi = mid
        else:
            lo = mid
    return p, 0.5 * (lo + hi)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alpha", type=float, default=0.2)
    parser.add_argument("--Ns", default="20,30,40,45")
    parser.add_argument("--samples", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    points = []
    start = time.perf_counter()
    for n in [int(v) for v in args.Ns.split(",")]:
        t0 = time.perf_counter()
        p, lam = crossover(rng, n, args.alpha, args.samples)
        points.append({"N": n, "P": p, "lambdaHalf": lam, "seconds": time.perf_counter() - t0})
    print(json.dumps({"numpy": np.__version__, "points": points, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
