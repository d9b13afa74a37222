"""Whose weights a decision uses: the committee's group weights, a department's weighting set,
or the facilitator's own, and who adopted them when (the weights' provenance)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.limits import MAX_RATERS
from crm_select.models.text import Key, Name


class WeightsChoice(StrEnum):
    """What the facilitator adopted as the decision's weights."""

    GROUP = "group"
    DEPARTMENT = "department"
    OWN = "own"


class Aggregation(StrEnum):
    """How the members' weights were combined (scoring/group_weights.py): the arithmetic or
    the geometric mean of their priorities (AIP), or the geometric mean of their pairwise
    judgements, weighed as one matrix (AIJ; Forman & Peniwati 1998)."""

    AIP_ARITHMETIC = "aip_arithmetic"
    AIP_GEOMETRIC = "aip_geometric"
    AIJ_GEOMETRIC = "aij_geometric"


class WeightsSource(Strict):
    """The weights' provenance: the choice, the weighting round and its members (group), the
    department (a department's set), who adopted them and when. ``effective`` keeps the
    criteria's effective weights as adopted, so a later edit of the weights shows."""

    choice: WeightsChoice
    workspace: Key = Field(min_length=1, description="the workspace the weighting ran in")
    round: int | None = Field(None, ge=1, description="the weighting round (group weights)")
    members: list[Name] = Field(
        default_factory=list,
        max_length=MAX_RATERS,
        description="names of the members whose weights were aggregated",
    )
    aggregation: Aggregation | None = None
    department: Name | None = None
    effective: dict[Key, float] = Field(
        default_factory=dict, description="criterion -> effective weight when adopted"
    )
    adopted_by: Name = Field(min_length=1)
    adopted_at: dt.datetime

    @model_validator(mode="after")
    def _complete(self) -> WeightsSource:
        if self.choice is WeightsChoice.GROUP and (
            self.round is None or not self.members or self.aggregation is None
        ):
            raise ValueError("group weights name their weighting round, members and aggregation")
        if self.choice is WeightsChoice.DEPARTMENT and not self.department:
            raise ValueError("a department's weights name the department")
        return self
