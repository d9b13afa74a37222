"""Finance assumptions of a scenario: simulation settings and per-option cost overrides.

Every field has a documented default so a scenario may omit the whole section.
"""

from __future__ import annotations

from pydantic import Field

from models.base import Strict


class SimulationSettings(Strict):
    trials: int = Field(10_000, ge=100, le=5_000_000)
    seed: int = Field(20261125, ge=0)
    latin_hypercube: bool = False


class FinanceAssumptions(Strict):
    simulation: SimulationSettings = Field(default_factory=SimulationSettings)
