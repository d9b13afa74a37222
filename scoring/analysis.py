"""One entry point per question: rank a matrix or a scenario, compare methods, report the committee."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario
from scoring.committee import Aggregate, Consensus, KendallW, RaterOutlier, kendall_w
from scoring.errors import ScoringError, ScoringWarning
from scoring.matrix import DecisionMatrix, build_matrix
from scoring.methods import (
    DEFAULT_NORMALISATION,
    EXPLAINED,
    HIGHER_IS_BETTER,
    METHODS,
    MethodResult,
)
from scoring.methods.wpm import floor_warnings
from scoring.normalise import zero_variance
from scoring.ranking import agreement, rank_scores
from scoring.sensitivity import (
    MinimalChange,
    StabilityInterval,
    Sweep,
    oat_sweep,
    stability_intervals,
)
from scoring.smaa import SmaaResult, smaa
from scoring.weights import (
    TreeWeights,
    direct_weights,
    group_shares,
    restrict_weights,
    tree_weights,
)

MAX_OPTIONS = 1000


@dataclass(frozen=True)
class RankingResult:
    """Scores and ranks of the options under one method, with everything needed to explain them.

    ``ranks`` are competition ranks (1 = best; tied options share a rank and are listed in
    ``ties``). ``weights`` are the effective weights used (sum 1), ``groups`` each interest
    group's share of them. ``normalisation`` names the normalisation applied.
    """

    method: str
    normalisation: str
    options: tuple[str, ...]
    criteria: tuple[str, ...]
    scores: np.ndarray
    ranks: np.ndarray
    ties: tuple[tuple[str, ...], ...]
    higher_is_better: bool
    weights: dict[str, float]
    groups: dict[str, float]
    explained: MethodResult
    params: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[ScoringWarning, ...] = ()

    @property
    def winner(self) -> str:
        return self.options[int(np.argmin(self.ranks))]

    def ranking(self) -> list[dict[str, Any]]:
        """Options ordered by rank: ``[{"option", "score", "rank"}, ...]``."""
        order = np.lexsort((np.arange(len(self.options)), self.ranks))
        return [
            {"option": self.options[i], "score": float(self.scores[i]), "rank": int(self.ranks[i])}
            for i in order
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "normalisation": self.normalisation,
            "higher_is_better": self.higher_is_better,
            "ranking": self.ranking(),
            "ties": [list(t) for t in self.ties],
            "weights": dict(self.weights),
            "groups": dict(self.groups),
            "params": {k: v for k, v in self.params.items() if not isinstance(v, np.ndarray)},
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _labels(prefix: str, n: int, given: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(given) if given is not None else tuple(f"{prefix}{i + 1}" for i in range(n))


def validate_problem(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    options: Sequence[str],
    criteria: Sequence[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check shapes and values; return float matrix, weights normalised to 1, int directions.

    Raises ScoringError: ``no_options``, ``too_many_options`` (> 1000), ``no_criteria``,
    ``shape_mismatch``, ``nan_score``, ``bad_direction``, ``all_weights_zero``,
    ``negative_weight``, ``weight_not_finite``.
    """
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2:
        raise ScoringError(
            "shape_mismatch", f"matrix must be options x criteria, got shape {x.shape}"
        )
    m, n = x.shape
    if m == 0:
        raise ScoringError("no_options", "there is no option to rank")
    if m > MAX_OPTIONS:
        raise ScoringError(
            "too_many_options", f"{m} options: at most {MAX_OPTIONS} can be ranked; shortlist first"
        )
    if n == 0:
        raise ScoringError("no_criteria", "there is no criterion to rank on")
    w = np.asarray(weights, dtype=float)
    d = np.asarray(directions)
    if w.shape != (n,) or d.shape != (n,) or len(options) != m or len(criteria) != n:
        raise ScoringError(
            "shape_mismatch",
            f"matrix is {m}x{n} but got {w.shape} weights, {d.shape} directions, "
            f"{len(options)} option and {len(criteria)} criterion names",
        )
    bad = ~np.isfinite(x)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ScoringError(
            "nan_score",
            f"score is {x[i, j]} ({int(bad.sum())} non-finite cell(s) in all); give a number or "
            "leave the score out so it is excluded",
            f"{options[i]}/{criteria[j]}",
        )
    if not np.all(np.isin(d, (-1, 1))):
        raise ScoringError("bad_direction", "directions must be +1 (benefit) or -1 (cost)")
    return x, direct_weights(w.tolist(), list(criteria)), d.astype(int)


def rank_matrix(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    method: str = "wsm",
    *,
    options: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
    normalisation: str | None = None,
    groups: Mapping[str, float] | None = None,
    v: float = 0.5,
    preference: str = "usual",
    q: float | np.ndarray | None = None,
    p: float | np.ndarray | None = None,
) -> RankingResult:
    """Validate, score and rank one decision problem with one method.

    Parameters
    ----------
    matrix : ndarray (m, n); weights : (n,) non-negative (normalised here); directions : (n,) +/-1
    method : {"wsm", "wpm", "topsis", "vikor", "promethee"}
    normalisation : str, optional
        Defaults per method: wsm minmax, wpm max, topsis vector; VIKOR and PROMETHEE use none.
    v : float
        VIKOR's weight of group utility (default 0.5).
    preference, q, p :
        PROMETHEE preference function ("usual" or "linear") and its thresholds.

    Warnings
    --------
    ``single_option``, ``zero_variance_criterion``, ``tie``, ``all_options_tied``; ``wpm_floor``
    per cell the weighted product reads at its floor.
    """
    if method not in METHODS:
        raise ScoringError(
            "unknown_method", f"method must be one of {', '.join(METHODS)}, got {method!r}"
        )
    m_ = np.asarray(matrix).shape
    opts = _labels("A", m_[0] if len(m_) == 2 else 0, options)
    crits = _labels("C", m_[1] if len(m_) == 2 else 0, criteria)
    x, w, d = validate_problem(matrix, weights, directions, opts, crits)
    warnings: list[ScoringWarning] = []
    m = x.shape[0]
    if m == 1:
        warnings.append(
            ScoringWarning(
                "single_option",
                "only one option: it ranks first by default, nothing is compared",
                opts[0],
            )
        )
    else:
        for c, z in zip(crits, zero_variance(x), strict=True):
            if z:
                warnings.append(
                    ScoringWarning(
                        "zero_variance_criterion",
                        "all options have the same value: the criterion cannot separate them and "
                        "contributes nothing to the ranking",
                        c,
                    )
                )
    if method in ("vikor", "promethee"):
        norm = "none"
    else:
        norm = normalisation or DEFAULT_NORMALISATION[method]
    params: dict[str, Any] = {}
    if method == "vikor":
        res = EXPLAINED["vikor"](x, w, d, v=v)
        params["v"] = v
    elif method == "promethee":
        res = EXPLAINED["promethee"](x, w, d, function=preference, q=q, p=p)
        params.update({"preference": preference, "q": q, "p": p})
    else:
        try:
            res = EXPLAINED[method](x, w, d, norm)
        except ScoringError as e:
            where = crits[int(e.where)] if e.where.isdigit() else e.where
            raise ScoringError(e.code, e.message, where) from None
        if method == "wpm":
            warnings.extend(floor_warnings(res, opts, crits, w))
    hib = HIGHER_IS_BETTER[method]
    ranking = rank_scores(res.scores, hib)
    ties = tuple(tuple(opts[i] for i in t) for t in ranking.ties)
    if m > 1 and len(ties) == 1 and len(ties[0]) == m:
        warnings.append(ScoringWarning("all_options_tied", "every option has the same score", ""))
    else:
        for t in ties:
            warnings.append(
                ScoringWarning(
                    "tie",
                    f"options tie at rank {int(ranking.ranks[opts.index(t[0])])}",
                    ",".join(t),
                )
            )
    weights_d = dict(zip(crits, (float(a) for a in w), strict=True))
    return RankingResult(
        method=method,
        normalisation=norm,
        options=opts,
        criteria=crits,
        scores=res.scores,
        ranks=ranking.ranks,
        ties=ties,
        higher_is_better=hib,
        weights=weights_d,
        groups=dict(groups) if groups is not None else {},
        explained=res,
        params=params,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class Decision:
    """A scenario prepared for ranking: its matrix, weights (restricted to kept criteria), warnings."""

    matrix: DecisionMatrix
    tree: TreeWeights
    weights: dict[str, float]
    groups: dict[str, float]
    warnings: tuple[ScoringWarning, ...]

    @property
    def weight_vector(self) -> np.ndarray:
        return np.array([self.weights[c] for c in self.matrix.criteria])


def _dedupe(ws: Sequence[ScoringWarning]) -> tuple[ScoringWarning, ...]:
    seen: set[tuple[str, str]] = set()
    out = []
    for w in ws:
        if (w.code, w.where) not in seen:
            seen.add((w.code, w.where))
            out.append(w)
    return tuple(out)


def prepare_decision(
    scenario: Scenario,
    resolved: Sequence[ResolvedOption],
    measures: Mapping[str, Mapping[str, float]] | None = None,
    aggregate: Aggregate = "mean",
) -> Decision:
    """Weights of the criteria tree + decision matrix of the scenario, consistent with each other."""
    tw = tree_weights(scenario.criteria)
    dm = build_matrix(scenario, resolved, measures, aggregate)
    warnings = list(tw.warnings) + list(dm.warnings)
    if not dm.criteria:
        raise ScoringError("no_criteria", "no criterion is left to rank on (see the warnings)")
    weights = restrict_weights(tw.effective, list(dm.criteria))
    if dm.dropped:
        lost = sum(tw.effective[c] for c in dm.dropped)
        warnings.append(
            ScoringWarning(
                "weights_renormalised",
                f"criteria left out carried {lost:.1%} of the weight; the others were rescaled to sum 1",
                ",".join(dm.dropped),
            )
        )
    groups = dict.fromkeys(tw.group, 0.0) | group_shares(weights, tw.group_of)
    return Decision(dm, tw, weights, groups, _dedupe(warnings))


def rank_decision(
    scenario: Scenario,
    resolved: Sequence[ResolvedOption],
    measures: Mapping[str, Mapping[str, float]] | None = None,
    method: str = "wsm",
    *,
    aggregate: Aggregate = "mean",
    normalisation: str | None = None,
    **params: Any,
) -> RankingResult:
    """Rank a scenario's shortlist: the main entry point for the UI and the CLI.

    Returns a :class:`RankingResult` whose ``weights`` are the effective weights actually used,
    ``groups`` the four interests' shares, and ``warnings`` everything from weighting, committee
    aggregation, matrix building and ranking.
    """
    dec = prepare_decision(scenario, resolved, measures, aggregate)
    return rank_prepared(dec, method, normalisation=normalisation, **params)


def rank_prepared(
    dec: Decision, method: str = "wsm", *, normalisation: str | None = None, **params: Any
) -> RankingResult:
    """:func:`rank_decision` on an already prepared :class:`Decision`."""
    dm = dec.matrix
    res = rank_matrix(
        dm.values,
        dec.weight_vector,
        dm.directions,
        method,
        options=dm.options,
        criteria=dm.criteria,
        normalisation=normalisation,
        groups=dec.groups,
        **params,
    )
    return RankingResult(
        **{**res.__dict__, "warnings": _dedupe(list(dec.warnings) + list(res.warnings))}
    )


@dataclass(frozen=True)
class MethodComparison:
    """All methods side by side with their pairwise rank agreement."""

    results: dict[str, RankingResult]
    spearman: dict[str, dict[str, float]]
    weighted_spearman: dict[str, dict[str, float]]
    warnings: tuple[ScoringWarning, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "methods": {k: r.to_dict() for k, r in self.results.items()},
            "agreement": {"spearman": self.spearman, "weighted_spearman": self.weighted_spearman},
            "warnings": [w.to_dict() for w in self.warnings],
        }


def compare_methods(
    matrix: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    methods: Sequence[str] = METHODS,
    **kwargs: Any,
) -> MethodComparison:
    """Rank with every method; a method that cannot run on this matrix is skipped with a warning."""
    results: dict[str, RankingResult] = {}
    warnings: list[ScoringWarning] = []
    for meth in methods:
        try:
            results[meth] = rank_matrix(matrix, weights, directions, meth, **kwargs)
        except ScoringError as e:
            if e.code in ("normalisation_nonpositive", "promethee_thresholds"):
                warnings.append(ScoringWarning("method_failed", f"{meth} skipped: {e}", meth))
                continue
            raise
    for r in results.values():
        warnings.extend(r.warnings)
    ranks = {k: r.ranks for k, r in results.items()}
    return MethodComparison(
        results,
        agreement(ranks, "spearman"),
        agreement(ranks, "weighted_spearman"),
        _dedupe(warnings),
    )


def compare_decision(
    scenario: Scenario,
    resolved: Sequence[ResolvedOption],
    measures: Mapping[str, Mapping[str, float]] | None = None,
    methods: Sequence[str] = METHODS,
    *,
    aggregate: Aggregate = "mean",
) -> MethodComparison:
    """:func:`compare_methods` on a scenario (weights and warnings as in :func:`rank_decision`)."""
    dec = prepare_decision(scenario, resolved, measures, aggregate)
    dm = dec.matrix
    comp = compare_methods(
        dm.values,
        dec.weight_vector,
        dm.directions,
        methods,
        options=dm.options,
        criteria=dm.criteria,
        groups=dec.groups,
    )
    return MethodComparison(
        comp.results,
        comp.spearman,
        comp.weighted_spearman,
        _dedupe(list(dec.warnings) + list(comp.warnings)),
    )


@dataclass(frozen=True)
class CommitteeReport:
    """Consensus, dispersion and agreement of the committee, and each rater's own ranking."""

    consensus: Consensus | None
    kendall: dict[str, KendallW]
    overall_w: float | None
    outliers: tuple[RaterOutlier, ...]
    consensus_ranking: RankingResult
    rater_rankings: dict[str, RankingResult]
    warnings: tuple[ScoringWarning, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kendall_w": {c: k.w for c, k in self.kendall.items()},
            "overall_w": self.overall_w,
            "outliers": [o.__dict__ for o in self.outliers],
            "consensus": self.consensus_ranking.ranking(),
            "raters": {r: res.ranking() for r, res in self.rater_rankings.items()},
            "warnings": [w.to_dict() for w in self.warnings],
        }


def committee_report(
    scenario: Scenario,
    resolved: Sequence[ResolvedOption],
    measures: Mapping[str, Mapping[str, float]] | None = None,
    method: str = "wsm",
    *,
    aggregate: Aggregate = "mean",
) -> CommitteeReport:
    """Each rater's own ranking beside the consensus, Kendall's W per criterion and overall.

    A rater's ranking uses their own scores on the rating criteria; a cell they left empty takes
    the consensus value (``rater_gaps_filled``). Overall W is Kendall's W of the raters' own
    rankings of the options.
    """
    dec = prepare_decision(scenario, resolved, measures, aggregate)
    dm = dec.matrix
    base = rank_prepared(dec, method)
    cons = dm.consensus
    warnings = list(base.warnings)
    per_rater: dict[str, RankingResult] = {}
    if cons is not None:
        t = cons.tensor
        for ri, rater in enumerate(t.raters):
            x = dm.values.copy()
            gaps = 0
            for j, c in enumerate(dm.criteria):
                if dm.source[c] != "raters":
                    continue
                own = t.values[ri, :, t.criteria.index(c)]
                gaps += int(np.isnan(own).sum())
                x[:, j] = np.where(np.isnan(own), x[:, j], own)
            if gaps:
                warnings.append(
                    ScoringWarning(
                        "rater_gaps_filled",
                        f"{gaps} unscored cell(s) take the consensus value in this rater's own ranking",
                        rater,
                    )
                )
            per_rater[rater] = rank_matrix(
                x,
                dec.weight_vector,
                dm.directions,
                method,
                options=dm.options,
                criteria=dm.criteria,
                groups=dec.groups,
            )
    overall = None
    if len(per_rater) >= 2 and len(dm.options) >= 2:
        overall = kendall_w(np.stack([-r.ranks.astype(float) for r in per_rater.values()]))
    return CommitteeReport(
        cons,
        dict(cons.kendall) if cons else {},
        overall,
        cons.outliers if cons else (),
        base,
        per_rater,
        _dedupe(warnings),
    )


@dataclass(frozen=True)
class SensitivityReport:
    """Stability intervals, the minimal winner-changing weight change, OAT sweep and SMAA."""

    ranking: RankingResult
    intervals: list[StabilityInterval]
    minimal_change: MinimalChange | None
    sweep: Sweep
    smaa: SmaaResult
    warnings: tuple[ScoringWarning, ...]

    def to_dict(self) -> dict[str, Any]:
        mc = self.minimal_change
        return {
            "method": self.ranking.method,
            "normalisation": self.ranking.normalisation,
            "winner": self.ranking.winner,
            "stability": [
                {"criterion": s.criterion, "weight": s.weight, "lower": s.lower, "upper": s.upper,
                 "winner_below": s.winner_below, "winner_above": s.winner_above}
                for s in self.intervals
            ],
            "minimal_change": None if mc is None else {
                "criterion": mc.criterion, "from": mc.from_weight, "to": mc.to_weight,
                "new_winner": mc.new_winner,
            },
            "rank_acceptability": self.smaa.to_dict(),
            "warnings": [w.to_dict() for w in self.warnings],
        }  # fmt: skip


def sensitivity_matrix(
    matrix: np.ndarray,
    weights: np.ndarray | None,
    directions: np.ndarray,
    method: str = "wsm",
    *,
    options: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
    score_sd: np.ndarray | None = None,
    samples: int = 10_000,
    seed: int = 0,
    concentration: float = 100.0,
    points: int = 21,
    groups: Mapping[str, float] | None = None,
    extra_warnings: Sequence[ScoringWarning] = (),
    bounds: tuple[np.ndarray, np.ndarray] | None = None,
) -> SensitivityReport:
    """Sensitivity of a bare matrix (weights None: equal weights ranked, uniform SMAA sampling)."""
    n = np.asarray(matrix).shape[1] if np.asarray(matrix).ndim == 2 else 0
    w = np.full(n, 1.0 / max(n, 1)) if weights is None else np.asarray(weights, dtype=float)
    res = rank_matrix(
        matrix, w, directions, method, options=options, criteria=criteria, groups=groups
    )
    x, wv, d = (
        np.asarray(matrix, float),
        np.array(list(res.weights.values())),
        np.asarray(directions),
    )
    intervals, mc = stability_intervals(x, wv, d, method, res.criteria, res.options)
    sweep = oat_sweep(x, wv, d, method, res.criteria, res.options, points=points)
    sm = smaa(x, None if weights is None else wv, d, method, score_sd=score_sd, samples=samples,
              concentration=concentration, seed=seed, options=res.options, criteria=res.criteria,
              bounds=bounds)  # fmt: skip
    warnings = list(extra_warnings) + list(res.warnings)
    if mc is None and len(res.options) > 1:
        warnings.append(
            ScoringWarning(
                "winner_stable", "no change of a single weight changes the winner", res.winner
            )
        )
    return SensitivityReport(res, intervals, mc, sweep, sm, _dedupe(warnings))


def sensitivity_decision(
    scenario: Scenario,
    resolved: Sequence[ResolvedOption],
    measures: Mapping[str, Mapping[str, float]] | None = None,
    method: str = "wsm",
    *,
    samples: int = 10_000,
    seed: int = 0,
    concentration: float = 100.0,
    score_noise: str = "sem",
    aggregate: Aggregate = "mean",
) -> SensitivityReport:
    """Stability intervals, minimal change, OAT sweep and rank acceptability of a scenario.

    ``score_noise``: "sem" (standard error of the raters' consensus, default), "sd" (the raters'
    standard deviation) or "none".
    """
    dec = prepare_decision(scenario, resolved, measures, aggregate)
    dm = dec.matrix
    if score_noise not in ("sem", "sd", "none"):
        raise ScoringError(
            "bad_score_noise", f"score_noise must be sem, sd or none, got {score_noise!r}"
        )
    sd = {"sem": dm.sem, "sd": dm.dispersion, "none": None}[score_noise]
    return sensitivity_matrix(
        dm.values, dec.weight_vector, dm.directions, method, options=dm.options,
        criteria=dm.criteria, score_sd=sd, samples=samples, seed=seed,
        concentration=concentration, groups=dec.groups, extra_warnings=dec.warnings,
        bounds=(dm.scale_min, dm.scale_max),
    )  # fmt: skip
