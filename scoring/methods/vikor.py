"""VIKOR: compromise ranking by group utility S, individual regret R and their blend Q."""

from __future__ import annotations

import numpy as np

from scoring.errors import ScoringError
from scoring.methods._common import safe_divide, weighted_matrix
from scoring.methods.result import MethodResult


def _core(
    matrix: np.ndarray, weights: np.ndarray, directions: np.ndarray, v: float
) -> dict[str, np.ndarray]:
    if not 0.0 <= v <= 1.0:
        raise ScoringError(
            "vikor_v_out_of_range", f"v should be in range [0, 1], but its value is {v}."
        )
    x = np.asarray(matrix, dtype=float)
    d = np.asarray(directions)
    hi = x.max(axis=-2, keepdims=True)
    lo = x.min(axis=-2, keepdims=True)
    best = np.where(d > 0, hi, lo)
    worst = np.where(d > 0, lo, hi)
    # a criterion on which all options are equal contributes 0 (not 0/0)
    gap = safe_divide(best - x, best - worst, fill=0.0)
    wg = weighted_matrix(gap, weights)
    s = wg.sum(axis=-1)
    r = wg.max(axis=-1)
    s_star, s_minus = s.min(axis=-1, keepdims=True), s.max(axis=-1, keepdims=True)
    r_star, r_minus = r.min(axis=-1, keepdims=True), r.max(axis=-1, keepdims=True)
    q = v * safe_divide(s - s_star, s_minus - s_star) + (1 - v) * safe_divide(
        r - r_star, r_minus - r_star
    )
    return {"best": best[..., 0, :], "worst": worst[..., 0, :], "S": s, "R": r, "Q": q}


def vikor(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    v: float = 0.5,
) -> np.ndarray:
    """VIKOR's Q index; LOWER is better.

    Parameters
    ----------
    matrix : ndarray, shape (m, n) or (S, m, n)
        Raw values (VIKOR scales each criterion by its own best-worst range).
    weights : ndarray, shape (n,) or (S, n), summing to 1
    directions : ndarray, shape (n,), +1 benefit / -1 cost
    v : float
        Weight of the strategy of maximum group utility (0.5: consensus).

    Returns
    -------
    ndarray, shape (m,) or (S, m)

    Notes
    -----
    f*_j = best, f-_j = worst value of criterion j; S_i = sum_j w_j (f*_j - f_ij)/(f*_j - f-_j);
    R_i = max_j of the same terms; Q_i = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*).
    A criterion with f* = f- contributes 0; a term with a zero denominator is 0.

    References
    ----------
    Opricovic, S., & Tzeng, G. H. (2004). Compromise solution by MCDM methods: A comparative
    analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455.
    """
    return _core(matrix, weights, directions, v)["Q"]


def vikor_explained(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    v: float = 0.5,
) -> MethodResult:
    """:func:`vikor` with S, R, Q and the compromise-solution conditions.

    C1 acceptable advantage: Q(A2) - Q(A1) >= DQ = 1/(m-1); C2 acceptable stability: A1 is also
    best by S or R. Compromise set: A1 if both hold; A1 and A2 if only C2 fails; otherwise every
    option with Q - Q(A1) < DQ.
    """
    core = _core(matrix, weights, directions, v)
    q, s, r = core["Q"], core["S"], core["R"]
    m = q.shape[0]
    order = np.argsort(q, kind="stable")
    dq = 1.0 / (m - 1) if m > 1 else 0.0
    a1 = int(order[0])
    c1 = bool(m < 2 or q[order[1]] - q[a1] >= dq - 1e-12)
    c2 = bool(np.isclose(s[a1], s.min()) or np.isclose(r[a1], r.min()))
    if c1 and c2:
        comp = [a1]
    elif c1:
        comp = [a1, int(order[1])]
    else:
        comp = [int(i) for i in order if q[i] - q[a1] < dq - 1e-12]
    extra = {
        **core,
        "v": v,
        "dq": dq,
        "acceptable_advantage": c1,
        "acceptable_stability": c2,
        "compromise_set": comp,
    }
    return MethodResult("vikor", q, False, "none", extra)
