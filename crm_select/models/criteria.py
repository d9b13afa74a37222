"""The criteria tree: four groups of interests, each with weighted sub-criteria."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from crm_select.models.base import Strict
from crm_select.models.catalog import Component, CrmType, check_unique
from crm_select.models.errors import PathError
from crm_select.models.i18n_text import Lang, LocalText, text
from crm_select.models.limits import MAX_CRITERIA
from crm_select.models.text import Key


class Interest(StrEnum):
    """The balance of interests every IT project trades off (design 2.2)."""

    FUNCTIONALITY = "functionality"
    DEADLINES = "deadlines"
    BUDGET = "budget"
    RISK = "risk"


class Direction(StrEnum):
    BENEFIT = "benefit"
    COST = "cost"


MEASURES: frozenset[str] = frozenset(
    {
        "tco",
        "upfront_cost",
        "npv",
        "weeks_to_deploy",
        "coverage_total",
        "lock_in",
        "vendor_viability",
        "russia_availability",
        "data_residency",
        "lifecycle",
    }
    | {f"coverage:{c.value}" for c in Component}
    | {f"crm_type:{t.value}" for t in CrmType}
)


MAX_ANCHORS = 11
"""Anchors on one rating scale (one per point of a 0-10 scale at most)."""


class Anchor(Strict):
    """What one point of a rating scale means for this criterion ("5 = native integration with
    1C:UT without development"), so every rater reads the scale the same way (behaviourally
    anchored rating scales, Smith & Kendall 1963)."""

    value: float
    text: LocalText


class RatingScale(Strict):
    """Raters score on a closed scale, e.g. 0-5 or 1-10; ``anchors`` say what its points mean."""

    kind: Literal["rating"] = "rating"
    min: float = 0
    max: float = 5
    anchors: list[Anchor] = Field(default_factory=list, max_length=MAX_ANCHORS)

    @model_validator(mode="after")
    def _ordered(self) -> RatingScale:
        if self.min >= self.max:
            raise ValueError(f"min must be < max, got min={self.min}, max={self.max}")
        seen: set[float] = set()
        for i, a in enumerate(self.anchors):
            if not self.min <= a.value <= self.max:
                raise PathError(
                    ("anchors", i, "value"),
                    f"must be on the scale, from {self.min:g} to {self.max:g}, got {a.value:g}",
                )
            if a.value in seen:
                raise PathError(("anchors", i, "value"), f"{a.value:g} is anchored twice")
            seen.add(a.value)
        return self

    def anchor_lines(self, lang: Lang) -> list[str]:
        """The anchors in ``lang``, lowest point first: ``["1 = no partner in our region", ...]``."""
        return [f"{a.value:g} = {text(a.text, lang)}" for a in sorted(self.anchors, key=_value)]


def _value(anchor: Anchor) -> float:
    return anchor.value


class MeasuredScale(Strict):
    """A quantity taken from the catalog or the finance model instead of raters."""

    kind: Literal["measured"] = "measured"
    measure: Key

    @field_validator("measure")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in MEASURES:
            raise ValueError(f"must be one of {sorted(MEASURES)}, got {v!r}")
        return v


Scale = Annotated[RatingScale | MeasuredScale, Field(discriminator="kind")]


class Judgement(Strict):
    """One AHP pairwise judgement: how much more important ``a`` is than ``b`` (Saaty 1/9..9)."""

    a: Key
    b: Key
    value: float = Field(ge=1 / 9 - 1e-9, le=9 + 1e-9)


class Criterion(Strict):
    id: Key = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    name: LocalText
    direction: Direction = Direction.BENEFIT
    scale: Scale = Field(default_factory=RatingScale)
    weight: float = Field(1.0, ge=0, description="direct points within the group")
    rank: int | None = Field(None, ge=1, description="order of importance for rank-order weights")
    swing: float | None = Field(None, ge=0, le=100, description="swing points, best criterion 100")


class CriteriaGroup(Strict):
    id: Interest
    weight: float = Field(ge=0, description="direct points of the group")
    rank: int | None = Field(None, ge=1)
    swing: float | None = Field(None, ge=0, le=100)
    criteria: list[Criterion] = Field(min_length=1)
    pairwise: list[Judgement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> CriteriaGroup:
        check_unique([c.id for c in self.criteria], "criteria")
        check_pairwise(self.pairwise, [c.id for c in self.criteria])
        return self


def check_pairwise(judgements: list[Judgement], ids: list[str]) -> None:
    """Judgements name known items, never an item with itself, and each pair once."""
    seen: set[frozenset[str]] = set()
    for i, j in enumerate(judgements):
        for side in ("a", "b"):
            if getattr(j, side) not in ids:
                raise PathError(
                    ("pairwise", i, side), f"must be one of {ids}, got {getattr(j, side)!r}"
                )
        pair = frozenset((j.a, j.b))
        if len(pair) == 1:
            raise PathError(("pairwise", i), f"compares {j.a!r} with itself")
        if pair in seen:
            raise PathError(("pairwise", i), f"pair {j.a!r}/{j.b!r} is judged twice")
        seen.add(pair)


class WeightingMethod(StrEnum):
    DIRECT = "direct"
    AHP = "ahp"
    ROC = "roc"
    SWING = "swing"


class CriteriaTree(Strict):
    """Groups, their criteria, and how weights are obtained."""

    method: WeightingMethod = WeightingMethod.DIRECT
    groups: list[CriteriaGroup] = Field(min_length=1)
    group_pairwise: list[Judgement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> CriteriaTree:
        seen: dict[Interest, int] = {}
        for i, g in enumerate(self.groups):
            if g.id in seen:
                raise PathError(("groups", i, "id"), f"group {g.id.value!r} appears twice")
            seen[g.id] = i
        all_ids = [c.id for g in self.groups for c in g.criteria]
        if len(all_ids) > MAX_CRITERIA:
            raise PathError(
                ("groups",), f"{len(all_ids)} criteria; a decision may have at most {MAX_CRITERIA}"
            )
        for gi, g in enumerate(self.groups):
            for ci, c in enumerate(g.criteria):
                if all_ids.count(c.id) > 1:
                    raise PathError(
                        ("groups", gi, "criteria", ci, "id"),
                        f"criterion id {c.id!r} is used in more than one group",
                    )
        try:
            check_pairwise(self.group_pairwise, [g.id.value for g in self.groups])
        except PathError as e:
            raise PathError(("group_pairwise", *e.path[1:]), e.message) from None
        if self.method is WeightingMethod.DIRECT:
            if all(g.weight == 0 for g in self.groups):
                raise PathError(("groups",), "all group weights are zero: give at least one > 0")
            for gi, g in enumerate(self.groups):
                if g.weight > 0 and all(c.weight == 0 for c in g.criteria):
                    raise PathError(
                        ("groups", gi, "criteria"),
                        f"all criterion weights in group {g.id.value!r} are zero",
                    )
        return self

    @property
    def criteria(self) -> list[Criterion]:
        return [c for g in self.groups for c in g.criteria]

    @property
    def rating_scales(self) -> dict[str, RatingScale]:
        """The criteria raters score (rating scale, not measured), in tree order: id -> scale."""
        return {c.id: c.scale for c in self.criteria if isinstance(c.scale, RatingScale)}

    @property
    def rated(self) -> list[Criterion]:
        """The criteria raters score, in tree order."""
        scales = self.rating_scales
        return [c for c in self.criteria if c.id in scales]

    def group_of(self, criterion_id: str) -> Interest:
        for g in self.groups:
            if any(c.id == criterion_id for c in g.criteria):
                return g.id
        raise KeyError(criterion_id)


INTERESTS_LEVEL = "interests"
"""The level where a member weighs the four interests against each other."""


def weighing_levels(tree: CriteriaTree) -> dict[str, tuple[str, ...]]:
    """What a committee member weighs: the interests (``INTERESTS_LEVEL``) and the criteria of
    each group that has two or more, level -> the items weighed against each other (a level of
    one item has nothing to weigh and is left out)."""
    levels: dict[str, tuple[str, ...]] = {}
    if len(tree.groups) > 1:
        levels[INTERESTS_LEVEL] = tuple(g.id.value for g in tree.groups)
    for g in tree.groups:
        if len(g.criteria) > 1:
            levels[g.id.value] = tuple(c.id for c in g.criteria)
    return levels
