"""The strong simple baseline for `pnpm bench`: the estimator dam uses, written plainly in NumPy.

Spherical patterns drawn in float32 and normalised to sqrt(N), P = round(exp(alpha N)). Each
realisation bisects its own critical lambda on its own patterns: 12 halvings of [0.01, 3], each
probe a run from xi^1 of at most 100 float32 updates x <- X^T softmax(lambda X x), stopped when
||dx||^2 / N < 1e-12; success iff ||x - xi^1||^2 / N < 0.01. lambda_1/2 is the median of the
critical lambdas. Realisations go in chunks of 8 to a pool of one process per core, each with
OPENBLAS_NUM_THREADS=1. Prints one JSON object: per N the median and the seconds taken.

Usage: python3 bench/numpy_strong_crossover.py [--alpha 0.2] [--Ns 20,30,40,45] [--samples 64]
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from multiprocessing import Pool  # noqa: E402

import numpy as np  # noqa: E402
from numpy_crossover import run_from_first  # noqa: E402  (the same run as the naive baseline)

CHUNK = 8


def critical(args):
    n, p, seed = args
    rng = np.random.default_rng(seed)
    xs = rng.standard_normal((p, n), dtype=np.float32)
    xs *= np.float32(np.sqrt(n)) / np.linalg.norm(xs, axis=1, keepdims=True)
    lo, hi = 0.01, 3.0
    for _ in range(12):
        mid = 0.5 * (lo + hi)
        if run_from_first(xs, np.float32(mid)):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def chunk(args):
    n, p, seeds = args
    return [critical((n, p, seed)) for seed in seeds]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alpha", type=float, default=0.2)
    parser.add_argument("--Ns", default="20,30,40,45")
    parser.add_argument("--samples", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    points = []
    with Pool(os.cpu_count()) as pool:
        for n in [int(v) for v in args.Ns.split(",")]:
            t0 = time.perf_counter()
            p = int(round(np.exp(args.alpha * n)))
            seeds = [args.seed * 1_000_003 + n * 10_007 + r for r in range(args.samples)]
            tasks = [(n, p, seeds[i : i + CHUNK]) for i in range(0, len(seeds), CHUNK)]
            values = [v for part in pool.map(chunk, tasks) for v in part]
            points.append({"N": n, "P": p, "lambdaHalf": float(np.median(values)), "seconds": time.perf_counter() - t0})
    print(json.dumps({"numpy": np.__version__, "points": points, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
