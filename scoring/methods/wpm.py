"""Weighted product model, with a floor so that one zero cannot zero a whole product.

A product prod_j r_ij ** w_j is 0 as soon as one normalised value r_ij is 0, however small the
criterion's weight: one grade 0 on a 1 %-weight criterion would rank an option last overall.
The rule here: a normalised value below ``floor`` (default :data:`WPM_FLOOR` = 0.01, i.e. 1 %
of the best option on that criterion under max normalisation) is read as ``floor``. A 0 on a
criterion of weight w then costs the option a factor 0.01 ** w (0.955 at w = 1 %, 0.316 at
w = 25 %) instead of everything; cells above the floor are untouched, so the ranking is the
textbook WPM's whenever no value is that small. :func:`floor_warnings` names each floored cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scoring.errors import ScoringError, ScoringWarning
from scoring.methods._common import weighted_sum
from scoring.methods.result import MethodResult
from scoring.normalise import Normalisation, normalise

WPM_FLOOR = 0.01


def wpm_normalised(
    matrix: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "max",
    floor: float = WPM_FLOOR,
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised values max(r_ij, floor) and the mask of the cells the floor raised."""
    if not 0 < floor <= 1:
        raise ScoringError("wpm_floor_out_of_range", f"floor must be in (0, 1], got {floor}")
    r = normalise(matrix, directions, normalisation)
    low = r < floor
    return np.where(low, floor, r), low


def wpm(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "max",
    floor: float = WPM_FLOOR,
) -> np.ndarray:
    """Weighted product of normalised scores; higher is better.

    Parameters
    ----------
    matrix : ndarray, shape (m, n) or (S, m, n)
        Values >= 0 for ``max`` normalisation (a ratio scale).
    weights : ndarray, shape (n,) or (S, n), summing to 1
    directions : ndarray, shape (n,), +1 benefit / -1 cost
    normalisation : {"max", "minmax", "vector"}
        ``max`` (x/max for benefit, min/x for cost; Hwang & Yoon's linear scale) by default.
    floor : float
        Normalised values below it are read as it (module docstring); min-max normalisation
        maps every criterion's worst option to 0, hence to the floor.

    Returns
    -------
    ndarray, shape (m,) or (S, m)

    Notes
    -----
    P_i = prod_j max(r_ij, floor) ** w_j = exp(sum_j w_j ln max(r_ij, floor)). With ``max``
    normalisation and no value below the floor the ranking equals Bridgman's ratio form
    prod_j (x_ij)^(+/- w_j).

    References
    ----------
    Bridgman, P. W. (1922). *Dimensional Analysis*. Miller, D. W., & Starr, M. K. (1969).
    *Executive Decisions and Operations Research*. Triantaphyllou, E. (2000). *Multi-Criteria
    Decision Making Methods: A Comparative Study*, Kluwer, 2.2.2.
    """
    r, _ = wpm_normalised(matrix, directions, normalisation, floor)
    return np.exp(weighted_sum(np.log(r), weights))


def wpm_explained(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    normalisation: Normalisation = "max",
    floor: float = WPM_FLOOR,
) -> MethodResult:
    """:func:`wpm` with the normalised (floored) matrix, the floored cells and factors r_ij ** w_j."""
    r, low = wpm_normalised(matrix, directions, normalisation, floor)
    factors = r ** np.asarray(weights, dtype=float)
    extra = {
        "normalised": r,
        "factors": factors,
        "floored": low,
        "raw_normalised": normalise(matrix, directions, normalisation),
        "floor": floor,
    }
    return MethodResult("wpm", np.prod(factors, axis=1), True, normalisation, extra)


def floor_warnings(
    explained: MethodResult,
    options: Sequence[str],
    criteria: Sequence[str],
    weights: np.ndarray,
) -> list[ScoringWarning]:
    """``wpm_floor`` for every floored cell on a criterion with weight > 0, as option/criterion.

    A criterion on which every option is floored multiplies every score by the same factor and
    cannot change the ranking (it is reported as ``zero_variance_criterion`` when the options are
    equal there), so its cells are not named.
    """
    floored = explained.extra["floored"]
    low = floored & (np.asarray(weights) > 0) & ~floored.all(axis=0)
    raw, floor = explained.extra["raw_normalised"], explained.extra["floor"]
    return [
        ScoringWarning(
            "wpm_floor",
            f"normalised value {raw[i, j]:.3g} is below the weighted product's floor {floor:g} "
            f"and is read as {floor:g}, so that one low value cannot zero the whole product",
            f"{options[i]}/{criteria[j]}",
        )
        for i, j in zip(*np.nonzero(low), strict=True)
    ]
