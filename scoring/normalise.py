"""Normalisation of a decision matrix (options x criteria) with criterion directions +1/-1.

All functions work along the options axis (-2), so a leading batch axis (samples) is allowed.

========  =========================================  ==========================================
name      benefit (direction +1)                     cost (direction -1)
========  =========================================  ==========================================
minmax    (x - min) / (max - min)                    (max - x) / (max - min)
max       x / max  (needs x >= 0)                     min / x          (needs x >= 0)
vector    x / sqrt(sum x^2)                          1 - x / sqrt(sum x^2)
none      x                                          x  (the method handles direction itself)
========  =========================================  ==========================================

A criterion on which every option has the same value (zero variance) maps to 0 under minmax
and vector and to 1 under max: it adds the same to every option, so it does not change the
ranking; :func:`zero_variance` finds such criteria so the caller can say so.

Zeros under max normalisation take the formula's limits: an all-zero benefit column maps to 1
(constant); on a cost criterion a value of 0 is the best possible and maps to 1, and then every
positive value maps to min/x = 0. The weighted product floors such zeros
(:data:`scoring.methods.wpm.WPM_FLOOR`).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from scoring.errors import ScoringError

Normalisation = Literal["minmax", "max", "vector", "none"]
NORMALISATIONS: tuple[str, ...] = ("minmax", "max", "vector", "none")


def zero_variance(matrix: np.ndarray, rtol: float = 1e-12) -> np.ndarray:
    """Boolean mask of criteria (columns) on which all options are equal."""
    x = np.asarray(matrix, dtype=float)
    spread = x.max(axis=-2) - x.min(axis=-2)
    scale = np.maximum(np.abs(x).max(axis=-2), 1.0)
    return spread <= rtol * scale


def normalise(
    matrix: np.ndarray,
    directions: np.ndarray,
    method: Normalisation = "minmax",
    labels: list[str] | None = None,
) -> np.ndarray:
    """Normalise each criterion so that larger is better and values lie in [0, 1].

    Parameters
    ----------
    matrix : ndarray, shape (..., m, n)
        m options by n criteria.
    directions : ndarray, shape (n,)
        +1 benefit, -1 cost.
    method : {"minmax", "max", "vector", "none"}
        See the module table.
    labels : list of str, optional
        Criterion names for error messages.

    Returns
    -------
    ndarray, shape (..., m, n)

    Raises
    ------
    ScoringError
        ``unknown_normalisation``; ``normalisation_nonpositive`` when ``max`` meets a negative
        value.
    """
    x = np.asarray(matrix, dtype=float)
    d = np.asarray(directions)
    cost = d < 0
    if method == "none":
        return x.copy()
    if method == "minmax":
        lo = x.min(axis=-2, keepdims=True)
        hi = x.max(axis=-2, keepdims=True)
        rng = hi - lo
        flat = rng <= 1e-12 * np.maximum(np.abs(hi), 1.0)
        safe = np.where(flat, 1.0, rng)
        out = np.where(cost, hi - x, x - lo) / safe
        return np.where(flat, 0.0, out)
    if method == "vector":
        norm = np.sqrt((x * x).sum(axis=-2, keepdims=True))
        flat = zero_variance(x)[..., None, :]
        safe = np.where(norm == 0, 1.0, norm)
        out = np.where(cost, 1.0 - x / safe, x / safe)
        return np.where(flat, 0.0, out)
    if method == "max":
        negative = np.any(x < 0, axis=tuple(range(x.ndim - 1)))
        if negative.any():
            names = labels or [str(j) for j in range(x.shape[-1])]
            raise ScoringError(
                "normalisation_nonpositive",
                "max normalisation reads values as a ratio scale and needs values >= 0 "
                "(benefit x/max, cost min/x); use minmax or vector normalisation for this matrix",
                names[int(np.argmax(negative))],
            )
        hi = x.max(axis=-2, keepdims=True)
        lo = x.min(axis=-2, keepdims=True)
        by_benefit = np.where(hi > 0, x / np.where(hi > 0, hi, 1.0), 1.0)  # all zero: constant
        by_cost = np.where(x > 0, lo / np.where(x > 0, x, 1.0), 1.0)  # a zero cost is the best
        return np.where(cost, by_cost, by_benefit)
    raise ScoringError(
        "unknown_normalisation", f"normalisation must be one of {NORMALISATIONS}, got {method!r}"
    )
