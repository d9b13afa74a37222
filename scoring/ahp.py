"""AHP: pairwise comparison matrices on Saaty's 1-9 scale, principal eigenvector, consistency.

Eigen method: the principal (Perron) eigenvector of the reciprocal matrix, normalised to sum 1
(Saaty 1980). Consistency index CI = (lambda_max - n) / (n - 1); consistency ratio
CR = CI / RI(n) with the random index table below; CR > 0.10 is flagged.

Random index table (``RANDOM_INDEX``): Saaty's values for n = 1..10 (Saaty 1980, *The Analytic
Hierarchy Process*, Table 1.2: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49), extended to
n = 11..15 with the values Saaty published later (Saaty 2012, *Decision Making for Leaders*:
1.51, 1.48, 1.56, 1.57, 1.59) and to n = 16..20 with values simulated here by Alonso & Lamata's
procedure (:func:`simulated_random_index`, 100,000 matrices per n, seed 0; the same procedure
reproduces their published n = 3..15 values within 0.003). ``RANDOM_INDEX_ALONSO_LAMATA``
(Alonso & Lamata 2006, 500,000 random matrices per n) is available as an alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from scoring.errors import ScoringError, ScoringWarning

RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
    16: 1.5954,
    17: 1.6051,
    18: 1.6142,
    19: 1.6222,
    20: 1.6294,
}
RANDOM_INDEX_ALONSO_LAMATA: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.5245,
    4: 0.8815,
    5: 1.1086,
    6: 1.2479,
    7: 1.3417,
    8: 1.4056,
    9: 1.4499,
    10: 1.4854,
    11: 1.5141,
    12: 1.5365,
    13: 1.5551,
    14: 1.5713,
    15: 1.5838,
}
RANDOM_INDEX_NAME = (
    "Saaty 1980 (n<=10) extended by Saaty 2012 (n=11..15) and by simulation (n=16..20)"
)
CR_THRESHOLD = 0.10
SAATY_SCALE: np.ndarray = np.array([1 / v for v in range(9, 1, -1)] + list(range(1, 10)), float)
_TOL = 1e-6


@dataclass(frozen=True)
class Inconsistency:
    """One judgement that contributes to inconsistency, and the value that would repair it.

    ``ratio_error`` is a_ij * w_j / w_i (1 for a judgement consistent with the derived weights);
    ``consistent_value`` = w_i / w_j; ``suggested`` is that value rounded to Saaty's scale, and
    ``cr_after`` the consistency ratio if ``a`` vs ``b`` were changed to ``suggested``.
    """

    a: str
    b: str
    value: float
    ratio_error: float
    consistent_value: float
    suggested: float
    cr_after: float | None


@dataclass(frozen=True)
class PairSuggestion:
    """The pair to judge next (see :func:`scoring.ahp_incomplete.suggest_pair` for the rule).

    ``reason`` is ``"connect"`` while some items are not yet linked to the others by any chain of
    judgements, else ``"shorten"``; ``distance`` is the length of the shortest chain of
    judgements between ``a`` and ``b`` before this one (None while they are not linked).
    """

    a: str
    b: str
    reason: Literal["connect", "shorten"]
    distance: int | None


@dataclass(frozen=True)
class AhpResult:
    """Weights and consistency of one pairwise comparison matrix (complete or incomplete).

    For an incomplete matrix ``matrix`` is its optimal completion (the missing entries chosen
    to minimise lambda_max), ``lambda_max`` that minimum, ``missing`` the pairs not judged and
    ``suggestion`` the pair to judge next.
    """

    labels: tuple[str, ...]
    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float | None
    ri: float | None
    consistent: bool
    inconsistencies: tuple[Inconsistency, ...] = ()
    warnings: tuple[ScoringWarning, ...] = ()
    method: str = "principal eigenvector"
    ri_table: str = RANDOM_INDEX_NAME
    matrix: np.ndarray = field(default_factory=lambda: np.ones((1, 1)))
    missing: tuple[tuple[str, str], ...] = ()
    suggestion: PairSuggestion | None = None

    @property
    def judged(self) -> int:
        """Number of pairs judged."""
        n = len(self.labels)
        return n * (n - 1) // 2 - len(self.missing)

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.labels, (float(w) for w in self.weights), strict=True))


def validate_pairwise(
    matrix: np.ndarray, labels: Sequence[str] | None = None, *, allow_missing: bool = False
) -> np.ndarray:
    """Check a pairwise matrix: square, finite, positive, unit diagonal, reciprocal, in 1/9..9.

    With ``allow_missing`` an off-diagonal pair may be NaN (not judged) on both sides.

    Raises
    ------
    ScoringError
        ``ahp_not_square``, ``ahp_not_finite``, ``ahp_out_of_range``, ``ahp_diagonal`` or
        ``ahp_not_reciprocal``, naming the offending entry.
    """
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ScoringError("ahp_not_square", f"pairwise matrix must be square, got shape {a.shape}")
    n = a.shape[0]
    names = list(labels) if labels is not None else [str(i) for i in range(n)]
    missing = np.isnan(a) & np.isnan(a.T) & ~np.eye(n, dtype=bool) if allow_missing else None
    if missing is not None:
        a = np.where(missing, 1.0, a)
    if not np.all(np.isfinite(a)):
        i, j = np.argwhere(~np.isfinite(a))[0]
        raise ScoringError("ahp_not_finite", f"entry is {a[i, j]}", f"{names[i]}/{names[j]}")
    bad = (a < 1 / 9 - _TOL) | (a > 9 + _TOL)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ScoringError(
            "ahp_out_of_range",
            f"judgement {a[i, j]:g} is outside Saaty's scale 1/9..9",
            f"{names[i]}/{names[j]}",
        )
    diag = np.abs(np.diag(a) - 1) > _TOL
    if diag.any():
        i = int(np.argmax(diag))
        raise ScoringError("ahp_diagonal", f"diagonal must be 1, got {a[i, i]:g}", names[i])
    rec = np.abs(a * a.T - 1) > 1e-4
    if rec.any():
        i, j = np.argwhere(rec)[0]
        raise ScoringError(
            "ahp_not_reciprocal",
            f"matrix is not reciprocal: a[{names[i]},{names[j]}]={a[i, j]:g} but "
            f"a[{names[j]},{names[i]}]={a[j, i]:g} (should be {1 / a[i, j]:g})",
            f"{names[i]}/{names[j]}",
        )
    return a if missing is None else np.where(missing, np.nan, a)


def judgement_matrix(
    labels: Sequence[str], judgements: Sequence[tuple[str, str, float]]
) -> np.ndarray:
    """The reciprocal matrix of judgements ``(a, b, value)`` (a is value x b), NaN where not judged.

    Raises ``ahp_unknown_item`` for a name not in ``labels`` and ``ahp_out_of_range`` for a value
    outside 1/9..9.
    """
    idx = {label: i for i, label in enumerate(labels)}
    n = len(labels)
    a = np.full((n, n), np.nan)
    np.fill_diagonal(a, 1.0)
    for x, y, v in judgements:
        if x not in idx or y not in idx:
            raise ScoringError(
                "ahp_unknown_item", f"unknown item; known: {list(labels)}", f"{x}/{y}"
            )
        if not (1 / 9 - _TOL <= v <= 9 + _TOL):
            raise ScoringError(
                "ahp_out_of_range", f"judgement {v:g} is outside Saaty's scale 1/9..9", f"{x}/{y}"
            )
        a[idx[x], idx[y]] = v
        a[idx[y], idx[x]] = 1 / v
    return a


def pairwise_matrix(
    labels: Sequence[str], judgements: Sequence[tuple[str, str, float]]
) -> np.ndarray:
    """Build the complete reciprocal matrix from judgements ``(a, b, value)`` (a is value x b).

    Every pair must be judged once (either way round); a missing pair raises ``ahp_incomplete``
    (:func:`scoring.ahp_incomplete.ahp_judgements` weighs incomplete judgements).
    """
    a = judgement_matrix(labels, judgements)
    n = len(labels)
    missing = [
        f"{labels[i]}/{labels[j]}" for i in range(n) for j in range(i + 1, n) if np.isnan(a[i, j])
    ]
    if missing:
        raise ScoringError(
            "ahp_incomplete",
            f"{len(missing)} pair(s) not judged: {', '.join(missing)}",
            ",".join(missing),
        )
    return a


def principal_eigenvector(a: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenvector (normalised to sum 1) and eigenvalue lambda_max of a positive matrix.

    Notes
    -----
    A w = lambda_max w; by Perron-Frobenius the eigenvector of the largest real eigenvalue of a
    positive matrix is positive. Saaty (1980), *The Analytic Hierarchy Process*, ch. 1.
    """
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    return w / w.sum(), float(vals[k].real)


def consistency(
    lambda_max: float, n: int, table: dict[int, float] | None = None
) -> tuple[float, float | None, float | None]:
    """CI = (lambda_max - n)/(n - 1), RI(n) and CR = CI/RI (0 for n <= 2, None beyond the table)."""
    table = RANDOM_INDEX if table is None else table
    if n <= 2:
        return 0.0, 0.0, 0.0
    ci = max((lambda_max - n) / (n - 1), 0.0)
    ri = table.get(n)
    if ri is None:
        return ci, None, None
    return ci, ri, ci / ri


def nearest_saaty(x: float) -> float:
    """The value of Saaty's scale (1/9..9) nearest to ``x`` in log distance: |ln s - ln x| minimal.

    Judgements are ratios, so 1/7 and 7 are as far from 1 as each other; rounding by plain
    distance would send 1.45 to 1 but its reciprocal 0.69 to 1/2. With log distance
    ``nearest_saaty(1/x) == 1/nearest_saaty(x)`` for every x; an exact tie (x = sqrt(2), say)
    goes to the value nearer 1, on either side.
    """
    logs = np.log(SAATY_SCALE)
    gap = np.abs(logs - np.log(x))
    tied = gap <= gap.min() + 1e-12
    return float(SAATY_SCALE[np.flatnonzero(tied)[np.argmin(np.abs(logs[tied]))]])


def diagnose(
    a: np.ndarray,
    w: np.ndarray,
    names: Sequence[str],
    cr: float,
    cr_after: Callable[[np.ndarray], float | None],
    *,
    judged: np.ndarray | None = None,
    top: int = 3,
) -> tuple[tuple[Inconsistency, ...], tuple[ScoringWarning, ...]]:
    """The judgements that add most to inconsistency, each with the value that would repair it.

    Judgement i/j is ranked by |ln e_ij|, e_ij = a_ij w_j / w_i (0 for a judgement consistent
    with the weights); its repair is w_i / w_j rounded to Saaty's scale (:func:`nearest_saaty`),
    and ``cr_after(b)`` gives the consistency ratio of the matrix b with that repair. Only
    judged pairs (``judged`` mask, upper triangle) are named.
    """
    n = a.shape[0]
    iu, ju = np.triu_indices(n, 1)
    if judged is not None:
        keep = judged[iu, ju]
        iu, ju = iu[keep], ju[keep]
    err = a[iu, ju] * w[ju] / w[iu]
    order = np.argsort(-np.abs(np.log(err)), kind="stable")[:top]
    found: list[Inconsistency] = []
    warnings = [
        ScoringWarning(
            "ahp_inconsistent",
            f"consistency ratio {cr:.3f} exceeds {CR_THRESHOLD:.2f}",
            ",".join(names),
        )
    ]
    for k in order:
        i, j = int(iu[k]), int(ju[k])
        target = float(np.clip(w[i] / w[j], 1 / 9, 9))
        suggested = nearest_saaty(target)
        b = a.copy()
        b[i, j], b[j, i] = suggested, 1 / suggested
        after = cr_after(b)
        found.append(
            Inconsistency(
                names[i], names[j], float(a[i, j]), float(err[k]), target, suggested, after
            )
        )
        warnings.append(
            ScoringWarning(
                "ahp_inconsistent_judgement",
                f"judgement {names[i]} vs {names[j]} = {a[i, j]:g} is inconsistent with the "
                f"others; {suggested:.3g} (consistent value {target:.3g}) would bring CR to "
                f"{after if after is not None else float('nan'):.3f}",
                f"{names[i]}/{names[j]}",
            )
        )
    return tuple(found), tuple(warnings)


def no_random_index_warning(n: int, names: Sequence[str]) -> ScoringWarning:
    """``ahp_no_random_index``: CR cannot be computed for this many items."""
    return ScoringWarning(
        "ahp_no_random_index",
        f"no random index for n={n} (table covers n<={max(RANDOM_INDEX)}); CR not computed. "
        "Split the comparison into smaller groups (at most about 7 items).",
        ",".join(names),
    )


def ahp(
    matrix: np.ndarray,
    labels: Sequence[str] | None = None,
    *,
    table: dict[int, float] | None = None,
    top: int = 3,
) -> AhpResult:
    """Weights of a pairwise comparison matrix with consistency diagnosis.

    Parameters
    ----------
    matrix : ndarray, shape (n, n)
        Reciprocal matrix, a_ij = how much more important i is than j (1/9..9).
    labels : sequence of str, optional
        Item names used in messages.
    table : dict, optional
        Random index table (default ``RANDOM_INDEX``).
    top : int
        How many inconsistent judgements to name when CR > 0.10.

    Returns
    -------
    AhpResult
        ``weights`` (principal eigenvector, sum 1), ``lambda_max``, ``ci``, ``cr``; when
        CR > 0.10 the judgements with the largest |ln ratio error| (a_ij w_j / w_i), each with
        the consistent value w_i/w_j, its nearest Saaty value and the CR after that repair.

    References
    ----------
    Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
    EJOR 48(1), 9-26.
    """
    n = np.asarray(matrix).shape[0] if np.asarray(matrix).ndim == 2 else 0
    names = tuple(labels) if labels is not None else tuple(str(i) for i in range(n))
    a = validate_pairwise(matrix, names)
    n = a.shape[0]
    table = RANDOM_INDEX if table is None else table
    w, lam = principal_eigenvector(a)
    ci, ri, cr = consistency(lam, n, table)
    warnings: list[ScoringWarning] = []
    if n > 2 and cr is None:
        warnings.append(no_random_index_warning(n, names))
    consistent = cr is None or cr <= CR_THRESHOLD
    found: tuple[Inconsistency, ...] = ()
    if cr is not None and not consistent:
        found, extra = diagnose(
            a,
            w,
            names,
            cr,
            lambda b: consistency(principal_eigenvector(b)[1], n, table)[2],
            top=top,
        )
        warnings.extend(extra)
    return AhpResult(
        labels=names,
        weights=w,
        lambda_max=lam,
        ci=ci,
        cr=cr,
        ri=ri,
        consistent=consistent,
        inconsistencies=found,
        warnings=tuple(warnings),
        matrix=a,
    )


def geometric_mean_matrix(
    matrices: Sequence[np.ndarray], weights: Sequence[float] | None = None
) -> np.ndarray:
    """Aggregate individual judgements (AIJ): element-wise (weighted) geometric mean.

    a_ij = prod_k a_ij,k ** (l_k / sum l) over the members k who judged the pair (NaN entries are
    pairs a member left out; a pair nobody judged stays NaN). The mean of reciprocals is the
    reciprocal of the mean, so the result is again a reciprocal matrix (Aczel & Saaty 1983).

    References
    ----------
    Forman, E., & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
    analytic hierarchy process. EJOR 108(1), 165-169. Aczel, J., & Saaty, T. L. (1983).
    Procedures for synthesizing ratio judgements. J. Math. Psychology 27(1), 93-102.
    """
    if len(matrices) == 0:
        raise ScoringError("ahp_no_judgements", "no pairwise matrices to aggregate")
    stack = np.stack([validate_pairwise(m, allow_missing=True) for m in matrices])
    lam = np.ones(len(matrices)) if weights is None else np.asarray(weights, dtype=float)
    present = ~np.isnan(stack)
    share = np.where(present, lam[:, None, None], 0.0)
    total = share.sum(axis=0)
    logs = np.where(present, np.log(np.where(present, stack, 1.0)), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.exp((share * logs).sum(axis=0) / total), np.nan)


def simulated_random_index(n: int, samples: int = 100_000, seed: int = 0) -> float:
    """Mean CI of random reciprocal n x n matrices with entries uniform on Saaty's 17 values.

    The procedure of Alonso & Lamata (2006) that produced ``RANDOM_INDEX_ALONSO_LAMATA``; used
    here for n = 16..20, beyond the published tables. Seeded; vectorised in chunks.

    References
    ----------
    Alonso, J. A., & Lamata, M. T. (2006). Consistency in the analytic hierarchy process: a new
    approach. Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445-459.
    """
    rng = np.random.default_rng(seed)
    iu, ju = np.triu_indices(n, 1)
    total, done = 0.0, 0
    while done < samples:
        c = min(10_000, samples - done)
        a = np.ones((c, n, n))
        v = SAATY_SCALE[rng.integers(0, SAATY_SCALE.size, (c, iu.size))]
        a[:, iu, ju] = v
        a[:, ju, iu] = 1 / v
        lam = np.linalg.eigvals(a).real.max(axis=1)
        total += float(((lam - n) / (n - 1)).sum())
        done += c
    return total / samples
