"""Benchmark of the scoring package (printed figures, not a timed test).

Run: .venv/bin/python bench/bench_scoring.py

1. Ranking 100 options x 60 criteria x 15 raters: committee consensus (mean, dispersion,
   Kendall's W per criterion, outliers) + WSM ranking; target < 20 ms. Also every method.
2. Rank acceptability (SMAA) with 20,000 weight samples x 50 options x 40 criteria with score
   noise from rater dispersion; target < 0.5 s.
Each figure is compared in the same run with a straightforward reference: pymcdm called once
per sample in a Python loop (on a subset, extrapolated).
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from scoring.analysis import rank_matrix
from scoring.committee import RatingTensor, consensus, rating_tensor
from scoring.methods import METHODS
from scoring.smaa import sample_weights, smaa


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_ranking() -> None:
    rng = np.random.default_rng(0)
    k, m, n = 15, 100, 60
    truth = rng.uniform(0, 5, (m, n))
    scores = np.clip(np.round(truth + rng.normal(0, 0.8, (k, m, n))), 0, 5)
    scores[rng.random((k, m, n)) < 0.02] = np.nan  # some missing scores
    weights = rng.dirichlet(np.ones(n))
    dirs = np.where(rng.random(n) < 0.3, -1, 1)
    tensor = RatingTensor(tuple(f"r{i}" for i in range(k)), tuple(f"o{i}" for i in range(m)),
                          tuple(f"c{j}" for j in range(n)), scores, np.full(n, 5.0))  # fmt: skip

    def pipeline(method: str = "wsm") -> object:
        c = consensus(tensor)
        return rank_matrix(
            c.values, weights, dirs, method, options=tensor.options, criteria=tensor.criteria
        )

    t_ours = best_of(pipeline)
    print(
        f"1. ranking {m} options x {n} criteria x {k} raters (consensus + Kendall's W + outliers + WSM)"
    )
    print(f"   ours:   {t_ours * 1e3:8.2f} ms   (target < 20 ms)")
    for meth in METHODS:
        print(f"     {meth:10} {best_of(functools.partial(pipeline, meth)) * 1e3:8.2f} ms")
    nested = {r: {o: {c: (None if np.isnan(scores[i, a, b]) else float(scores[i, a, b]))
                      for b, c in enumerate(tensor.criteria)} for a, o in enumerate(tensor.options)}
              for i, r in enumerate(tensor.raters)}  # fmt: skip
    t_dict = best_of(
        lambda: rating_tensor(nested, tensor.raters, tensor.options, tensor.criteria), 3
    )
    print(
        f"   (+ reading the nested rater->option->criterion dict into the tensor: {t_dict * 1e3:.1f} ms)"
    )

    # straightforward reference: per-cell Python consensus, then pymcdm WSM
    def reference() -> object:
        cons = np.empty((m, n))
        for a in range(m):
            for b in range(n):
                vals = [v for v in scores[:, a, b] if not np.isnan(v)]
                cons[a, b] = sum(vals) / len(vals)
        return pm.WSM(pn.minmax_normalization)(cons, weights, dirs, validation=False)

    t_ref = best_of(reference, 3)
    print(
        f"   reference (Python per-cell mean + pymcdm WSM): {t_ref * 1e3:8.2f} ms   ratio {t_ref / t_ours:6.1f}x"
    )


def bench_smaa() -> None:
    rng = np.random.default_rng(1)
    s, m, n = 20_000, 50, 40
    x = rng.uniform(0, 5, (m, n))
    sd = rng.uniform(0, 0.5, (m, n))
    w = rng.dirichlet(np.ones(n))
    d = np.where(rng.random(n) < 0.3, -1, 1)
    smaa(x, w, d, samples=500, score_sd=sd)  # warm-up
    t_ours = best_of(lambda: smaa(x, w, d, samples=s, score_sd=sd, seed=2), 5)
    print(
        f"\n2. rank acceptability: {s} weight samples x {m} options x {n} criteria, score noise on"
    )
    print(f"   ours (WSM):    {t_ours:8.3f} s    (target < 0.5 s)")
    t_topsis = (
        best_of(lambda: smaa(x, w, d, "topsis", samples=2000, score_sd=sd, seed=2), 2) * s / 2000
    )
    print(f"   ours (TOPSIS, full matrix per sample, extrapolated from 2,000): {t_topsis:8.3f} s")

    sub = 1000
    ref = pm.WSM(pn.minmax_normalization)

    def reference() -> np.ndarray:
        r = np.random.default_rng(3)
        ws = sample_weights(r, w, n, sub, 100.0)
        acc = np.zeros((m, m))
        for k in range(sub):
            xs = x + sd * r.standard_normal((m, n))
            p = ref(xs, ws[k], d, validation=False)
            ranks = np.argsort(np.argsort(-p))
            acc[np.arange(m), ranks] += 1
        return acc / sub

    t_ref = best_of(reference, 2) * s / sub
    print(f"   reference (pymcdm WSM per sample in a loop, {sub} samples extrapolated): {t_ref:8.3f} s"
          f"   ratio {t_ref / t_ours:6.1f}x")  # fmt: skip


if __name__ == "__main__":
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs")
    bench_ranking()
    bench_smaa()
