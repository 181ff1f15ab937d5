#!/usr/bin/env python3
"""NumPy float32 baseline for bench/attention.mjs: the attention step of Eq. (2).

single:  softmax(lam * X @ x) @ X          (max-shifted softmax, one query)
batched: softmax(lam * Q @ X.T, axis=1) @ X (B queries at once)

Usage: python3 numpy_attention.py P N B lam [min_sample_ms runs]
Prints one JSON object: {"numpy": version, "blas": name, "threads": BLAS threads,
"single_ms", "single_min_ms", "batched_ms", "batched_min_ms"}: median and fastest of `runs`
samples; each sample repeats the call until it lasts at least min_sample_ms (the protocol of
attention.mjs and of the root bench/measure.mjs).
"""
import json
import os
import sys
import time

import numpy as np


def median_ms(fn, warmup=3, runs=15, min_sample_ms=25.0):
    for _ in range(warmup):
        fn()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        elapsed = (time.perf_counter() - start) * 1000
        if elapsed >= min_sample_ms:
            break
        calls = int(np.ceil(calls * 1.2 * min_sample_ms / max(elapsed, 0.01)))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) * 1000 / calls)
    return float(np.median(times)), float(np.min(times))


def blas_name():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name', 'BLAS')} {blas.get('version', '')}".strip()
    except Exception:  # older NumPy: no mode="dicts"
        return "BLAS"


def main():
    p, n, b = (int(v) for v in sys.argv[1:4])
    lam = float(sys.argv[4])
    min_sample_ms = float(sys.argv[5]) if len(sys.argv) > 5 else 25.0
    runs = int(sys.argv[6]) if len(sys.argv) > 6 else 15
    rng = np.random.default_rng(1)
    xi = rng.standard_normal((p, n), dtype=np.float32)
    x = xi[0] + 0.5 * rng.standard_normal(n, dtype=np.float32)
    q = xi[:b] + 0.5 * rng.standard_normal((b, n), dtype=np.float32)

    def single():
        s = xi @ x
        s *= np.float32(lam)
        s -= s.max()
        w = np.exp(s)
        w /= w.sum()
        return w @ xi

    def batched():
        s = q @ xi.T
        s *= np.float32(lam)
        s -= s.max(axis=1, keepdims=True)
        w = np.exp(s)
        w /= w.sum(axis=1, keepdims=True)
        return w @ xi

    single_ms, single_min_ms = median_ms(single, runs=runs, min_sample_ms=min_sample_ms)
    batched_ms, batched_min_ms = median_ms(batched, runs=runs, min_sample_ms=min_sample_ms)
    print(json.dumps({
        "numpy": np.__version__,
        "blas": blas_name(),
        "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count() or 1)),
        "single_ms": single_ms,
        "single_min_ms": single_min_ms,
        "batched_ms": batched_ms,
        "batched_min_ms": batched_min_ms,
    }))


if __name__ == "__main__":
    main()
