"""SPOTIS: distance to the ideal point within fixed criterion bounds (rank-reversal free)."""

from __future__ import annotations

import numpy as np

from scoring.errors import ScoringError


def spotis(
    matrix: np.ndarray, weights: np.ndarray, directions: np.ndarray, bounds: np.ndarray
) -> np.ndarray:
    """Weighted normalised distance of each option to the ideal solution point; lower is better.

    Parameters
    ----------
    matrix : ndarray, shape (m, n) or (S, m, n)
    weights : ndarray, shape (n,) or (S, n), summing to 1
    directions : ndarray, shape (n,), +1 benefit / -1 cost
    bounds : ndarray, shape (n, 2)
        Fixed [min, max] of every criterion, chosen independently of the options on the list
        (a rating scale's ends, or a range set once for a measured quantity).

    Returns
    -------
    ndarray, shape (m,) or (S, m)

    Notes
    -----
    S*_j = max_j for benefit and min_j for cost criteria;
    P_i = sum_j w_j |a_ij - S*_j| / (max_j - min_j). Because the bounds do not depend on the
    other options, adding or removing an option never changes the order of the rest.

    References
    ----------
    Dezert, J., Tchamova, A., Han, D., & Tacnet, J.-M. (2020). The SPOTIS rank reversal free
    method for multi-criteria decision-making support. FUSION 2020, IEEE.
    """
    x = np.asarray(matrix, dtype=float)
    b = np.asarray(bounds, dtype=float)
    d = np.asarray(directions)
    if b.shape != (x.shape[-1], 2):
        raise ScoringError(
            "spotis_bounds", f"bounds must be {x.shape[-1]} x 2 (min, max), got {b.shape}"
        )
    span = b[:, 1] - b[:, 0]
    if np.any(span <= 0):
        j = int(np.argmax(span <= 0))
        raise ScoringError("spotis_bounds", f"bound min must be < max, got {b[j].tolist()}", str(j))
    if np.any(x < b[:, 0] - 1e-12) or np.any(x > b[:, 1] + 1e-12):
        raise ScoringError("spotis_bounds", "a value lies outside its criterion's bounds")
    ideal = np.where(d > 0, b[:, 1], b[:, 0])
    distances = np.abs(x - ideal) / span
    w = np.asarray(weights, dtype=float)
    if w.ndim == 1:
        return distances @ w
    return np.einsum("smn,sn->sm", distances, w)
