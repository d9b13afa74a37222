"""The scenario edits the pages make, each returning a new, validated scenario.

Every edit validates the whole scenario again (``ValueError`` with pydantic's message when the
result is not a valid decision), so an edit can never save what a file upload would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crm_select.models.catalog import Range
from crm_select.models.criteria import CriteriaTree
from crm_select.models.distributions import Pert, Triangular
from crm_select.models.finance import BenefitLevers
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import OptionOverrides, Scenario, ShortlistEntry

Cells = Mapping[str, Mapping[str, float | None]]
"""One rater's scores: option -> criterion -> value (None: not scored)."""


def _validated(scenario: Scenario, **update: Any) -> Scenario:
    data = scenario.model_dump(mode="json")
    for key, value in update.items():
        data[key] = value.model_dump(mode="json") if hasattr(value, "model_dump") else value
    return Scenario.model_validate(data)


def set_criteria(scenario: Scenario, tree: CriteriaTree) -> Scenario:
    """New weights: the criteria tree with its weighting method, points, ranks or judgements."""
    return _validated(scenario, criteria=tree)


def set_ranking_settings(scenario: Scenario, settings: RankingSettings) -> Scenario:
    return _validated(scenario, ranking=settings)


def set_scores(scenario: Scenario, rater: str, cells: Cells) -> Scenario:
    """Replace one rater's scores (None leaves a cell unscored). Scores that came from a
    committee round and are changed here are marked ``edited`` in their source."""
    scores: dict[str, Cells] = dict(scenario.scores)
    scores[rater] = cells
    plain = _plain(scores)
    src = scenario.scores_source
    if src is not None and plain != _plain(scenario.scores):
        return _validated(
            scenario, scores=plain, scores_source=src.model_copy(update={"edited": True})
        )
    return _validated(scenario, scores=plain)


def _plain(scores: Mapping[str, Cells]) -> dict[str, dict[str, dict[str, float | None]]]:
    return {r: {o: dict(c) for o, c in by_o.items()} for r, by_o in scores.items()}


def shortlist(scenario: Scenario, catalog_ids: Sequence[str]) -> Scenario:
    """Shortlist exactly these catalog options (inline options stay).

    Entries already on the list keep their edition, users and overrides; new ones come with the
    defaults. Scores of options that leave the list go with them (a rater scored that option,
    not a slot), so the scenario stays valid.
    """
    current = {e.catalog_id: e for e in scenario.options if e.catalog_id}
    kept = [e for e in scenario.options if e.inline is not None or e.catalog_id in catalog_ids]
    kept += [ShortlistEntry(catalog_id=i) for i in catalog_ids if i not in current]
    if not kept:
        raise ValueError("a decision needs at least one option")
    ids = {e.option_id for e in kept}
    scores = {
        r: {o: cells for o, cells in by_option.items() if o in ids}
        for r, by_option in scenario.scores.items()
    }
    return _validated(
        scenario, options=[e.model_dump(mode="json") for e in kept], scores=_plain(scores)
    )


@dataclass(frozen=True)
class OptionEdit:
    """Per-decision corrections to one shortlisted option.

    ``price`` replaces the edition's headline price (:func:`crm_select.models.price.headline`);
    None or 0 keeps the catalog's price. Effort and duration are (min, mode, max).
    """

    users: int
    price: float | None
    partner_day_rate: float
    effort_days: tuple[float, float, float]
    duration_weeks: tuple[float, float, float]


def override_option(scenario: Scenario, option_id: str, edit: OptionEdit) -> Scenario:
    """The option's licensed users and overrides replaced (its coverage overrides and
    negotiated discount kept)."""
    options = list(scenario.options)
    index = next(i for i, e in enumerate(options) if e.option_id == option_id)
    entry = options[index]
    lo, mode, hi = edit.effort_days
    wlo, wmode, whi = edit.duration_weeks
    overrides = OptionOverrides(
        price=edit.price or None,
        partner_day_rate=edit.partner_day_rate,
        effort_days=Range(min=lo, mode=mode, max=hi),
        duration_weeks=Range(min=wlo, mode=wmode, max=whi),
        coverage=entry.overrides.coverage,
        discount=entry.overrides.discount,
    )
    options[index] = entry.model_copy(update={"users": edit.users, "overrides": overrides})
    return _validated(scenario, options=[e.model_dump(mode="json") for e in options])


@dataclass(frozen=True)
class LeverEdit:
    """A benefit lever switched on or off, with its uplift's (min, mode, max) when it has them."""

    enabled: bool
    uplift: tuple[float, float, float] | None = None


def edit_levers(scenario: Scenario, edits: Mapping[str, LeverEdit]) -> Scenario:
    """Benefit levers switched and re-estimated; a PERT or triangular uplift keeps its shape,
    any other distribution keeps its parameters (only ``enabled`` changes)."""
    fin = scenario.finance
    levers = fin.benefits.levers
    data = levers.model_dump(mode="json")
    for name, edit in edits.items():
        lever = getattr(levers, name)
        uplift = lever.uplift
        if edit.uplift is not None and isinstance(uplift, Pert | Triangular):
            lo, mode, hi = edit.uplift
            uplift = type(uplift)(min=lo, mode=mode, max=hi)
        data[name] = {"enabled": edit.enabled, "uplift": uplift.model_dump(mode="json")}
    new_levers = BenefitLevers.model_validate(data)
    benefits = fin.benefits.model_copy(update={"levers": new_levers})
    return _validated(scenario, finance=fin.model_copy(update={"benefits": benefits}))


def lever_rows(scenario: Scenario) -> dict[str, LeverEdit]:
    """The levers as :class:`LeverEdit` rows (what the page's editor starts from)."""
    levers = scenario.finance.benefits.levers
    out: dict[str, LeverEdit] = {}
    for name in BenefitLevers.model_fields:
        if name == "allow_overlap":
            continue
        lever = getattr(levers, name)
        u = lever.uplift
        shape = (u.min, u.mode, u.max) if isinstance(u, Pert | Triangular) else None
        out[name] = LeverEdit(lever.enabled, shape)
    return out
