"""One entry point per question: rank a matrix or a scenario, compare methods, report the committee."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from crm_select.models.decision import ResolvedOption
from crm_select.models.ranking_settings import Robustness, ScoreNoise
from crm_select.models.scenario import Scenario
from scoring.committee import Aggregate, Consensus, KendallW, RaterOutlier, kendall_w
from scoring.errors import ScoringError, ScoringWarning
from scoring.matrix import DecisionMatrix, build_matrix
from scoring.method_call import MethodCall
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
    reweight_groups,
    tree_weights,
)

MAX_OPTIONS = 1000


@dataclass(frozen=True)
class RankedOption:
    """One row of a ranking: the option, its score under the method, its competition rank."""

    option: str
    score: float
    rank: int


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

    def ranking(self) -> list[RankedOption]:
        """Options ordered by rank (ties in list order)."""
        order = np.lexsort((np.arange(len(self.options)), self.ranks))
        return [
            RankedOption(self.options[i], float(self.scores[i]), int(self.ranks[i])) for i in order
        ]

    def explain(self) -> dict[str, Any]:
        """The method's intermediates per option (and its scalars): VIKOR's S, R, Q, DQ and
        compromise set, TOPSIS's distances D+ and D-, PROMETHEE's flows phi+ and phi-, WSM's
        and WPM's nothing beyond the score. Matrices (normalised values, contributions) are
        left to the report."""
        m = len(self.options)
        out: dict[str, Any] = {}
        for key, value in self.explained.extra.items():
            if key == "compromise_set":
                out[key] = [self.options[i] for i in value]
            elif isinstance(value, np.ndarray) and value.shape == (m,):
                out[key] = dict(zip(self.options, (float(x) for x in value), strict=True))
            elif isinstance(value, bool | int | float | str):
                out[key] = value
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "normalisation": self.normalisation,
            "higher_is_better": self.higher_is_better,
            "ranking": [asdict(r) for r in self.ranking()],
            "explain": self.explain(),
            "ties": [list(t) for t in self.ties],
            "weights": dict(self.weights),
            "groups": dict(self.groups),
            "params": {
                k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in self.params.items()
            },
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


WSM = MethodCall("wsm")


def _rank_weights(
    dec: Decision, call: MethodCall, weights: Mapping[str, float], groups: Mapping[str, float]
) -> RankingResult:
    dm = dec.matrix
    return rank_matrix(
        dm.values,
        np.array([weights[c] for c in dm.criteria]),
        dm.directions,
        call.method,
        options=dm.options,
        criteria=dm.criteria,
        groups=groups,
        **call.kwargs(),
    )


def rank_prepared(dec: Decision, call: MethodCall = WSM) -> RankingResult:
    """Rank a prepared decision with one method: the ranking every surface shows.

    ``weights`` of the result are the effective weights used, ``groups`` the four interests'
    shares, ``warnings`` everything from weighting, committee aggregation, matrix and ranking.
    """
    res = _rank_weights(dec, call, dec.weights, dec.groups)
    return replace(res, warnings=_dedupe(list(dec.warnings) + list(res.warnings)))


def with_group_shares(dec: Decision, group_shares_: Mapping[str, float] | None) -> Decision:
    """The decision with the interest groups moved to ``group_shares_`` (a what-if; None: as
    prepared). Weights within a group keep their proportions (:func:`reweight_groups`)."""
    if group_shares_ is None:
        return dec
    w = reweight_groups(dec.weights, dec.tree.group_of, group_shares_)
    groups = dict.fromkeys(dec.groups, 0.0) | group_shares(w, dec.tree.group_of)
    return replace(dec, weights=w, groups=groups)


def rank_reweighted(
    dec: Decision, call: MethodCall, group_shares_: Mapping[str, float]
) -> RankingResult:
    """:func:`rank_prepared` with the interest groups moved to ``group_shares_`` (a what-if)."""
    moved = with_group_shares(dec, group_shares_)
    return _rank_weights(moved, call, moved.weights, moved.groups)


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
    *,
    calls: Mapping[str, MethodCall] | None = None,
    **kwargs: Any,
) -> MethodComparison:
    """Rank with every method; a method that cannot run on this matrix is skipped with a warning.

    ``calls`` gives a method its normalisation and parameters (default: the method's defaults).
    """
    results: dict[str, RankingResult] = {}
    warnings: list[ScoringWarning] = []
    for meth in methods:
        own = calls[meth].kwargs() if calls is not None and meth in calls else {}
        try:
            results[meth] = rank_matrix(matrix, weights, directions, meth, **kwargs, **own)
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


def compare_prepared(dec: Decision, calls: Mapping[str, MethodCall]) -> MethodComparison:
    """:func:`compare_methods` on a prepared decision (one row per method in ``calls``)."""
    dm = dec.matrix
    comp = compare_methods(
        dm.values,
        dec.weight_vector,
        dm.directions,
        list(calls),
        calls=calls,
        options=dm.options,
        criteria=dm.criteria,
        groups=dec.groups,
    )
    return replace(comp, warnings=_dedupe(list(dec.warnings) + list(comp.warnings)))


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
        c = self.consensus
        return {
            "aggregate": None if c is None else c.method,
            "consensus_matrix": None if c is None else {
                o: {k: _finite(c.values[i, j]) for j, k in enumerate(c.tensor.criteria)}
                for i, o in enumerate(c.tensor.options)
            },
            "kendall_w": {k: w.w for k, w in self.kendall.items()},
            "overall_w": self.overall_w,
            "outliers": [asdict(o) for o in self.outliers],
            "consensus": [asdict(r) for r in self.consensus_ranking.ranking()],
            "raters": {
                r: [asdict(x) for x in res.ranking()] for r, res in self.rater_rankings.items()
            },
            "warnings": [w.to_dict() for w in self.warnings],
        }  # fmt: skip


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def committee_prepared(dec: Decision, call: MethodCall = WSM) -> CommitteeReport:
    """Each rater's own ranking beside the consensus, Kendall's W per criterion and overall.

    A rater's ranking uses their own scores on the rating criteria; a cell they left empty takes
    the consensus value (``rater_gaps_filled``). Overall W is Kendall's W of the raters' own
    rankings of the options.
    """
    dm = dec.matrix
    base = rank_prepared(dec, call)
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
                call.method,
                options=dm.options,
                criteria=dm.criteria,
                groups=dec.groups,
                **call.kwargs(),
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


def group_contributions(
    result: RankingResult, group_of: Mapping[str, str]
) -> dict[str, dict[str, float]]:
    """Each option's score split by interest group: option -> group -> part.

    For the weighted sum the parts are the contributions w_j r_ij summed per group (they add up
    to the option's score). Other methods have no additive split: every option gets its group's
    share of the weight instead, so a chart shows the balance of interests, not a score split.
    """
    contrib = result.explained.extra.get("contributions") if result.method == "wsm" else None
    out: dict[str, dict[str, float]] = {}
    for i, oid in enumerate(result.options):
        parts: dict[str, float] = {}
        for j, c in enumerate(result.criteria):
            g = str(group_of[c])
            v = float(contrib[i, j]) if contrib is not None else result.weights[c]
            parts[g] = parts.get(g, 0.0) + v
        out[oid] = parts
    return out


@dataclass(frozen=True)
class Stability:
    """Stability interval of each weight and the smallest single-weight change of the winner,
    at ``weights`` (the effective weights analysed)."""

    intervals: list[StabilityInterval]
    minimal_change: MinimalChange | None
    weights: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        mc = self.minimal_change
        return {
            "stability": [asdict(s) for s in self.intervals],
            "minimal_change": None if mc is None else {
                "criterion": mc.criterion, "from": mc.from_weight, "to": mc.to_weight,
                "new_winner": mc.new_winner,
            },
        }  # fmt: skip


def stability_prepared(
    dec: Decision, call: MethodCall = WSM, group_shares_: Mapping[str, float] | None = None
) -> Stability:
    """:func:`scoring.sensitivity.stability_intervals` at the decision's weights, or with the
    interest groups moved to ``group_shares_`` (a what-if)."""
    dm = dec.matrix
    w = with_group_shares(dec, group_shares_).weights
    intervals, minimal = stability_intervals(
        dm.values,
        np.array([w[c] for c in dm.criteria]),
        dm.directions,
        call.method,
        criteria=dm.criteria,
        options=dm.options,
        **call.kwargs(),
    )
    return Stability(list(intervals), minimal, dict(w))


def score_noise_sd(dm: DecisionMatrix, noise: ScoreNoise) -> np.ndarray | None:
    """Standard deviation of each cell's score noise in rank acceptability (None: no noise).

    sem: the standard error of the consensus, s / sqrt(n): the uncertainty about the option's
    true score after n raters (the default). sd: the raters' standard deviation s, the spread of
    a single rater's opinion. A cell with one rating has no measured dispersion and measured
    criteria have none: both get no noise. docs/scoring.md says why sem is the default.
    """
    if noise is ScoreNoise.NONE:
        return None
    return dm.sem if noise is ScoreNoise.SEM else dm.dispersion


def acceptability_prepared(dec: Decision, call: MethodCall, robustness: Robustness) -> SmaaResult:
    """Rank acceptability (SMAA-2) of a prepared decision: weights drawn around the decision's,
    scores perturbed by :func:`score_noise_sd` within each rating scale, seeded."""
    dm = dec.matrix
    res = smaa(
        dm.values,
        dec.weight_vector,
        dm.directions,
        call.method,
        score_sd=score_noise_sd(dm, robustness.score_noise),
        samples=robustness.samples,
        concentration=robustness.concentration,
        seed=robustness.seed,
        options=dm.options,
        criteria=dm.criteria,
        bounds=(dm.scale_min, dm.scale_max),
        **call.kwargs(),
    )
    return replace(res, score_noise=robustness.score_noise.value)


@dataclass(frozen=True)
class SensitivityReport:
    """Stability intervals, the minimal winner-changing weight change, OAT sweep and SMAA."""

    ranking: RankingResult
    stability: Stability
    sweep: Sweep
    smaa: SmaaResult
    warnings: tuple[ScoringWarning, ...]

    @property
    def intervals(self) -> list[StabilityInterval]:
        return self.stability.intervals

    @property
    def minimal_change(self) -> MinimalChange | None:
        return self.stability.minimal_change

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.ranking.method,
            "normalisation": self.ranking.normalisation,
            "params": self.ranking.to_dict()["params"],
            "winner": self.ranking.winner,
            **self.stability.to_dict(),
            "rank_acceptability": self.smaa.to_dict(),
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _sensitivity(
    res: RankingResult,
    x: np.ndarray,
    d: np.ndarray,
    call: MethodCall,
    sm: SmaaResult,
    points: int,
    extra_warnings: Sequence[ScoringWarning],
) -> SensitivityReport:
    wv = np.array(list(res.weights.values()))
    intervals, mc = stability_intervals(
        x, wv, d, call.method, res.criteria, res.options, **call.kwargs()
    )
    sweep = oat_sweep(x, wv, d, call.method, res.criteria, res.options, points=points,
                      **call.kwargs())  # fmt: skip
    warnings = list(extra_warnings) + list(res.warnings)
    if mc is None and len(res.options) > 1:
        warnings.append(
            ScoringWarning(
                "winner_stable", "no change of a single weight changes the winner", res.winner
            )
        )
    return SensitivityReport(res, Stability(intervals, mc, dict(res.weights)), sweep, sm,
                             _dedupe(warnings))  # fmt: skip


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
) -> SensitivityReport:
    """Sensitivity of a bare matrix (weights None: equal weights ranked, uniform SMAA sampling)."""
    n = np.asarray(matrix).shape[1] if np.asarray(matrix).ndim == 2 else 0
    w = np.full(n, 1.0 / max(n, 1)) if weights is None else np.asarray(weights, dtype=float)
    call = MethodCall(method)
    res = rank_matrix(matrix, w, directions, method, options=options, criteria=criteria)
    x, d = np.asarray(matrix, float), np.asarray(directions)
    sm = smaa(x, None if weights is None else np.array(list(res.weights.values())), d, method,
              score_sd=score_sd, samples=samples, concentration=concentration, seed=seed,
              options=res.options, criteria=res.criteria)  # fmt: skip
    return _sensitivity(res, x, d, call, sm, points, ())


def sensitivity_prepared(
    dec: Decision, call: MethodCall, robustness: Robustness, points: int = 21
) -> SensitivityReport:
    """Stability intervals, minimal change, OAT sweep and rank acceptability of a decision."""
    res = rank_prepared(dec, call)
    dm = dec.matrix
    sm = acceptability_prepared(dec, call, robustness)
    return _sensitivity(res, dm.values, dm.directions, call, sm, points, dec.warnings)
