"""Result objects of a simulation, with ``to_dict()`` / ``to_json()``; conventions on each."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from crm_select.locales import translate
from finance.base_case import BaseCase
from finance.initial_price import PriceCheck
from finance.sensitivity import Contribution, TornadoRow
from finance.trials import TrialData

CONVENTIONS = translate("finance.conventions", "en")
"""How every result is computed (the CLI and JSON state it; the page shows it in its language)."""


def clean(obj: Any) -> Any:
    """Make a structure JSON-safe: numpy scalars to Python, non-finite floats to None."""
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return clean(obj.tolist())
    if isinstance(obj, np.generic):
        return clean(obj.item())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    return obj


@dataclass
class OptionResult:
    """Monte Carlo outputs of one option (all statistics over trials).

    ``tco`` and ``tco_by_category`` (mean per category over the ownership rows: the project
    until go-live, then each of the H years after go-live) count equal ownership periods and
    cash only; ``indirect_tco`` and ``indirect_by_year`` are users' time (economic TCO =
    tco + indirect_tco); ``price_check`` the initial-price check (:mod:`finance.initial_price`);
    ``cash_by_category``, ``costs_by_year``, ``benefits_by_year``, ``pv_costs`` and the
    investment measures follow the calendar horizon, years 0 .. H from the decision. With a
    profit tax, ``costs_by_year`` and ``benefits_by_year`` are after tax (what NPV discounts)
    and ``tax_by_year`` the tax paid (negative: a tax saving); the categories stay pre-tax.
    """

    option_id: str
    name: str
    delivery_type: str
    strategy: str
    years: list[int]
    tco_by_category: dict[str, list[float]]
    cash_by_category: dict[str, list[float]]
    indirect_by_year: dict[str, list[float]]
    indirect_tco: float
    tco: float
    pv_costs: float
    costs_by_year: list[float]
    benefits_by_year: list[float]
    tax_by_year: list[float]
    npv: dict[str, Any]
    roi: dict[str, Any]
    risk_adjusted_roi: dict[str, Any]
    irr: dict[str, Any]
    discounted_payback: dict[str, Any]
    p_npv_positive: float
    expected_shortfall_npv_5: float
    price_check: PriceCheck
    outcome_shares: dict[str, float]
    go_live_years: dict[str, Any]
    cumulative_cash_flow: dict[str, list[float]]
    npv_histogram: dict[str, list[float]]
    tornado_base_npv: float
    tornado: list[TornadoRow]
    variance_contribution: list[Contribution]
    base_case: BaseCase
    #: share of each benefit lever's benchmark the option delivers: coverage x fit
    #: (:mod:`finance.fit`)
    lever_shares: dict[str, float] = field(default_factory=dict)
    #: P(NPV > 0) among the trials of each outcome (None: no trial had it); with
    #: ``outcome_shares`` it explains P(NPV > 0): a partial success can still pay back
    p_npv_positive_by_outcome: dict[str, float | None] = field(default_factory=dict)
    npv_samples: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "npv_samples"}
        d["tornado"] = [asdict(r) for r in self.tornado]
        d["variance_contribution"] = [asdict(c) for c in self.variance_contribution]
        d["base_case"] = self.base_case.to_dict()
        d["price_check"] = asdict(self.price_check)
        d["economic_tco"] = self.tco + self.indirect_tco
        d["conventions"] = CONVENTIONS
        return clean(d)


@dataclass
class SimulationResult:
    """Everything a simulation produced, for every option."""

    scenario: str
    currency: str
    trials: int
    seed: int
    latin_hypercube: bool
    horizon_years: int
    discount_rate: float
    convergence: dict[str, Any]
    options: list[OptionResult]
    warnings: list[str]
    conventions: str = CONVENTIONS
    conventions_in_force: list[str] = field(default_factory=list)
    trial_data: TrialData | None = field(default=None, repr=False)

    def option(self, option_id: str) -> OptionResult:
        for o in self.options:
            if o.option_id == option_id:
                return o
        raise KeyError(option_id)

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k not in ("options", "trial_data")}
        d["options"] = [o.to_dict() for o in self.options]
        return clean(d)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
