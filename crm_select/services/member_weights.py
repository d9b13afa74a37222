"""Each member weighs: the committee's group weights from a weighting round (every member's
weights beside the group's, the spread, who is far from the group), and adopting the group's
weights, a department's weighting set or the facilitator's own as the decision's.

Aggregation (scoring/group_weights.py explains both), a choice the adoption records:

- AIP (the default): the arithmetic mean of the members' priorities, level by level (the four
  interests, then each group's criteria): the members act as separate individuals weighing for
  their departments, blind in their own browsers, and a geometric mean would let one member's
  0 points veto a criterion for everyone.
- AIJ: the element-wise geometric mean of the members' pairwise judgements, weighed as one
  matrix (the group acting as one unit, Forman & Peniwati 1998); open only when every member
  who weighed a level judged it pairwise (points have no judgements to pool).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crm_select.models.criteria import INTERESTS_LEVEL, CriteriaTree, weighing_levels
from crm_select.models.weights_source import Aggregation, WeightsChoice, WeightsSource
from crm_select.store.api import (
    Actor,
    Conflict,
    Database,
    InvalidInput,
    MemberWeightsRecord,
    RoundInfo,
    RoundStatus,
    VersionInfo,
    adopt_weights,
    get_workspace,
    load_scenario,
    raters,
    round_member_weights,
    weighting_rounds,
    weighting_sets,
)
from crm_select.store.clock import now
from scoring.errors import ScoringError
from scoring.group_weights import GroupWeights, Mean, MemberInput, Mode, aggregate_level
from scoring.weights import tree_weights, with_direct_points

AGGREGATION = Aggregation.AIP_ARITHMETIC
"""The committee's default aggregation (module docstring says why)."""
AGGREGATIONS = (Aggregation.AIP_ARITHMETIC, Aggregation.AIP_GEOMETRIC, Aggregation.AIJ_GEOMETRIC)
"""The aggregations the facilitator chooses from (AIJ only when every member judged pairwise)."""
_MODES: dict[Aggregation, tuple[Mode, Mean]] = {
    Aggregation.AIP_ARITHMETIC: ("aip", "arithmetic"),
    Aggregation.AIP_GEOMETRIC: ("aip", "geometric"),
    Aggregation.AIJ_GEOMETRIC: ("aij", "geometric"),
}


@dataclass(frozen=True)
class LevelWeighting:
    """The members' weights of one level. ``group`` is None when nobody weighed it (the
    decision's own weights stay); ``left_out`` names members whose input cannot weigh the
    level yet (pairwise judgements that do not link every item) and why; ``by_points`` the
    members who gave points (they leave no judgements to pool: no AIJ on this level)."""

    level: str
    items: tuple[str, ...]
    group: GroupWeights | None
    left_out: dict[str, str]
    by_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class FarMember:
    """A member whose weights of a level are far from the others' (share of weight to move)."""

    member: str
    level: str
    distance: float


@dataclass(frozen=True)
class CommitteeWeighting:
    """A weighting round's result: each level, the group's tree and its effective weights.

    ``names`` maps member ids to names (members who weighed); ``tree`` is the decision's
    criteria tree with the group's weights as direct points (levels nobody weighed keep the
    decision's weights); ``interests`` the four interests' shares, ``effective`` the criteria's.
    """

    round: RoundInfo
    aggregation: Aggregation
    names: dict[str, str]
    levels: tuple[LevelWeighting, ...]
    tree: CriteriaTree
    interests: dict[str, float]
    effective: dict[str, float]

    @property
    def far(self) -> tuple[FarMember, ...]:
        return tuple(
            FarMember(d.member, lv.level, d.distance)
            for lv in self.levels
            if lv.group is not None
            for d in lv.group.distances
            if d.far
        )

    @property
    def members(self) -> tuple[str, ...]:
        """Names of the members whose weights count, in the order they were invited."""
        return tuple(self.names.values())

    @property
    def aij_blocked(self) -> dict[str, tuple[str, ...]]:
        """Level -> names of the members who gave points there; AIJ is open when it is empty."""
        return {
            lv.level: tuple(self.names.get(m, m) for m in lv.by_points)
            for lv in self.levels
            if lv.by_points
        }


def _inputs(records: Sequence[MemberWeightsRecord], level: str) -> list[MemberInput]:
    return [
        MemberInput(
            r.rater_id,
            points=r.points,
            judgements=None if r.judgements is None else list(r.judgements),
        )
        for r in records
        if r.level == level
    ]


def _level(
    level: str, items: tuple[str, ...], inputs: list[MemberInput], aggregation: Aggregation
) -> LevelWeighting:
    usable: list[MemberInput] = []
    left_out: dict[str, str] = {}
    for m in inputs:
        try:
            aggregate_level(items, [m])
        except ScoringError as e:
            left_out[m.member] = e.message
        else:
            usable.append(m)
    by_points = tuple(m.member for m in usable if m.judgements is None)
    mode, mean = _MODES[aggregation]
    if mode == "aij" and by_points:
        mode, mean = "aip", "arithmetic"  # the caller refuses AIJ (it knows the names)
    group = aggregate_level(items, usable, mode=mode, mean=mean) if usable else None
    return LevelWeighting(level, items, group, left_out, by_points)


def group_tree(tree: CriteriaTree, levels: Sequence[LevelWeighting]) -> CriteriaTree:
    """``tree`` weighted by direct points: the group's weights where members weighed a level,
    the tree's own (as its method gives them) elsewhere."""
    own = tree_weights(tree)
    points = {g: 100.0 * x for g, x in own.group_shares.items()}
    points |= {c: 100.0 * x for c, x in own.local.items()}
    for lv in levels:
        if lv.group is not None:
            points |= {k: 100.0 * v for k, v in lv.group.weights.items()}
    return with_direct_points(tree, points)


def committee_weighting(
    db: Database,
    actor: Actor,
    round_number: int | None = None,
    aggregation: Aggregation = AGGREGATION,
) -> CommitteeWeighting | None:
    """The group's weights of a weighting round (default: the latest) as far as the actor may
    see them (the facilitator always; members once revealed), aggregated as ``aggregation``
    says; None before any round opens. Raises InvalidInput for AIJ on a level where a member
    gave points (:attr:`CommitteeWeighting.aij_blocked` of the default tells beforehand)."""
    rounds = weighting_rounds(db, actor)
    if not rounds:
        return None
    rnd = (
        rounds[-1] if round_number is None else next(r for r in rounds if r.number == round_number)
    )
    records = round_member_weights(db, actor, rnd.number)
    tree = load_scenario(db, actor).criteria
    levels = tuple(
        _level(level, items, _inputs(records, level), aggregation)
        for level, items in weighing_levels(tree).items()
    )
    weighed = {r.rater_id for r in records}
    names = {p.id: p.name for p in raters(db, actor) if p.id in weighed}
    adopted = group_tree(tree, levels)
    tw = tree_weights(adopted)
    result = CommitteeWeighting(
        rnd, aggregation, names, levels, adopted, tw.group_shares, dict(tw.effective)
    )
    blocked = result.aij_blocked
    if _MODES[aggregation][0] == "aij" and blocked:
        who = "; ".join(f"{', '.join(m)} on {level}" for level, m in blocked.items())
        raise InvalidInput(
            f"aggregating judgements (AIJ) needs pairwise judgements from every member who "
            f"weighed; points were given by {who} (aggregate priorities instead)"
        )
    return result


def adopted_aggregation(db: Database, actor: Actor, round_number: int) -> Aggregation | None:
    """How the decision's weights aggregated weighting round ``round_number``, when the
    facilitator adopted that round's group weights (in this workspace); None otherwise."""
    source = load_scenario(db, actor).weights_source
    if (
        source is None
        or source.choice is not WeightsChoice.GROUP
        or source.round != round_number
        or source.workspace != get_workspace(db, actor).id
    ):
        return None
    return source.aggregation


def revealed_weighting(db: Database, actor: Actor, round_number: int) -> CommitteeWeighting | None:
    """A revealed round as its members read it: aggregated as the facilitator adopted it (AIJ
    when they pooled the judgements), by the default (AIP) while nothing of it was adopted."""
    aggregation = adopted_aggregation(db, actor, round_number) or AGGREGATION
    return committee_weighting(db, actor, round_number, aggregation)


def _adopt(
    db: Database, actor: Actor, tree: CriteriaTree, source: dict[str, object]
) -> VersionInfo:
    ws = get_workspace(db, actor)
    full = WeightsSource.model_validate(
        {
            **source,
            "workspace": ws.id,
            "effective": tree_weights(tree).effective,
            "adopted_by": actor.name or actor.label,
            "adopted_at": now(),
        }
    )
    return adopt_weights(db, actor, tree, full, expected_version=ws.current_version)


def adopt_group_weights(
    db: Database, actor: Actor, aggregation: Aggregation = AGGREGATION
) -> VersionInfo:
    """Make the latest revealed weighting round's group weights, aggregated as ``aggregation``
    says, the decision's (facilitator); the aggregation goes into the weights' provenance."""
    result = committee_weighting(db, actor, aggregation=aggregation)
    if result is None:
        raise Conflict("no weighting round has been opened: the committee has not weighed")
    if result.round.status is RoundStatus.OPEN:
        raise Conflict(
            f"weighting round {result.round.number} is still blind: reveal it before adopting "
            "the group's weights"
        )
    if not result.names:
        raise Conflict(f"nobody weighed in weighting round {result.round.number}")
    return _adopt(
        db,
        actor,
        result.tree,
        {
            "choice": WeightsChoice.GROUP,
            "round": result.round.number,
            "members": list(result.members),
            "aggregation": result.aggregation,
        },
    )


def adopt_department_weights(db: Database, actor: Actor, department: str) -> VersionInfo:
    """Make a department's weighting set the decision's weights (facilitator)."""
    sets = {s.department: s for s in weighting_sets(db, actor)}
    if department not in sets:
        raise InvalidInput(f"no weighting set for {department!r}; known: {sorted(sets)}")
    try:
        tree = with_direct_points(load_scenario(db, actor).criteria, sets[department].weights)
    except ValueError as e:
        raise InvalidInput(f"{department}'s weighting set cannot weigh the decision: {e}") from None
    return _adopt(db, actor, tree, {"choice": WeightsChoice.DEPARTMENT, "department": department})


def keep_own_weights(db: Database, actor: Actor) -> VersionInfo:
    """Keep the facilitator's own weights, and record that choice (facilitator)."""
    return _adopt(db, actor, load_scenario(db, actor).criteria, {"choice": WeightsChoice.OWN})


__all__ = [
    "AGGREGATION",
    "AGGREGATIONS",
    "INTERESTS_LEVEL",
    "CommitteeWeighting",
    "FarMember",
    "LevelWeighting",
    "adopt_department_weights",
    "adopt_group_weights",
    "adopted_aggregation",
    "committee_weighting",
    "group_tree",
    "keep_own_weights",
    "revealed_weighting",
]
