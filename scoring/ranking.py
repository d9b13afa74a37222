"""Ranks with explicit ties, and agreement between rankings (Spearman, weighted Spearman)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata


@dataclass(frozen=True)
class Ranking:
    """Competition ranks ("1224"): tied options share the best rank of their group.

    Attributes
    ----------
    ranks : ndarray of int, shape (m,)
    ties : tuple of tuple of int
        Groups (option indices) of two or more options whose scores are equal within tolerance.
    """

    ranks: np.ndarray
    ties: tuple[tuple[int, ...], ...]


def rank_scores(scores: np.ndarray, higher_is_better: bool = True, rtol: float = 1e-9) -> Ranking:
    """Rank scores with ties made explicit instead of broken silently by argsort.

    Scores within ``rtol * max(1, max|score|)`` of the first score of a group are tied.
    NaN scores are not allowed (the callers never produce them).
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1:
        raise ValueError("scores must be one-dimensional")
    if np.isnan(s).any():
        raise ValueError("cannot rank NaN scores")
    key = -s if higher_is_better else s
    order = np.argsort(key, kind="stable")
    tol = rtol * max(1.0, float(np.abs(s).max()) if s.size else 1.0)
    ranks = np.empty(s.size, dtype=int)
    ties: list[tuple[int, ...]] = []
    start = 0
    while start < s.size:
        end = start + 1
        while end < s.size and key[order[end]] - key[order[start]] <= tol:
            end += 1
        ranks[order[start:end]] = start + 1
        if end - start > 1:
            ties.append(tuple(sorted(int(i) for i in order[start:end])))
        start = end
    return Ranking(ranks, tuple(ties))


def average_ranks(ranks: np.ndarray) -> np.ndarray:
    """Fractional ranks (ties get the mean position) for rank correlation."""
    return rankdata(np.asarray(ranks, dtype=float), method="average")


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho as the Pearson correlation of average ranks (tie-safe); 1.0 if both constant."""
    rx, ry = average_ranks(x), average_ranks(y)
    dx, dy = rx - rx.mean(), ry - ry.mean()
    den = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    if den == 0:
        return 1.0 if np.array_equal(rx, ry) else 0.0
    return float((dx * dy).sum() / den)


def weighted_spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Weighted Spearman r_w: disagreements near the top weigh more.

    Notes
    -----
    r_w = 1 - 6 sum_i (x_i - y_i)^2 ((N - x_i + 1) + (N - y_i + 1)) / (N^4 + N^3 - N^2 - N).

    References
    ----------
    Pinto da Costa, J., & Soares, C. (2005). A weighted rank measure of correlation. Australian &
    New Zealand Journal of Statistics 47(4), 515-529.
    """
    rx, ry = average_ranks(x), average_ranks(y)
    n = rx.size
    if n < 2:
        return 1.0
    num = 6 * np.sum((rx - ry) ** 2 * ((n - rx + 1) + (n - ry + 1)))
    return float(1 - num / (n**4 + n**3 - n**2 - n))


def agreement(
    rankings: Mapping[str, np.ndarray], measure: str = "spearman"
) -> dict[str, dict[str, float]]:
    """Pairwise agreement between named rankings (rank vectors, 1 = best)."""
    f = weighted_spearman if measure == "weighted_spearman" else spearman
    names: Sequence[str] = list(rankings)
    return {a: {b: f(rankings[a], rankings[b]) for b in names} for a in names}
