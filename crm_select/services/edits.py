"""The scenario edits the pages make, each returning a new, validated scenario.

Every edit validates the whole scenario again (``ValueError`` with pydantic's message when the
result is not a valid decision), so an edit can never save what a file upload would refuse.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from crm_select.models.branding import Branding, Logo, image_type
from crm_select.models.catalog import Range
from crm_select.models.company import CompanyProfile
from crm_select.models.criteria import Anchor, CriteriaTree, RatingScale
from crm_select.models.distributions import Pert, Triangular
from crm_select.models.errors import PathError
from crm_select.models.finance import BenefitLevers, OutcomeByDelivery
from crm_select.models.i18n_text import Lang
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import OptionOverrides, Scenario, ShortlistEntry

Cells = Mapping[str, Mapping[str, float | None]]
"""One rater's scores: option -> criterion -> value (None: not scored)."""


def validated(scenario: Scenario, **update: Any) -> Scenario:
    """The scenario with top-level fields replaced, validated whole again."""
    data = scenario.model_dump(mode="json")
    for key, value in update.items():
        data[key] = value.model_dump(mode="json") if hasattr(value, "model_dump") else value
    return Scenario.model_validate(data)


class ProfileError(ValueError):
    """A company profile the rules refuse: ``field`` is the field it concerns, ``message`` why
    (English); ``limit`` the largest value the field may take when the rule sets one."""

    def __init__(self, field: str, message: str, limit: float | None = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.limit = limit


def edit_company(scenario: Scenario, values: Mapping[str, object]) -> Scenario:
    """The company profile with ``values`` replaced, validated whole; :class:`ProfileError`
    for the first problem (cross-sales above the revenue from existing customers carry that
    revenue as the ``limit``)."""
    data = {**scenario.company.model_dump(), **values}
    try:
        company = CompanyProfile.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        cause = err.get("ctx", {}).get("error")
        path = cause.path if isinstance(cause, PathError) else err["loc"]
        field = str(path[0]) if path else ""
        message = cause.message if isinstance(cause, PathError) else err["msg"]
        limit = None
        if field == "cross_sell_revenue":
            limit = CompanyProfile.model_construct(**data).existing_revenue
        raise ProfileError(field, message, limit) from None
    return validated(scenario, company=company)


def set_criteria(scenario: Scenario, tree: CriteriaTree) -> Scenario:
    """New weights: the criteria tree with its weighting method, points, ranks or judgements."""
    return validated(scenario, criteria=tree)


def set_anchors(scenario: Scenario, anchors: Mapping[str, Sequence[Anchor]]) -> Scenario:
    """What the points of each rating scale mean: criterion id -> its anchors (a rated criterion
    not named keeps none). ``ValueError`` for a measured or unknown criterion, a point off the
    scale or anchored twice."""
    rated = scenario.criteria.rating_scales
    unknown = sorted(set(anchors) - set(rated))
    if unknown:
        raise ValueError(f"not a rated criterion: {', '.join(unknown)}; rated: {sorted(rated)}")
    groups = [
        g.model_copy(
            update={
                "criteria": [
                    c.model_copy(update={"scale": _anchored(c.scale, anchors.get(c.id, []))})
                    if isinstance(c.scale, RatingScale)
                    else c
                    for c in g.criteria
                ]
            }
        )
        for g in scenario.criteria.groups
    ]
    return validated(scenario, criteria=scenario.criteria.model_copy(update={"groups": groups}))


@dataclass(frozen=True)
class AnchorRow:
    """One row of an anchors table as a page edits it: a criterion id ("" when not chosen
    yet), the point of its scale and the text in each language (blank: not given)."""

    criterion: str
    value: float | None
    en: str
    ru: str


def anchors_from_rows(rows: Sequence[AnchorRow]) -> dict[str, list[Anchor]]:
    """The anchors an edited table gives, by criterion; a row without any text is skipped.
    ``ValueError`` for a row with text but no criterion or point."""
    out: dict[str, list[Anchor]] = {}
    for i, row in enumerate(rows, start=1):
        given: tuple[tuple[Lang, str], ...] = (("en", row.en), ("ru", row.ru))
        texts: dict[Lang, str] = {lang: s.strip() for lang, s in given if s.strip()}
        if not texts:
            continue
        if not row.criterion or row.value is None or not math.isfinite(row.value):
            raise ValueError(f"row {i}: give the criterion and the point of its scale")
        out.setdefault(row.criterion, []).append(Anchor(value=row.value, text=texts))
    return out


def _anchored(scale: RatingScale, anchors: Sequence[Anchor]) -> RatingScale:
    return scale.model_copy(update={"anchors": sorted(anchors, key=lambda a: a.value)})


@dataclass(frozen=True)
class BrandingEdit:
    """The branding form: names (blank: none), colour, a newly uploaded logo's bytes (None:
    keep the one stored) and whether to remove a stored logo."""

    client: str
    consultant: str
    colour: str
    client_logo: bytes | None = None
    consultant_logo: bytes | None = None
    drop_client_logo: bool = False
    drop_consultant_logo: bool = False


def _logo(new: bytes | None, drop: bool, kept: Logo | None) -> Logo | None:
    if new is not None:
        return Logo(media_type=image_type(new), data=base64.b64encode(new))
    return None if drop else kept


def set_branding(scenario: Scenario, edit: BrandingEdit) -> Scenario:
    """The decision's branding, stored with it (and exported with it). ``ValueError`` saying
    why for a logo that is not a PNG or JPEG image within the limits, or a bad colour."""
    kept = scenario.branding
    branding = Branding(
        client=edit.client.strip() or None,
        consultant=edit.consultant.strip() or None,
        colour=edit.colour,
        client_logo=_logo(edit.client_logo, edit.drop_client_logo, kept.client_logo),
        consultant_logo=_logo(
            edit.consultant_logo, edit.drop_consultant_logo, kept.consultant_logo
        ),
    )
    return validated(scenario, branding=branding)


def set_ranking_settings(scenario: Scenario, settings: RankingSettings) -> Scenario:
    return validated(scenario, ranking=settings)


def set_scores(scenario: Scenario, rater: str, cells: Cells) -> Scenario:
    """Replace one rater's scores (None leaves a cell unscored). Scores that came from a
    committee round and are changed here are marked ``edited`` in their source."""
    scores: dict[str, Cells] = dict(scenario.scores)
    scores[rater] = cells
    plain = _plain(scores)
    src = scenario.scores_source
    if src is not None and plain != _plain(scenario.scores):
        return validated(
            scenario, scores=plain, scores_source=src.model_copy(update={"edited": True})
        )
    return validated(scenario, scores=plain)


def _plain(scores: Mapping[str, Cells]) -> dict[str, dict[str, dict[str, float | None]]]:
    return {r: {o: dict(c) for o, c in by_o.items()} for r, by_o in scores.items()}


def shortlist(scenario: Scenario, catalog_ids: Sequence[str]) -> Scenario:
    """Shortlist exactly these catalog options (inline options stay).

    Entries already on the list keep their edition, users and overrides; new ones come with the
    defaults. Scores of options that leave the list go with them (a rater scored that option,
    not a slot), and so do their terms in the kept finance scenarios, so the scenario stays
    valid.
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
    finance_scenarios = [
        fs.model_copy(update={"options": {o: v for o, v in fs.options.items() if o in ids}})
        for fs in scenario.finance_scenarios
    ]
    return validated(
        scenario,
        options=[e.model_dump(mode="json") for e in kept],
        scores=_plain(scores),
        finance_scenarios=[fs.model_dump(mode="json") for fs in finance_scenarios],
    )


@dataclass(frozen=True)
class OptionEdit:
    """Per-decision corrections to one shortlisted option.

    ``price`` replaces the edition's headline price (:func:`crm_select.models.decision.price_field`);
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
    return validated(scenario, options=[e.model_dump(mode="json") for e in options])


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
        # the rest of the lever (its attribution) stays as it was
        data[name] = data[name] | {
            "enabled": edit.enabled,
            "uplift": uplift.model_dump(mode="json"),
        }
    new_levers = BenefitLevers.model_validate(data)
    benefits = fin.benefits.model_copy(update={"levers": new_levers})
    return validated(scenario, finance=fin.model_copy(update={"benefits": benefits}))


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


OUTCOMES = ("full", "partial", "failure")
"""The project outcomes, in the order their probabilities are given."""

Outcome = tuple[float, float, float]
"""Probabilities of a full, partial and failed outcome."""


class OutcomeSumError(ValueError):
    """A delivery type's outcome probabilities do not sum to 1."""

    def __init__(self, delivery: str, total: float) -> None:
        super().__init__(f"{delivery}: full + partial + failure must sum to 1, got {total:g}")
        self.delivery = delivery
        self.total = total


def outcome_table(scenario: Scenario) -> dict[str, Outcome]:
    """Delivery type -> its outcome probabilities (what the page's editor starts from)."""
    by_delivery = scenario.finance.risk.outcome
    out: dict[str, Outcome] = {}
    for d in type(by_delivery).model_fields:
        p = getattr(by_delivery, d)
        out[d] = (p.full, p.partial, p.failure)
    return out


def edit_outcomes(scenario: Scenario, table: Mapping[str, Outcome]) -> Scenario:
    """Outcome probabilities replaced for the delivery types in ``table`` (others kept).
    Raises :class:`OutcomeSumError` naming the first delivery type whose three do not sum
    to 1 (within 1e-6), ``ValueError`` for a probability outside [0, 1]."""
    fin = scenario.finance
    data = fin.risk.outcome.model_dump(mode="json")
    for delivery, row in table.items():
        if not math.isclose(sum(row), 1.0, abs_tol=1e-6):
            raise OutcomeSumError(delivery, sum(row))
        data[delivery] = dict(zip(OUTCOMES, row, strict=True))
    risk = fin.risk.model_copy(update={"outcome": OutcomeByDelivery.model_validate(data)})
    return validated(scenario, finance=fin.model_copy(update={"risk": risk}))
