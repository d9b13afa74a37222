"""Each committee member weighs; the group's weights, the spread and who is far from the group.

Members give their own weights for a set of items (a group's criteria, or the four interests):
direct points or pairwise judgements (possibly incomplete). Aggregation follows the AHP group
literature (Forman & Peniwati 1998), which distinguishes two situations:

- **AIP, aggregation of individual priorities** (``mode="aip"``, the default): members act as
  separate individuals, each with their own value system, and it is their *priorities* that are
  combined. That is a CRM committee: sales, finance, IT and the sponsor weigh in their own
  browsers, blind, each for their department. Each member's weights are derived first (points
  normalised, or AHP on their own judgements) and then averaged. Forman & Peniwati admit both
  the arithmetic and the geometric mean for AIP; the default here is the weighted *arithmetic*
  mean, g_i = sum_k l_k w_ki / sum_k l_k, because direct points may be 0 and a geometric mean
  would let one member's 0 veto a criterion for everyone. ``mean="geometric"`` gives the
  normalised weighted geometric mean, prod_k w_ki^(l_k / sum l) / sum_i (...), as in Saaty's
  practice; both satisfy unanimity and the Pareto principle (if every member puts i above j, so
  does the group). AIP works whatever method each member used.
- **AIJ, aggregation of individual judgements** (``mode="aij"``): the group acts as one unit
  (judgements discussed and pooled in a workshop) and becomes a new "individual" whose
  judgement on each pair is the weighted geometric mean of the members' (the only mean that keeps
  a_ji = 1/a_ij: Aczel & Saaty 1983); the group's weights are then the AHP weights of that
  matrix, with its own consistency ratio. Every member must have given pairwise judgements; a
  pair judged by some members only takes the mean of those, and the pooled matrix may be
  incomplete (:func:`scoring.ahp_incomplete.ahp_judgements`). This reuses
  :func:`scoring.ahp.geometric_mean_matrix`.

``member_weights`` l_k (default all 1) let the facilitator weigh members unequally.

Spread per item: minimum, maximum and sample standard deviation of the members' weights.

Distance from the group: d_k = 1/2 sum_i |w_ki - g(-k)_i|, the share of weight that would have
to move for member k to agree with the group formed by the *others* (leave-one-out, so a member
does not pull the reference towards themselves); 0 means agreement, 1 total disagreement, and
it reads directly as a share of the weight ("40 % of Dan's weight sits elsewhere than the
others'"). A member is far from the group when d_k exceeds ``far`` (default 0.3: almost a
third of the weight would have to move); an absolute limit, because a committee has too few
members for a robust relative one (median + 3 MAD of four distances flags nobody); flagged only
with 3 or more members.

References
----------
Forman, E., & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
analytic hierarchy process. EJOR 108(1), 165-169.
Aczel, J., & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. J. Math.
Psychology 27(1), 93-102.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from crm_select.models.criteria import CriteriaTree
from scoring.ahp import AhpResult, geometric_mean_matrix, judgement_matrix
from scoring.ahp_incomplete import ahp_judgements
from scoring.errors import ScoringError, ScoringWarning
from scoring.weights import TreeWeights, direct_weights, tree_weights

Mode = Literal["aip", "aij"]
Mean = Literal["arithmetic", "geometric"]
FAR = 0.3


@dataclass(frozen=True)
class MemberInput:
    """One member's weighting of a set of items: direct ``points`` or pairwise ``judgements``."""

    member: str
    points: Mapping[str, float] | None = None
    judgements: Sequence[tuple[str, str, float]] | None = None


@dataclass(frozen=True)
class Spread:
    """How far apart the members' weights of one item are."""

    item: str
    minimum: float
    maximum: float
    sd: float | None  # sample standard deviation (ddof 1); None below 2 members

    @property
    def range(self) -> float:
        return self.maximum - self.minimum


@dataclass(frozen=True)
class MemberDistance:
    """Member's distance from the others' group weights (half the L1 distance) and the flag."""

    member: str
    distance: float
    far: bool


@dataclass(frozen=True)
class GroupWeights:
    """The group's weights of one set of items, each member's, the spread and the distances.

    ``ahp`` holds the pooled matrix's result under AIJ, ``member_ahp`` each member's own AHP
    result when they judged pairwise.
    """

    mode: Mode
    mean: Mean
    items: tuple[str, ...]
    weights: dict[str, float]
    members: dict[str, dict[str, float]]
    spread: dict[str, Spread]
    distances: tuple[MemberDistance, ...]
    far: float
    ahp: AhpResult | None = None
    member_ahp: dict[str, AhpResult] = field(default_factory=dict)
    warnings: tuple[ScoringWarning, ...] = ()


def _mean(w: np.ndarray, lam: np.ndarray, mean: Mean) -> np.ndarray:
    """Weighted arithmetic or normalised geometric mean of the rows of w (members x items)."""
    share = lam / lam.sum()
    if mean == "arithmetic":
        g = share @ w
    else:
        with np.errstate(divide="ignore"):
            g = np.exp(share @ np.log(w))
    if g.sum() <= 0:
        raise ScoringError(
            "all_weights_zero",
            "the members' weights multiply to zero on every item (geometric mean): "
            "use the arithmetic mean",
        )
    return g / g.sum()


def spread_of(items: Sequence[str], w: np.ndarray) -> dict[str, Spread]:
    """Minimum, maximum and sample standard deviation of each column of w (members x items)."""
    k = w.shape[0]
    sd = w.std(axis=0, ddof=1) if k >= 2 else np.full(w.shape[1], np.nan)
    return {
        it: Spread(it, float(w[:, i].min()), float(w[:, i].max()), None if k < 2 else float(sd[i]))
        for i, it in enumerate(items)
    }


def distances_of(
    members: Sequence[str], w: np.ndarray, others: Sequence[np.ndarray], far: float
) -> tuple[MemberDistance, ...]:
    """d_k = 1/2 |w_k - g(-k)|_1 with ``others[k]`` the group without member k; far above ``far``."""
    d = np.array([0.5 * np.abs(w[k] - others[k]).sum() for k in range(len(members))])
    flag = len(members) >= 3
    return tuple(
        MemberDistance(m, float(x), flag and bool(x > far)) for m, x in zip(members, d, strict=True)
    )


def _far_warnings(distances: Sequence[MemberDistance]) -> list[ScoringWarning]:
    return [
        ScoringWarning(
            "member_far_from_group",
            f"{d.distance:.0%} of this member's weight would have to move to agree with the "
            "others' group weights",
            d.member,
        )
        for d in distances
        if d.far
    ]


def _member_priorities(
    items: tuple[str, ...], m: MemberInput
) -> tuple[np.ndarray, AhpResult | None]:
    if (m.points is None) == (m.judgements is None):
        raise ScoringError(
            "member_input", "give either direct points or pairwise judgements", m.member
        )
    if m.points is not None:
        unknown = sorted(set(m.points) - set(items))
        if unknown:
            raise ScoringError("ahp_unknown_item", f"unknown items {unknown}", m.member)
        return direct_weights([m.points.get(it, 0.0) for it in items], list(items)), None
    res = ahp_judgements(items, list(m.judgements or ()))
    return res.weights, res


def aggregate_level(
    items: Sequence[str],
    members: Sequence[MemberInput],
    *,
    mode: Mode = "aip",
    mean: Mean = "arithmetic",
    member_weights: Mapping[str, float] | None = None,
    far: float = FAR,
) -> GroupWeights:
    """Group weights of one set of items from each member's points or judgements.

    Parameters
    ----------
    items : sequence of str
        The items weighed (criteria of one group, or the four interests).
    members : sequence of MemberInput
        Each member's direct points (missing items count 0) or pairwise judgements.
    mode : {"aip", "aij"}
        Aggregate priorities (default) or judgements; module docstring says when.
    mean : {"arithmetic", "geometric"}
        AIP's mean (AIJ always uses the geometric mean of judgements).
    member_weights : mapping, optional
        l_k per member (default 1).
    far : float
        Distance above which a member is far from the group (3 or more members).

    Raises
    ------
    ScoringError
        ``no_members``, ``member_input``, ``aij_needs_judgements`` (AIJ with a member who gave
        points), plus the weighting errors of each member's input.
    """
    names = tuple(items)
    if not members:
        raise ScoringError("no_members", "no member has weighed these items")
    who = [m.member for m in members]
    lam = np.array([float((member_weights or {}).get(m, 1.0)) for m in who])
    if np.any(lam < 0) or lam.sum() <= 0:
        raise ScoringError("negative_weight", "member weights must be >= 0, not all 0")
    own = [_member_priorities(names, m) for m in members]
    w = np.stack([p for p, _ in own])
    member_ahp = {m: r for m, (_, r) in zip(who, own, strict=True) if r is not None}
    pooled: AhpResult | None = None
    if mode == "aij":
        lacking = [m.member for m in members if m.judgements is None]
        if lacking:
            raise ScoringError(
                "aij_needs_judgements",
                "aggregating judgements needs pairwise judgements from every member; "
                f"{', '.join(lacking)} gave points (aggregate priorities instead)",
                ",".join(lacking),
            )

        def pool(keep: np.ndarray) -> AhpResult:
            mats = [judgement_matrix(names, list(m.judgements or ())) for m in members]
            g = geometric_mean_matrix([a for a, k in zip(mats, keep, strict=True) if k], lam[keep])
            n = len(names)
            js = [(names[i], names[j], float(g[i, j])) for i in range(n) for j in range(i + 1, n)
                  if np.isfinite(g[i, j])]  # fmt: skip
            return ahp_judgements(names, js)

        pooled = pool(np.ones(len(members), dtype=bool))
        group = pooled.weights
        others = [
            pool(np.arange(len(members)) != k).weights if len(members) > 1 else group
            for k in range(len(members))
        ]
    elif mode == "aip":
        group = _mean(w, lam, mean)
        others = [
            _mean(np.delete(w, k, axis=0), np.delete(lam, k), mean) if len(members) > 1 else group
            for k in range(len(members))
        ]
    else:
        raise ScoringError("unknown_mode", f"mode must be 'aip' or 'aij', got {mode!r}")
    distances = distances_of(who, w, others, far)
    warnings: list[ScoringWarning] = _far_warnings(distances)
    for m, r in member_ahp.items():
        warnings.extend(ScoringWarning(x.code, x.message, f"{m}: {x.where}") for x in r.warnings)
    return GroupWeights(
        mode=mode,
        mean="geometric" if mode == "aij" else mean,
        items=names,
        weights=dict(zip(names, (float(x) for x in group), strict=True)),
        members={
            m: dict(zip(names, (float(x) for x in row), strict=True))
            for m, row in zip(who, w, strict=True)
        },
        spread=spread_of(names, w),
        distances=distances,
        far=far,
        ahp=pooled,
        member_ahp=member_ahp,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class CommitteeWeights:
    """The committee's weights of a whole criteria tree (AIP on effective weights).

    ``group`` (the four interests' shares), ``local`` and ``effective`` as in
    :class:`scoring.weights.TreeWeights`; ``members`` each member's own tree weights;
    ``spread`` per criterion (effective weights) and ``group_spread`` per interest; distances on
    the effective weights.
    """

    mean: Mean
    group: dict[str, float]
    local: dict[str, float]
    effective: dict[str, float]
    group_of: dict[str, str]
    members: dict[str, TreeWeights]
    spread: dict[str, Spread]
    group_spread: dict[str, Spread]
    distances: tuple[MemberDistance, ...]
    far: float
    warnings: tuple[ScoringWarning, ...] = ()


def committee_weights(
    trees: Mapping[str, CriteriaTree],
    *,
    mean: Mean = "arithmetic",
    member_weights: Mapping[str, float] | None = None,
    far: float = FAR,
) -> CommitteeWeights:
    """Aggregate each member's own weighting of the same criteria tree (AIP).

    Each member's tree is weighed with its own method (direct, AHP, rank-order, swing:
    :func:`scoring.weights.tree_weights`); their *effective* weights (interest x local) are
    averaged as in :func:`aggregate_level`, and the result is split back into the interests'
    shares (sum of their criteria) and local weights (effective / share; equal within an
    interest whose share is 0). Aggregating judgements across a whole tree (AIJ) is done level
    by level with :func:`aggregate_level`.

    Raises ``no_members`` and ``member_criteria_differ`` (a member's tree has other criteria).
    """
    if not trees:
        raise ScoringError("no_members", "no member has weighed the criteria")
    who = list(trees)
    own = {m: tree_weights(t) for m, t in trees.items()}
    first = own[who[0]]
    crits = tuple(first.effective)
    for m in who[1:]:
        if tuple(own[m].effective) != crits or own[m].group_of != first.group_of:
            raise ScoringError(
                "member_criteria_differ",
                "every member must weigh the same criteria tree",
                m,
            )
    lam = np.array([float((member_weights or {}).get(m, 1.0)) for m in who])
    if np.any(lam < 0) or lam.sum() <= 0:
        raise ScoringError("negative_weight", "member weights must be >= 0, not all 0")
    w = np.array([[own[m].effective[c] for c in crits] for m in who])
    eff = _mean(w, lam, mean)
    others = [
        _mean(np.delete(w, k, axis=0), np.delete(lam, k), mean) if len(who) > 1 else eff
        for k in range(len(who))
    ]
    distances = distances_of(who, w, others, far)
    groups = tuple(first.group)
    gmat = np.array([[own[m].group_shares.get(g, 0.0) for g in groups] for m in who])
    effective = dict(zip(crits, (float(x) for x in eff), strict=True))
    share = dict.fromkeys(groups, 0.0)
    for c, x in effective.items():
        share[first.group_of[c]] += x
    local: dict[str, float] = {}
    for g in groups:
        members_of = [c for c in crits if first.group_of[c] == g]
        for c in members_of:
            local[c] = effective[c] / share[g] if share[g] > 0 else 1.0 / len(members_of)
    warnings: list[ScoringWarning] = _far_warnings(distances)
    for m in who:
        warnings.extend(
            ScoringWarning(x.code, x.message, f"{m}: {x.where}") for x in own[m].warnings
        )
    return CommitteeWeights(
        mean=mean,
        group=share,
        local=local,
        effective=effective,
        group_of=dict(first.group_of),
        members=own,
        spread=spread_of(crits, w),
        group_spread=spread_of(groups, gmat),
        distances=distances,
        far=far,
        warnings=tuple(warnings),
    )
