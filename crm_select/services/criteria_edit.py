"""Criteria added, renamed and removed on 2 · Criteria & weights; each edit returns a new,
validated scenario the page saves as a new version.

Ids are stable keys: a new criterion's id is minted from its name once (transliterated, unique
among every id the decision uses) and renaming changes only the display name in the user's
language. Removing a criterion takes with it its scores, its AHP judgements and its PROMETHEE
preference function; :func:`removal_effects` says what that is before the user confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_select.models.criteria import (
    CriteriaGroup,
    Criterion,
    Direction,
    Interest,
    Judgement,
    RatingScale,
    WeightingMethod,
)
from crm_select.models.i18n_text import Lang, LocalText, text
from crm_select.models.rater_id import criterion_id_for
from crm_select.models.scenario import Scenario
from crm_select.models.text import NAME_RULE, checked
from crm_select.services.edits import validated
from crm_select.services.weights import pairwise_level
from scoring.errors import ScoringError
from scoring.weights import tree_weights


class CriteriaEditError(ValueError):
    """An edit the rules refuse: ``code`` names the rule (``empty_name``, ``duplicate_name``,
    ``invalid_name``, ``last_in_group``, ``ahp_unlinks``, ``unknown_criterion``, ``bad_scale``)
    and ``params``
    what the message needs (the pages translate ``criteria_edit.error_<code>``)."""

    def __init__(self, code: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _clean_name(scenario: Scenario, name: str, lang: Lang, exclude: str | None = None) -> str:
    """The name under the name rule, refused when empty or already the name of another
    criterion in ``lang`` (case and surrounding spaces ignored)."""
    if not name.strip():
        raise CriteriaEditError("empty_name", "a criterion needs a name")
    try:
        clean = checked(name.strip(), NAME_RULE, "name")
    except ValueError as e:
        raise CriteriaEditError("invalid_name", str(e), detail=str(e)) from None
    for c in scenario.criteria.criteria:
        if c.id != exclude and text(c.name, lang).strip().casefold() == clean.casefold():
            raise CriteriaEditError(
                "duplicate_name", f"{clean!r} is already the name of a criterion", name=clean
            )
    return clean


def _taken(scenario: Scenario) -> set[str]:
    """Every id a name lookup can meet: criteria, options, raters and the four interests."""
    return (
        {c.id for c in scenario.criteria.criteria}
        | {o.option_id for o in scenario.options}
        | {r.id for r in scenario.raters}
        | {i.value for i in Interest}
    )


def _with_groups(scenario: Scenario, groups: list[CriteriaGroup], **update: Any) -> Scenario:
    tree = scenario.criteria.model_copy(update={"groups": groups})
    return validated(scenario, criteria=tree, **update)


def add_criterion(
    scenario: Scenario,
    group: Interest,
    name: str,
    lang: Lang,
    *,
    direction: Direction = Direction.BENEFIT,
    scale: tuple[float, float] = (0, 5),
) -> tuple[Scenario, str]:
    """The scenario with a criterion ``name`` (in ``lang``) that raters score on ``scale``
    (lowest, highest) added at the end of ``group``, and its new id.

    It starts as the group's least important criterion under every weighting method: the
    group's smallest direct points, the last rank, the smallest swing points (none where the
    group's criteria have none); under AHP one judgement, "as important as" the group's least
    important criterion, links it (the AHP editor shows it; the committee refines it).
    """
    clean = _clean_name(scenario, name, lang)
    lo, hi = scale
    if not lo < hi:
        raise CriteriaEditError(
            "bad_scale", f"the scale's lowest score must be below its highest, got {lo:g}..{hi:g}"
        )
    cid = criterion_id_for(clean, _taken(scenario))
    groups = list(scenario.criteria.groups)
    index = next((i for i, g in enumerate(groups) if g.id is group), None)
    if index is None:
        raise CriteriaEditError("unknown_group", f"the decision has no {group.value!r} group")
    g = groups[index]
    ranks = [c.rank for c in g.criteria]
    swings = [c.swing for c in g.criteria]
    new = Criterion(
        id=cid,
        name={lang: clean},
        direction=direction,
        scale=RatingScale(min=lo, max=hi),
        weight=min(c.weight for c in g.criteria),
        rank=None if None in ranks else max(r for r in ranks if r is not None) + 1,
        swing=None if None in swings else min(s for s in swings if s is not None),
    )
    pairwise = list(g.pairwise)
    if scenario.criteria.method is WeightingMethod.AHP:
        pairwise.append(Judgement(a=cid, b=_least_important(scenario, g), value=1.0))
    groups[index] = g.model_copy(update={"criteria": [*g.criteria, new], "pairwise": pairwise})
    return _with_groups(scenario, groups), cid


def _least_important(scenario: Scenario, group: CriteriaGroup) -> str:
    """The group's criterion of the smallest weight (the last one if weights cannot be had)."""
    try:
        local = tree_weights(scenario.criteria).local
    except ScoringError:
        return group.criteria[-1].id
    return min(group.criteria, key=lambda c: local[c.id]).id


def _renamed(old: LocalText, new: str, lang: Lang) -> LocalText:
    """``old`` with its ``lang`` text replaced; a name given in no particular language keeps
    showing in the other one."""
    other: Lang = "ru" if lang == "en" else "en"
    if isinstance(old, str):
        return {other: old, lang: new}
    return {**old, lang: new}


def rename_criterion(scenario: Scenario, criterion: str, name: str, lang: Lang) -> Scenario:
    """The criterion's display name in ``lang`` changed; its id, weights and scores kept."""
    _find(scenario, criterion)
    clean = _clean_name(scenario, name, lang, exclude=criterion)
    groups = [
        g.model_copy(
            update={
                "criteria": [
                    c.model_copy(update={"name": _renamed(c.name, clean, lang)})
                    if c.id == criterion
                    else c
                    for c in g.criteria
                ]
            }
        )
        for g in scenario.criteria.groups
    ]
    return _with_groups(scenario, groups)


def _find(scenario: Scenario, criterion: str) -> CriteriaGroup:
    for g in scenario.criteria.groups:
        if any(c.id == criterion for c in g.criteria):
            return g
    raise CriteriaEditError("unknown_criterion", f"no criterion {criterion!r}", id=criterion)


@dataclass(frozen=True)
class RemovalEffects:
    """What removing a criterion takes with it.

    ``weight``: its share of the total weight (None when the weights cannot be computed), which
    the other criteria take over in proportion; ``scores``: rater id -> how many of their cells
    on it hold a score; ``judgements``: AHP judgements comparing it; ``preference``: whether
    a PROMETHEE preference function is set for it; ``last_in_group``: it is its group's only
    criterion, so it cannot be removed; ``unlinks`` see the field.
    """

    criterion: str
    group: Interest
    weight: float | None
    scores: dict[str, int]
    judgements: int
    preference: bool
    last_in_group: bool
    unlinks: tuple[str, ...] = ()
    """Under AHP: the criteria its judgements alone link to the rest of the group (they would
    lose their weights, so the removal waits until they are judged against another)."""

    @property
    def cells(self) -> int:
        return sum(self.scores.values())


def removal_effects(scenario: Scenario, criterion: str) -> RemovalEffects:
    """What :func:`remove_criterion` would take with it (shown before the user confirms)."""
    g = _find(scenario, criterion)
    try:
        effective = tree_weights(scenario.criteria).effective
        total = sum(effective.values())
        weight = effective[criterion] / total if total > 0 else None
    except ScoringError:
        weight = None
    scores = {
        rater: n
        for rater, by_option in scenario.scores.items()
        if (n := sum(1 for cells in by_option.values() if cells.get(criterion) is not None))
    }
    return RemovalEffects(
        criterion,
        g.id,
        weight,
        scores,
        sum(1 for j in g.pairwise if criterion in (j.a, j.b)),
        criterion in scenario.ranking.promethee,
        len(g.criteria) == 1,
        _unlinked_without(scenario, g, criterion),
    )


def _unlinked_without(scenario: Scenario, group: CriteriaGroup, criterion: str) -> tuple[str, ...]:
    """Under AHP, when the group's judgements would no longer link every criterion without
    ``criterion``: the criteria judged against it (none under the other methods, or when it is
    the group's last)."""
    if scenario.criteria.method is not WeightingMethod.AHP or len(group.criteria) < 2:
        return ()
    rest = [c.id for c in group.criteria if c.id != criterion]
    kept = [j for j in group.pairwise if criterion not in (j.a, j.b)]
    if not pairwise_level(rest, kept).unlinked:
        return ()
    judged_with = {
        j.b if j.a == criterion else j.a for j in group.pairwise if criterion in (j.a, j.b)
    }
    return tuple(c for c in rest if c in judged_with)


def remove_criterion(scenario: Scenario, criterion: str) -> Scenario:
    """The scenario without the criterion, its scores, its AHP judgements and its PROMETHEE
    preference function. A group keeps at least one criterion (``last_in_group``); under AHP
    every other criterion stays linked by judgements (``ahp_unlinks``)."""
    g = _find(scenario, criterion)
    if len(g.criteria) == 1:
        raise CriteriaEditError(
            "last_in_group",
            f"{criterion!r} is the only criterion of {g.id.value!r}; a group needs one",
            group=g.id.value,
        )
    unlinked = _unlinked_without(scenario, g, criterion)
    if unlinked:
        raise CriteriaEditError(
            "ahp_unlinks",
            f"under AHP, {criterion!r} alone links {list(unlinked)} to the group",
            criteria=", ".join(unlinked),
        )
    groups = [
        x.model_copy(
            update={
                "criteria": [c for c in x.criteria if c.id != criterion],
                "pairwise": [j for j in x.pairwise if criterion not in (j.a, j.b)],
            }
        )
        if x.id is g.id
        else x
        for x in scenario.criteria.groups
    ]
    scores = {
        rater: {
            o: {c: v for c, v in cells.items() if c != criterion} for o, cells in by_option.items()
        }
        for rater, by_option in scenario.scores.items()
    }
    promethee = {c: p for c, p in scenario.ranking.promethee.items() if c != criterion}
    return _with_groups(
        scenario,
        groups,
        scores=scores,
        ranking=scenario.ranking.model_copy(update={"promethee": promethee}),
    )
