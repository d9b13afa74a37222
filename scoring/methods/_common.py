"""Helpers shared by the method kernels."""

from __future__ import annotations

import numpy as np


def weighted_sum(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """sum_j w_j v_ij for values (..., m, n) and weights (n,) or (S, n) -> (m,) or (S, m)."""
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if v.ndim == 2:
        return w @ v.T
    return np.einsum("smn,sn->sm", v, np.broadcast_to(w, (v.shape[0], w.shape[-1])))


def weighted_matrix(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """w_j v_ij broadcast to (..., m, n), with a sample axis when weights are (S, n)."""
    w = np.asarray(weights, dtype=float)
    if w.ndim == 2:
        return values * w[:, None, :]
    return values * w


def safe_divide(num: np.ndarray, den: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """num / den with ``fill`` where den == 0 (no warning, no NaN)."""
    den = np.asarray(den, dtype=float)
    zero = den == 0
    return np.where(zero, fill, np.asarray(num, dtype=float) / np.where(zero, 1.0, den))
