"""Rank correlation between chosen inputs with a Gaussian copula on those inputs only.

Uniforms of the correlated inputs are mapped to standard normals, mixed with the Cholesky
factor of the target correlation and mapped back, so each input keeps its own marginal
distribution. The Pearson correlation of the normals is set to ``2 sin(π ρ_s / 6)`` so that the
*rank* (Spearman) correlation of the inputs is ``ρ_s`` (the Gaussian-copula relation).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import special

Array = NDArray[np.float64]


def rank_to_pearson(rho_s: float) -> float:
    """Normal-copula Pearson correlation giving Spearman correlation ``rho_s``."""
    return 2.0 * math.sin(math.pi * rho_s / 6.0)


def cholesky_factor(names: list[str], pairs: list[tuple[str, str, float]]) -> Array:
    """Lower Cholesky factor of the copula correlation of ``names`` (identity elsewhere).

    Raises
    ------
    ValueError
        If the requested correlations are not jointly possible (matrix not positive definite).
    """
    k = len(names)
    pos = {n: i for i, n in enumerate(names)}
    c = np.eye(k)
    for a, b, rho in pairs:
        c[pos[a], pos[b]] = c[pos[b], pos[a]] = rank_to_pearson(rho)
    try:
        return np.asarray(np.linalg.cholesky(c), dtype=np.float64)
    except np.linalg.LinAlgError:
        raise ValueError(
            f"correlations between {', '.join(names)} are not jointly possible "
            "(the correlation matrix is not positive definite)"
        ) from None


def apply_copula(u: Array, chol: Array) -> Array:
    """Correlate rows of uniforms ``u`` (k, n) with the Cholesky factor ``chol`` (k, k)."""
    z = special.ndtri(np.clip(u, 1e-15, 1.0 - 1e-15))
    return special.ndtr(chol @ z)


def spearman(x: Array, y: Array) -> float:
    """Spearman rank correlation of two samples (ties broken by order; NaN if constant)."""
    rx = np.argsort(np.argsort(x, kind="stable"), kind="stable").astype(np.float64)
    ry = np.argsort(np.argsort(y, kind="stable"), kind="stable").astype(np.float64)
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    return float(np.corrcoef(rx, ry)[0, 1])
