"""Weighted product model."""

from __future__ import annotations

import numpy as np

from scoring.methods._common import weighted_sum
from scoring.methods.result import MethodResult
from scoring.normalise import Normalisation, normalise


def wpm(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "max",
) -> np.ndarray:
    """Weighted product of normalised scores; higher is better.

    Parameters
    ----------
    matrix : ndarray, shape (m, n) or (S, m, n)
    weights : ndarray, shape (n,) or (S, n), summing to 1
    directions : ndarray, shape (n,), +1 benefit / -1 cost
    normalisation : {"max", "minmax", "vector"}
        ``max`` (x/max for benefit, min/x for cost; Hwang & Yoon's linear scale) by default. A
        normalised value of 0 (possible with minmax) makes the whole product 0.

    Returns
    -------
    ndarray, shape (m,) or (S, m)

    Notes
    -----
    P_i = prod_j r_ij ** w_j = exp(sum_j w_j ln r_ij). With ``max`` normalisation the ranking
    equals Bridgman's ratio form prod_j (x_ij)^(+/- w_j).

    References
    ----------
    Bridgman, P. W. (1922). *Dimensional Analysis*. Miller, D. W., & Starr, M. K. (1969).
    *Executive Decisions and Operations Research*. Triantaphyllou, E. (2000). *Multi-Criteria
    Decision Making Methods: A Comparative Study*, Kluwer, 2.2.2.
    """
    n = normalise(matrix, directions, normalisation)
    zero = n <= 0
    logs = np.log(np.where(zero, 1.0, n))
    # a zero factor with a positive weight makes the whole product zero
    killed = weighted_sum(zero.astype(float), (np.asarray(weights) > 0).astype(float)) > 0
    return np.where(killed, 0.0, np.exp(weighted_sum(logs, weights)))


def wpm_explained(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "max",
) -> MethodResult:
    """:func:`wpm` with the normalised matrix and the factors r_ij ** w_j."""
    n = normalise(matrix, directions, normalisation)
    factors = n ** np.asarray(weights, dtype=float)
    return MethodResult(
        "wpm",
        np.prod(factors, axis=1),
        True,
        normalisation,
        {"normalised": n, "factors": factors},
    )
