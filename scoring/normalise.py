"""Normalisation of a decision matrix (options x criteria) with criterion directions +1/-1.

All functions work along the options axis (-2), so a leading batch axis (samples) is allowed.

========  =========================================  ==========================================
name      benefit (direction +1)                     cost (direction -1)
========  =========================================  ==========================================
minmax    (x - min) / (max - min)                    (max - x) / (max - min)
max       x / max                                    min / x          (needs x > 0)
vector    x / sqrt(sum x^2)                          1 - x / sqrt(sum x^2)
none      x                                          x  (the method handles direction itself)
========  =========================================  ==========================================

A criterion on which every option has the same value (zero variance) maps to 0 under minmax
and vector and to 1 under max: it adds the same to every option, so it does not change the
ranking; :func:`zero_variance` finds such criteria so the caller can say so.
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
        ``unknown_normalisation``; ``normalisation_nonpositive`` when ``max`` meets a cost
        value <= 0 or a benefit criterion with a negative value or all zeros.
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
        names = labels or [str(j) for j in range(x.shape[-1])]
        bad_cost = cost & np.any(x <= 0, axis=tuple(range(x.ndim - 1)))
        hi = x.max(axis=-2, keepdims=True)
        bad_benefit = ~cost & (
            np.any(x < 0, axis=tuple(range(x.ndim - 1)))
            | np.any(hi <= 0, axis=tuple(range(x.ndim - 1)))
        )
        if bad_cost.any() or bad_benefit.any():
            j = int(np.argmax(bad_cost | bad_benefit))
            raise ScoringError(
                "normalisation_nonpositive",
                "max normalisation needs positive values (cost: min/x, benefit: x/max); "
                "use minmax or vector normalisation for this matrix",
                names[j],
            )
        lo = x.min(axis=-2, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(cost, lo / x, x / hi)
    raise ScoringError(
        "unknown_normalisation", f"normalisation must be one of {NORMALISATIONS}, got {method!r}"
    )
