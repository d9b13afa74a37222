"""PROMETHEE II: net outranking flows with the usual or the linear preference function."""

from __future__ import annotations

from typing import Literal

import numpy as np

from scoring.errors import ScoringError
from scoring.methods._common import weighted_sum
from scoring.methods.result import MethodResult

PreferenceFunction = Literal["usual", "linear"]


def _thresholds(value: float | np.ndarray | None, n: int, name: str) -> np.ndarray:
    if value is None:
        raise ScoringError(
            "promethee_thresholds", f"linear preference needs {name} for every criterion"
        )
    arr = np.broadcast_to(np.asarray(value, dtype=float), (n,))
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise ScoringError("promethee_thresholds", f"{name} must be finite and >= 0")
    return arr


def _preference(
    x: np.ndarray,
    directions: np.ndarray,
    function: PreferenceFunction,
    q: float | np.ndarray | None,
    p: float | np.ndarray | None,
) -> np.ndarray:
    """P_j(a, b) with shape (..., m, m, n) (a, b, j); works on a leading sample axis."""
    dirs = np.asarray(directions, dtype=float)
    diff = (x[..., :, None, :] - x[..., None, :, :]) * dirs
    if function == "usual":
        return (diff > 0).astype(float)
    if function == "linear":
        n = x.shape[-1]
        qq = _thresholds(q, n, "q")
        pp = _thresholds(p, n, "p")
        if np.any(pp < qq):
            raise ScoringError("promethee_thresholds", "p must be >= q for every criterion")
        span = np.where(pp > qq, pp - qq, 1.0)
        lin = np.clip((diff - qq) / span, 0.0, 1.0)
        return np.where(pp > qq, lin, (diff > qq).astype(float))
    raise ScoringError(
        "promethee_function", f"preference function must be 'usual' or 'linear', got {function!r}"
    )


def preference_degrees(
    matrix: np.ndarray,
    directions: np.ndarray,
    function: PreferenceFunction = "usual",
    q: float | np.ndarray | None = None,
    p: float | np.ndarray | None = None,
) -> np.ndarray:
    """P_j(a, b) for every criterion, shape (n, m, m): how strongly a is preferred to b on j.

    usual: P = 1 if d > 0 else 0; linear (V-shape with indifference): P = 0 if d <= q,
    (d - q)/(p - q) if q < d <= p, 1 if d > p; d = direction_j * (x_aj - x_bj).
    """
    return np.moveaxis(_preference(np.asarray(matrix, float), directions, function, q, p), -1, 0)


def unicriterion_flows(pref: np.ndarray) -> np.ndarray:
    """Net flow of each option on each criterion alone, shape (m, n), from P of shape (n, m, m)."""
    m = pref.shape[1]
    if m < 2:
        return np.zeros((m, pref.shape[0]))
    return ((pref.sum(axis=2) - pref.sum(axis=1)) / (m - 1)).T


def _flows(pref: np.ndarray) -> np.ndarray:
    """Unicriterion net flows (..., m, n) from P of shape (..., m, m, n)."""
    m = pref.shape[-2]
    if m < 2:
        return np.zeros((*pref.shape[:-3], m, pref.shape[-1]))
    return (pref.sum(axis=-2) - pref.sum(axis=-3)) / (m - 1)


def promethee(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    function: PreferenceFunction = "usual",
    q: float | np.ndarray | None = None,
    p: float | np.ndarray | None = None,
) -> np.ndarray:
    """PROMETHEE II net flow phi(a) = phi+(a) - phi-(a); higher is better.

    Parameters
    ----------
    matrix : ndarray, shape (m, n)
        Raw values in each criterion's own units (thresholds are in those units).
    weights : ndarray, shape (n,) or (S, n), summing to 1
    directions : ndarray, shape (n,), +1 benefit / -1 cost
    function : {"usual", "linear"}
    q, p : float or ndarray (n,)
        Indifference and preference thresholds for ``linear``.

    Returns
    -------
    ndarray, shape (m,) or (S, m)

    Notes
    -----
    pi(a, b) = sum_j w_j P_j(a, b); phi+(a) = sum_b pi(a, b)/(m - 1);
    phi-(a) = sum_b pi(b, a)/(m - 1); phi = phi+ - phi- = sum_j w_j phi_j with phi_j the
    unicriterion net flows, which is how the kernel vectorises over weight samples.

    References
    ----------
    Brans, J. P., & Vincke, P. (1985). A preference ranking organisation method (The PROMETHEE
    method for MCDM). Management Science 31(6), 647-656. Brans, J. P., & Mareschal, B. (2005).
    PROMETHEE methods. In Figueira et al., *Multiple Criteria Decision Analysis*, Springer.
    """
    x = np.asarray(matrix, dtype=float)
    return weighted_sum(_flows(_preference(x, directions, function, q, p)), weights)


def promethee_explained(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    function: PreferenceFunction = "usual",
    q: float | np.ndarray | None = None,
    p: float | np.ndarray | None = None,
) -> MethodResult:
    """:func:`promethee` with pi(a, b), phi+, phi- and the unicriterion flows."""
    x = np.asarray(matrix, dtype=float)
    pref = preference_degrees(x, directions, function, q, p)
    w = np.asarray(weights, dtype=float)
    pi = np.tensordot(w, pref, axes=1)
    m = x.shape[0]
    den = max(m - 1, 1)
    phi_plus, phi_minus = pi.sum(axis=1) / den, pi.sum(axis=0) / den
    extra = {
        "preference_index": pi,
        "phi_plus": phi_plus,
        "phi_minus": phi_minus,
        "unicriterion_flows": unicriterion_flows(pref),
        "function": function,
    }
    return MethodResult("promethee", phi_plus - phi_minus, True, "none", extra)
