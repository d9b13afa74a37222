"""Committee: several raters score each option on each criterion.

Consensus (mean or median of the raters who scored a cell), per-cell dispersion, agreement as
Kendall's W (tie-corrected) per criterion, outlying raters. Missing scores stay missing: they
are excluded from every statistic with a warning, never read as zero.
"""

from __future__ import annotations

import warnings as _w
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.stats import chi2 as chi2_dist
from scipy.stats import rankdata

from scoring.errors import ScoringError, ScoringWarning

Aggregate = Literal["mean", "median"]


@dataclass(frozen=True)
class RatingTensor:
    """Scores as an array (raters x options x criteria), NaN where a rater gave no score."""

    raters: tuple[str, ...]
    options: tuple[str, ...]
    criteria: tuple[str, ...]
    values: np.ndarray
    spans: np.ndarray  # (n,) scale max - min, for scale-free dispersion and outliers


def rating_tensor(
    scores: Mapping[str, Mapping[str, Mapping[str, float | None]]],
    raters: Sequence[str],
    options: Sequence[str],
    criteria: Sequence[str],
    spans: Sequence[float] | None = None,
) -> tuple[RatingTensor, list[ScoringWarning]]:
    """Collect ``scores[rater][option][criterion]`` into a tensor; drop raters who scored nothing.

    Warnings: ``rater_no_scores`` (excluded), ``nan_score`` (a NaN is read as missing).
    """
    oi = {o: i for i, o in enumerate(options)}
    ci = {c: j for j, c in enumerate(criteria)}
    warnings: list[ScoringWarning] = []
    kept: list[str] = []
    layers: list[np.ndarray] = []
    for r in raters:
        layer = np.full((len(options), len(criteria)), np.nan)
        for o, by_c in scores.get(r, {}).items():
            if o not in oi:
                continue
            for c, v in by_c.items():
                if c not in ci or v is None:
                    continue
                if not np.isfinite(v):
                    warnings.append(
                        ScoringWarning(
                            "nan_score", "score is not a number: treated as missing", f"{r}/{o}/{c}"
                        )
                    )
                    continue
                layer[oi[o], ci[c]] = float(v)
        if np.isnan(layer).all():
            if criteria:
                warnings.append(
                    ScoringWarning(
                        "rater_no_scores", "rater scored nothing: excluded from consensus", r
                    )
                )
            continue
        kept.append(r)
        layers.append(layer)
    values = np.stack(layers) if layers else np.empty((0, len(options), len(criteria)))
    sp = np.ones(len(criteria)) if spans is None else np.asarray(spans, dtype=float)
    return RatingTensor(tuple(kept), tuple(options), tuple(criteria), values, sp), warnings


@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance for one criterion (or overall)."""

    w: float | None
    raters: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    chi2: float | None = None
    p_value: float | None = None


def kendall_w(rankings: np.ndarray) -> float | None:
    """Kendall's W with tie correction for k raters x m objects (any scores; ranked per row).

    Notes
    -----
    W = 12 S / (k^2 (m^3 - m) - k T), S = sum_i (R_i - mean R)^2, R_i the rank sum of object i,
    T = sum over raters and tie groups of (t^3 - t). None when undefined (m < 2, k < 2, or all
    raters tie everything).

    References
    ----------
    Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings. Ann. Math. Stat.
    10(3). Siegel, S., & Castellan, N. J. (1988). *Nonparametric Statistics*, 9.4.
    """
    x = np.asarray(rankings, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        return None
    k, m = x.shape
    r = rankdata(x, axis=1, method="average")
    t = 0.0
    for row in x:
        _, counts = np.unique(row, return_counts=True)
        t += float(np.sum(counts.astype(float) ** 3 - counts))
    rs = r.sum(axis=0)
    s = float(np.sum((rs - rs.mean()) ** 2))
    den = k * k * (m**3 - m) - k * t
    if den <= 0:
        return None
    return min(max(12 * s / den, 0.0), 1.0)


@dataclass(frozen=True)
class RaterOutlier:
    """How far a rater's scores sit from the other raters' mean, in shares of the scale span.

    ``correlation`` is the Pearson correlation of the rater's scores with that mean.
    """

    rater: str
    deviation: float
    correlation: float | None
    outlier: bool


@dataclass(frozen=True)
class Consensus:
    """Consensus matrix of the rating criteria with its dispersion and agreement."""

    tensor: RatingTensor
    method: str
    values: np.ndarray  # (m, n) NaN where no rater scored the cell
    count: np.ndarray  # (m, n) raters per cell
    std: np.ndarray  # (m, n) sample standard deviation (ddof=1), NaN below 2 scores
    spread: np.ndarray  # (m, n) max - min
    kendall: dict[str, KendallW]
    outliers: tuple[RaterOutlier, ...]
    warnings: tuple[ScoringWarning, ...] = field(default_factory=tuple)

    @property
    def sem(self) -> np.ndarray:
        """Standard error of the consensus mean (0 where fewer than two scores)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            out = self.std / np.sqrt(self.count)
        return np.nan_to_num(out, nan=0.0)

    def spreads(self) -> list[CellSpread]:
        """Every option x criterion cell's disagreement, largest standard deviation first
        (cells without a measured dispersion last)."""
        v = self.tensor.values
        out: list[CellSpread] = []
        for i, o in enumerate(self.tensor.options):
            for j, c in enumerate(self.tensor.criteria):
                cell = v[:, i, j]
                given = cell[~np.isnan(cell)]
                out.append(
                    CellSpread(
                        o,
                        c,
                        int(given.size),
                        float(given.mean()) if given.size else None,
                        None if np.isnan(self.std[i, j]) else float(self.std[i, j]),
                        float(given.min()) if given.size else None,
                        float(given.max()) if given.size else None,
                    )
                )
        out.sort(key=lambda s: (s.std is None, -(s.std or 0.0), s.option, s.criterion))
        return out


@dataclass(frozen=True)
class CellSpread:
    """How far the raters are apart on one option x criterion cell.

    ``std`` is the sample standard deviation (n - 1) of the ratings; None when fewer than two
    raters scored the cell: a single rating has no measured dispersion (not "no disagreement").
    ``mean``, ``min``, ``max`` are None when nobody scored it.
    """

    option: str
    criterion: str
    n: int
    mean: float | None
    std: float | None
    min: float | None
    max: float | None


def _outliers(t: RatingTensor, threshold: float) -> tuple[RaterOutlier, ...]:
    k = t.values.shape[0]
    if k < 3:
        return tuple(RaterOutlier(r, 0.0, None, False) for r in t.raters)
    scaled = t.values / t.spans
    present = ~np.isnan(scaled)
    filled = np.where(present, scaled, 0.0)
    total, count = filled.sum(axis=0), present.sum(axis=0)
    devs: list[float] = []
    cors: list[float | None] = []
    for i in range(k):
        # leave-one-out mean of the other raters, cell by cell
        others_n = count - present[i]
        ok = present[i] & (others_n > 0)
        if not ok.any():
            devs.append(0.0)
            cors.append(None)
            continue
        loo = (total[ok] - filled[i][ok]) / others_n[ok]
        mine = scaled[i][ok]
        devs.append(float(np.mean(np.abs(mine - loo))))
        if mine.size >= 3 and mine.std() > 0 and loo.std() > 0:
            cors.append(float(np.corrcoef(mine, loo)[0, 1]))
        else:
            cors.append(None)
    d = np.array(devs)
    med_d = float(np.median(d))
    mad = float(np.median(np.abs(d - med_d))) * 1.4826
    limit = max(med_d + 3 * mad, threshold)
    return tuple(
        RaterOutlier(r, dv, c, bool(dv > limit))
        for r, dv, c in zip(t.raters, devs, cors, strict=True)
    )


def kendall_w_by_criterion(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kendall's W (tie-corrected) of every criterion at once from a (k, m, n) tensor.

    A rater enters a criterion's W only if they scored every option on it. Returns W (n,)
    (NaN where undefined) and the (k, n) mask of raters used.
    """
    m, n = values.shape[1], values.shape[2]
    used = ~np.isnan(values).any(axis=1)
    x = np.where(np.isnan(values), 0.0, values)
    ranks = rankdata(x, axis=1, method="average")
    tie = rankdata(x, axis=1, method="max") - rankdata(x, axis=1, method="min") + 1
    u = used[:, None, :]
    rsum = (ranks * u).sum(axis=0)
    kk = used.sum(axis=0).astype(float)
    s = ((rsum - rsum.mean(axis=0)) ** 2).sum(axis=0)
    t = ((tie**2 - 1.0) * u).sum(axis=(0, 1))
    den = kk * kk * (m**3 - m) - kk * t
    ok = (kk >= 2) & (den > 0) & (m >= 2)
    w = np.full(n, np.nan)
    w[ok] = np.clip(12 * s[ok] / den[ok], 0.0, 1.0)
    return w, used


def consensus(
    tensor: RatingTensor, method: Aggregate = "mean", outlier_threshold: float = 0.2
) -> Consensus:
    """Aggregate raters per cell, ignoring missing scores, and measure disagreement.

    Parameters
    ----------
    tensor : RatingTensor
    method : {"mean", "median"}
    outlier_threshold : float
        A rater is an outlier when the mean absolute distance of their scores from the other
        raters' mean (leave-one-out, cell by cell), as a share of the scale span, exceeds both
        this value and median + 3 x 1.4826 x MAD of that distance over all raters.

    Warnings
    --------
    ``missing_scores`` per rater with gaps; ``cell_unscored`` per cell nobody scored;
    ``rater_outlier``; ``kendall_w_raters_excluded`` when a criterion's W uses only the raters
    who scored every option on it; ``low_agreement`` when W < 0.3.
    """
    if method not in ("mean", "median"):
        raise ScoringError(
            "unknown_aggregate", f"aggregate must be 'mean' or 'median', got {method!r}"
        )
    v = tensor.values
    k, m, n = v.shape
    warnings: list[ScoringWarning] = []
    count = (~np.isnan(v)).sum(axis=0) if k else np.zeros((m, n), dtype=int)
    with _w.catch_warnings():
        _w.simplefilter("ignore", RuntimeWarning)
        if k == 0:
            vals = np.full((m, n), np.nan)
            std = np.full((m, n), np.nan)
            spread = np.full((m, n), np.nan)
        else:
            vals = np.nanmean(v, axis=0) if method == "mean" else np.nanmedian(v, axis=0)
            std = np.where(count >= 2, np.nanstd(v, axis=0, ddof=1) if k >= 2 else np.nan, np.nan)
            spread = np.nanmax(v, axis=0) - np.nanmin(v, axis=0)
    for i, r in enumerate(tensor.raters):
        gaps = int(np.isnan(v[i]).sum())
        if gaps:
            warnings.append(
                ScoringWarning(
                    "missing_scores",
                    f"{gaps} of {m * n} scores missing: excluded from those cells, not counted as 0",
                    r,
                )
            )
    for oi, cj in np.argwhere(count == 0):
        warnings.append(
            ScoringWarning(
                "cell_unscored",
                "no rater scored this option on this criterion",
                f"{tensor.options[oi]}/{tensor.criteria[cj]}",
            )
        )
    kendall: dict[str, KendallW] = {}
    if k:
        wv, used_mask = kendall_w_by_criterion(v)
    else:
        wv, used_mask = np.full(n, np.nan), np.zeros((0, n), dtype=bool)
    for j, c in enumerate(tensor.criteria):
        used = tuple(r for r, ok in zip(tensor.raters, used_mask[:, j], strict=True) if ok)
        excluded = tuple(r for r, ok in zip(tensor.raters, used_mask[:, j], strict=True) if not ok)
        w = None if np.isnan(wv[j]) else float(wv[j])
        chi2 = p = None
        if w is not None:
            chi2 = len(used) * (m - 1) * w
            p = float(chi2_dist.sf(chi2, m - 1))
        kendall[c] = KendallW(w, used, excluded, chi2, p)
        if excluded and w is not None:
            warnings.append(
                ScoringWarning(
                    "kendall_w_raters_excluded",
                    "Kendall's W uses only raters who scored every option: excluded "
                    + ", ".join(excluded),
                    c,
                )
            )
        if w is not None and w < 0.3:
            warnings.append(
                ScoringWarning(
                    "low_agreement", f"raters disagree on this criterion (Kendall's W = {w:.2f})", c
                )
            )
    outliers = _outliers(tensor, outlier_threshold)
    for o in outliers:
        if o.outlier:
            warnings.append(
                ScoringWarning(
                    "rater_outlier",
                    f"scores are on average {o.deviation:.0%} of the scale away from the other raters' mean",
                    o.rater,
                )
            )
    return Consensus(tensor, method, vals, count, std, spread, kendall, outliers, tuple(warnings))
