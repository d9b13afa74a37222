"""Result objects of a simulation, with ``to_dict()`` / ``to_json()``; conventions on each."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from finance.base_case import BaseCase
from finance.initial_price import PriceCheck
from finance.sensitivity import Contribution, TornadoRow
from finance.trials import TrialData

CONVENTIONS = (
    "Money in the scenario currency, nominal unless marked PV. Year 0 is the start and is not "
    "discounted; flows of year t >= 1 are discounted as if paid at the end of year t, "
    "NPV = sum_t CF_t / (1 + r)^t from t = 0 (numpy-financial npv; Excel's NPV() starts at "
    "t = 1, so use =CF0 + NPV(r, CF1..CFn)); a charge billed inside a year is split between "
    "the year's start and end so that its amount and present value are exact. TCO counts "
    "equal ownership periods: the project until go-live, then H years after go-live; NPV, ROI, "
    "IRR and payback follow the calendar horizon, years 0..H from the decision (a later "
    "go-live loses benefit years). ROI = NPV / PV(costs). Risk-adjusted ROI "
    "(Forrester TEI style, reported separately) = (PV(benefits) x (1 - haircut) - PV(costs) x "
    "(1 + markup)) / (PV(costs) x (1 + markup)). IRR: rate with NPV = 0; trials whose cash "
    "flows never change sign have no IRR and are counted, not averaged. Discounted payback: "
    "years until cumulative discounted cash flow reaches 0, interpolated within the year with "
    "the year's benefits starting at go-live (a payback never precedes go-live); "
    "trials that do not pay back within the horizon are counted separately; IRR and payback "
    "statistics use the first irr_sample trials, the cash-flow fan the first fan_sample. "
    "Percentiles P5, "
    "P50, P95 over trials; se = standard error of the mean; ES5 = mean NPV of the worst 5 % "
    "of trials. Users' data-entry time is an indirect (economic) cost reported apart: it is "
    "never in TCO or the initial-price check, while NPV and ROI count it (as they count the "
    "admin savings). Initial price = up-front licences + the first licence year + the "
    "implementation as quoted (the partner's days before overrun); its share of TCO is "
    "checked against the source's band; the licence share of TCO is information."
)


def _clean(obj: Any) -> Any:
    """Make a structure JSON-safe: numpy scalars to Python, non-finite floats to None."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _clean(obj.tolist())
    if isinstance(obj, np.generic):
        return _clean(obj.item())
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
    npv_samples: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "npv_samples"}
        d["tornado"] = [asdict(r) for r in self.tornado]
        d["variance_contribution"] = [asdict(c) for c in self.variance_contribution]
        d["base_case"] = self.base_case.to_dict()
        d["price_check"] = asdict(self.price_check)
        d["economic_tco"] = self.tco + self.indirect_tco
        d["conventions"] = CONVENTIONS
        return _clean(d)


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
        return _clean(d)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
