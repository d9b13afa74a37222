"""TOPSIS: closeness to the ideal and distance from the anti-ideal solution."""

from __future__ import annotations

import numpy as np

from scoring.methods._common import safe_divide, weighted_matrix
from scoring.methods.result import MethodResult
from scoring.normalise import Normalisation, normalise


def _core(
    matrix: np.ndarray, weights: np.ndarray, directions: np.ndarray, normalisation: Normalisation
) -> dict[str, np.ndarray]:
    n = normalise(matrix, directions, normalisation)
    v = weighted_matrix(n, weights)
    pis = v.max(axis=-2, keepdims=True)
    nis = v.min(axis=-2, keepdims=True)
    d_plus = np.sqrt(((v - pis) ** 2).sum(axis=-1))
    d_minus = np.sqrt(((v - nis) ** 2).sum(axis=-1))
    closeness = safe_divide(d_minus, d_plus + d_minus, fill=0.5)
    return {
        "normalised": n,
        "weighted": v,
        "ideal": pis[..., 0, :],
        "anti_ideal": nis[..., 0, :],
        "d_plus": d_plus,
        "d_minus": d_minus,
        "closeness": closeness,
    }


def topsis(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "vector",
) -> np.ndarray:
    """Relative closeness to the ideal solution; higher is better.

    Parameters
    ----------
    matrix : ndarray, shape (m, n) or (S, m, n)
    weights : ndarray, shape (n,) or (S, n), summing to 1
    directions : ndarray, shape (n,), +1 benefit / -1 cost
    normalisation : {"vector", "minmax", "max"}
        ``vector`` is Hwang & Yoon's original; min-max can pick a different winner.

    Returns
    -------
    ndarray, shape (m,) or (S, m)
        C_i in [0, 1]; 0.5 for every option when all options are identical.

    Notes
    -----
    v_ij = w_j r_ij (r normalised so that larger is better); A+ = max_i v_ij, A- = min_i v_ij;
    D+_i = ||v_i - A+||_2, D-_i = ||v_i - A-||_2; C_i = D-_i / (D+_i + D-_i).

    References
    ----------
    Hwang, C. L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
    Applications*. Springer. Tzeng, G. H., & Huang, J. J. (2011). *Multiple Attribute Decision
    Making: Methods and Applications*. CRC Press, ch. 4.
    """
    return _core(matrix, weights, directions, normalisation)["closeness"]


def topsis_explained(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "vector",
) -> MethodResult:
    """:func:`topsis` with normalised/weighted matrices, ideal points and both distances."""
    core = _core(matrix, weights, directions, normalisation)
    return MethodResult("topsis", core.pop("closeness"), True, normalisation, core)
