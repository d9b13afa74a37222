"""Weighted sum model (simple additive weighting)."""

from __future__ import annotations

import numpy as np

from scoring.methods._common import weighted_sum
from scoring.methods.result import MethodResult
from scoring.normalise import Normalisation, normalise


def wsm(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "minmax",
) -> np.ndarray:
    """Weighted sum of normalised scores; higher is better.

    Parameters
    ----------
    matrix : ndarray, shape (m, n) or (S, m, n)
    weights : ndarray, shape (n,) or (S, n), summing to 1
    directions : ndarray, shape (n,), +1 benefit / -1 cost
    normalisation : {"minmax", "max", "vector"}

    Returns
    -------
    ndarray, shape (m,) or (S, m)

    Notes
    -----
    U_i = sum_j w_j r_ij, r = normalised matrix (larger is better after normalisation).
    With minmax normalisation the weights act as swing weights over the observed ranges;
    adding an option outside a range rescales that criterion (possible rank reversal);
    ``max`` normalisation (x/max, min/x) does not move when a dominated option is added.

    References
    ----------
    Fishburn, P. C. (1967). Additive utilities with incomplete product sets. Operations Research
    15(3). Hwang, C. L., & Yoon, K. (1981). *Multiple Attribute Decision Making*, Springer, 2.3.1.
    """
    return weighted_sum(normalise(matrix, directions, normalisation), weights)


def wsm_explained(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "minmax",
) -> MethodResult:
    """:func:`wsm` with the normalised matrix and per-criterion contributions w_j r_ij."""
    n = normalise(matrix, directions, normalisation)
    contrib = n * np.asarray(weights, dtype=float)
    return MethodResult(
        "wsm",
        contrib.sum(axis=1),
        True,
        normalisation,
        {"normalised": n, "contributions": contrib},
    )
