"""Criterion weights: direct points, rank-order centroid, swing, AHP; hierarchical effective weights.

AHP levels accept incomplete judgements as long as they link every item
(:func:`scoring.ahp_incomplete.ahp_judgements`; Harker's method, Saaty's eigenvector when complete).
A level whose judgements do not yet link every item (none at all, say, in a file that switched
to AHP) is weighed by its direct points instead, with an ``ahp_incomplete`` warning that names
the level, how far its judgements go and the pair to judge next: every page, report and command
works while the judgements are being made.

Effective weight of criterion c in group g = group weight(g) x local weight(c within g); both
levels are normalised to sum 1, so effective weights sum to 1 and a group's *share* is the sum
of its criteria's effective weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from crm_select.models.criteria import CriteriaTree, Judgement, WeightingMethod
from scoring.ahp import AhpResult, judgement_matrix
from scoring.ahp_incomplete import JudgementGraph, ahp_judgements, judgement_graph, suggest_pair
from scoring.errors import ScoringError, ScoringWarning


def direct_weights(points: Sequence[float], labels: Sequence[str] | None = None) -> np.ndarray:
    """Normalise non-negative points to sum 1: w_i = p_i / sum(p).

    Raises ``all_weights_zero`` when every point is 0 and ``negative_weight`` / ``weight_not_finite``.
    """
    p = np.asarray(points, dtype=float)
    names = list(labels) if labels is not None else [str(i) for i in range(p.size)]
    if p.size == 0:
        raise ScoringError("no_criteria", "no weights given")
    if not np.all(np.isfinite(p)):
        i = int(np.argmax(~np.isfinite(p)))
        raise ScoringError("weight_not_finite", f"weight is {p[i]}", names[i])
    if np.any(p < 0):
        i = int(np.argmax(p < 0))
        raise ScoringError("negative_weight", f"weight must be >= 0, got {p[i]:g}", names[i])
    total = p.sum()
    if total <= 0:
        raise ScoringError(
            "all_weights_zero",
            "all weights are zero: give at least one criterion a weight > 0",
            ",".join(names),
        )
    return p / total


def roc_weights(ranks: Sequence[int]) -> np.ndarray:
    """Rank-order centroid weights from an ordering (1 = most important).

    Notes
    -----
    w_k = (1/n) * sum_{i=k}^{n} 1/i for the item in position k (Barron & Barrett 1996,
    Decision quality using ranked attribute weights, Management Science 42(11)). Tied ranks share
    the average of the centroid weights of the positions they occupy.
    """
    r = np.asarray(ranks, dtype=float)
    n = r.size
    if n == 0:
        raise ScoringError("no_criteria", "no ranks given")
    centroid = np.array([np.sum(1.0 / np.arange(k, n + 1)) / n for k in range(1, n + 1)])
    order = np.argsort(r, kind="stable")
    w = np.empty(n)
    w[order] = centroid
    for value in np.unique(r):
        tied = r == value
        w[tied] = w[tied].mean()
    return w / w.sum()


def swing_weights(points: Sequence[float], labels: Sequence[str] | None = None) -> np.ndarray:
    """Swing weights: the best swing gets 100, the others points 0..100 relative to it; normalised.

    Edwards & Barron (1994), SMARTS and SMARTER, OBHDP 60(3).
    """
    return direct_weights(points, labels)


@dataclass(frozen=True)
class TreeWeights:
    """Weights of a criteria tree at both levels, with their AHP diagnostics and warnings."""

    method: str
    group: dict[str, float]
    local: dict[str, float]
    effective: dict[str, float]
    group_of: dict[str, str]
    ahp: dict[str, AhpResult] = field(default_factory=dict)
    warnings: tuple[ScoringWarning, ...] = ()

    @property
    def group_shares(self) -> dict[str, float]:
        return group_shares(self.effective, self.group_of)


def group_shares(effective: Mapping[str, float], group_of: Mapping[str, str]) -> dict[str, float]:
    """Each group's share of the total effective weight (sums to 1 when weights do)."""
    shares: dict[str, float] = {}
    for crit, w in effective.items():
        g = group_of[crit]
        shares[g] = shares.get(g, 0.0) + float(w)
    return shares


def _level(
    method: WeightingMethod,
    labels: list[str],
    weight: list[float],
    rank: list[int | None],
    swing: list[float | None],
    pairwise: list[Judgement],
    where: str,
) -> tuple[np.ndarray, AhpResult | None, ScoringWarning | None]:
    """One level's weights, its AHP result (method ``ahp``) and the warning that its AHP
    judgements do not link every item yet (then the direct points weigh it)."""
    if len(labels) == 1:
        return np.ones(1), None, None
    if method is WeightingMethod.DIRECT:
        return direct_weights(weight, labels), None, None
    if method is WeightingMethod.ROC:
        missing = [lab for lab, r in zip(labels, rank, strict=True) if r is None]
        if missing:
            raise ScoringError(
                "missing_rank", f"rank-order weights need a rank for {', '.join(missing)}", where
            )
        return roc_weights([int(r) for r in rank if r is not None]), None, None
    if method is WeightingMethod.SWING:
        missing = [lab for lab, s in zip(labels, swing, strict=True) if s is None]
        if missing:
            raise ScoringError(
                "missing_swing", f"swing weights need swing points for {', '.join(missing)}", where
            )
        return swing_weights([float(s) for s in swing if s is not None], labels), None, None
    triples = [(j.a, j.b, j.value) for j in pairwise]
    graph = judgement_graph(labels, judgement_matrix(labels, triples))
    if not graph.connected:
        w, unlinked = _direct_until_linked(labels, weight, graph, where)
        return w, None, unlinked
    res = ahp_judgements(labels, triples)
    return res.weights, res, None


def _direct_until_linked(
    labels: list[str], weight: list[float], graph: JudgementGraph, where: str
) -> tuple[np.ndarray, ScoringWarning]:
    """The direct points of a level whose AHP judgements do not link every item (equal weights
    when the points are all 0), and the ``ahp_incomplete`` warning saying so."""
    p = np.asarray(weight, dtype=float)
    w = p / p.sum() if p.sum() > 0 else np.full(p.size, 1.0 / p.size)
    hint = suggest_pair(graph)
    return w, ScoringWarning(
        "ahp_incomplete",
        f"{graph.edges} of the {len(labels) - 1} judgements needed to link all {len(labels)} "
        f"items are made, in {len(graph.components)} unlinked clusters: the direct points "
        "weigh this level until every item is linked"
        + (f"; judge {hint.a} vs {hint.b} next" if hint else ""),
        where,
    )


def tree_weights(tree: CriteriaTree) -> TreeWeights:
    """Group, local and effective weights of a criteria tree with its weighting method.

    The tree's ``method`` applies to both levels: groups (``weight``/``rank``/``swing`` of each
    group, or ``group_pairwise``) and criteria within each group.
    """
    m = tree.method
    warnings: list[ScoringWarning] = []
    ahp_results: dict[str, AhpResult] = {}
    gids = [g.id.value for g in tree.groups]
    gw, gres, gwarn = _level(
        m,
        gids,
        [g.weight for g in tree.groups],
        [g.rank for g in tree.groups],
        [g.swing for g in tree.groups],
        tree.group_pairwise,
        "groups",
    )
    if gres is not None:
        ahp_results["groups"] = gres
        warnings.extend(gres.warnings)
    if gwarn is not None:
        warnings.append(gwarn)
    group = dict(zip(gids, (float(x) for x in gw), strict=True))
    local: dict[str, float] = {}
    effective: dict[str, float] = {}
    group_of: dict[str, str] = {}
    for g in tree.groups:
        cids = [c.id for c in g.criteria]
        if m is WeightingMethod.DIRECT and all(c.weight == 0 for c in g.criteria):
            lw = np.full(len(cids), 1.0 / len(cids))  # group weight is 0 (validated by the model)
        else:
            lw, res, lwarn = _level(
                m,
                cids,
                [c.weight for c in g.criteria],
                [c.rank for c in g.criteria],
                [c.swing for c in g.criteria],
                g.pairwise,
                g.id.value,
            )
            if res is not None:
                ahp_results[g.id.value] = res
                warnings.extend(res.warnings)
            if lwarn is not None:
                warnings.append(lwarn)
        for cid, w in zip(cids, lw, strict=True):
            local[cid] = float(w)
            effective[cid] = group[g.id.value] * float(w)
            group_of[cid] = g.id.value
    if max(effective.values()) <= 0:
        raise ScoringError("all_weights_zero", "all effective weights are zero")
    for gid, w in group.items():
        if w == 0:
            warnings.append(
                ScoringWarning(
                    "group_weight_zero", "group has weight 0: its criteria do not count", gid
                )
            )
    return TreeWeights(m.value, group, local, effective, group_of, ahp_results, tuple(warnings))


def reweight_groups(
    weights: Mapping[str, float], group_of: Mapping[str, str], shares: Mapping[str, float]
) -> dict[str, float]:
    """Effective weights with each interest group moved to a new share (the what-if sliders).

    w'_c = w_c / W_g * s_g / sum_h s_h, with W_g the group's current total and s_g its new
    share (any non-negative points); weights within a group keep their proportions. A group that
    carries no weight now has nothing to scale and stays at 0. Raises ``all_weights_zero`` when
    no weight is left.
    """
    total = dict.fromkeys(group_of.values(), 0.0)
    for c, w in weights.items():
        total[group_of[c]] += float(w)
    raw = {
        c: float(w) / total[group_of[c]] * float(shares.get(group_of[c], 0.0))
        if total[group_of[c]] > 0
        else 0.0
        for c, w in weights.items()
    }
    s = sum(raw.values())
    if not s > 0:
        raise ScoringError("all_weights_zero", "every interest group is at 0: nothing to rank on")
    return {c: w / s for c, w in raw.items()}


def restrict_weights(effective: Mapping[str, float], keep: Sequence[str]) -> dict[str, float]:
    """Effective weights of the kept criteria only, renormalised to sum 1."""
    w = np.array([effective[c] for c in keep], dtype=float)
    if w.size == 0 or w.sum() <= 0:
        raise ScoringError(
            "all_weights_zero",
            "no criterion with a weight > 0 is left to rank on",
            ",".join(keep),
        )
    return dict(zip(keep, (float(x) for x in w / w.sum()), strict=True))


def with_direct_points(tree: CriteriaTree, points: Mapping[str, float]) -> CriteriaTree:
    """The tree weighted by direct points given for some groups or criteria (a department's
    weighting set); ids not named keep their own points, and the method becomes direct."""
    data = tree.model_dump(mode="json")
    data["method"] = WeightingMethod.DIRECT.value
    for g in data["groups"]:
        g["weight"] = float(points.get(g["id"], g["weight"]))
        for c in g["criteria"]:
            c["weight"] = float(points.get(c["id"], c["weight"]))
    return CriteriaTree.model_validate(data)
