"""How a decision-confidence run draws its inputs (``crm-select confidence``, the Ranking
page's Confidence section, the report's decision card): trials, seed and the weight model.

Trials and seed default to the scenario's finance simulation (``finance.simulation``), the
weights' spread and the score noise to its rank-acceptability settings
(``ranking.robustness``), so every surface draws the same trials for the same decision.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from crm_select.models.base import Strict


class WeightModel(StrEnum):
    """How a trial draws the weights (docs/decision_confidence.md).

    dirichlet: around the stated weights, spread by ``ranking.robustness.concentration`` (as
    rank acceptability). uniform: anywhere on the simplex (nothing known about the weights).
    band: each weight times U(1 - band, 1 + band), renormalised (a stated +/- band).
    departments: a random mix of the departments' weighting sets (a live committee's).
    fixed: the stated weights, no weight uncertainty.
    """

    DIRICHLET = "dirichlet"
    UNIFORM = "uniform"
    BAND = "band"
    DEPARTMENTS = "departments"
    FIXED = "fixed"


class ConfidenceSettings(Strict):
    """One decision-confidence run; None takes the scenario's own setting."""

    trials: int | None = Field(None, ge=100, description="joint trials (default: finance's)")
    seed: int | None = Field(None, ge=0, description="seed (default: finance's)")
    weights: WeightModel = WeightModel.DIRICHLET
    band: float = Field(0.2, ge=0, lt=1, description="relative +/- band of the band model")
