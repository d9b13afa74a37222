"""Benefit model: the benchmark levers applied to the company profile (design 4.1).

How the levers combine (docs/finance.md, "Benefits"): revenue levers add revenue
increments ΔR on disjoint revenue bases (new business, cross-sell, retained existing
revenue); the margin lever acts on the whole gross profit *after* those increments, so

    gain = (R + ΔR) · m · (1 + u_margin) − R · m      (no lever's effect is counted twice)

and admin savings are ``C_admin · u_admin · productivity_factor``. ``sales_per_rep`` and
``win_rate`` act on the same base (new business); with ``allow_overlap`` they combine
multiplicatively, ``(1 + u_s)(1 + u_w) − 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crm_select.models.distributions import Distribution
from crm_select.models.scenario import Scenario

LEVERS: tuple[str, ...] = (
    "sales_per_rep",
    "win_rate",
    "cross_sales",
    "retention",
    "margin",
    "admin",
)

Array = NDArray[np.float64]


@dataclass(frozen=True)
class CompanyModel:
    """Company figures, benefit settings and the inputs shared by every option."""

    revenue: float
    revenue_new: float
    revenue_existing: float
    revenue_cross: float
    gross_margin: float
    admin_costs: float
    churn: float
    labour_per_day: float
    working_days: int
    discount_rate: float
    horizon: int
    adoption_ramp: tuple[float, ...]
    compounding: bool
    enabled: tuple[str, ...]
    inputs: dict[str, Distribution]
    tax_rate: float = 0.0
    amortisation_years: float = 5.0
    residual_value: bool = False
    price_inflation: float = 0.0
    wage_inflation: float = 0.0

    @property
    def idle(self) -> frozenset[str]:
        """Inputs drawn but not used (switched-off levers): kept out of every sensitivity."""
        return frozenset(f"lever.{n}" for n in LEVERS if n not in self.enabled)

    @property
    def inflated(self) -> bool:
        return self.price_inflation != 0.0 or self.wage_inflation != 0.0

    def index(self, rate: float) -> Array:
        """``(1 + rate)^y`` for y = 0 .. H: the price level of year y relative to year 0."""
        return (1.0 + rate) ** np.arange(self.horizon + 1, dtype=np.float64)


def company_model(scenario: Scenario) -> CompanyModel:
    """Company profile and benefit settings, with the shared uncertain inputs."""
    c = scenario.company
    b = scenario.finance.benefits
    conv = scenario.finance.conventions
    enabled = tuple(name for name in LEVERS if getattr(b.levers, name).enabled)
    # every lever is drawn, used or not, so switching one on or off leaves every other input's
    # draws where they were (common random numbers across finance scenarios)
    inputs: dict[str, Distribution] = {
        f"lever.{name}": getattr(b.levers, name).uplift for name in LEVERS
    }
    inputs["productivity_factor"] = b.productivity_factor
    inputs["data_entry_minutes"] = scenario.finance.indirect.data_entry_minutes
    existing = c.annual_revenue * c.existing_customer_share
    return CompanyModel(
        revenue=c.annual_revenue,
        revenue_new=c.annual_revenue - existing,
        revenue_existing=existing,
        revenue_cross=c.cross_sell_revenue,
        gross_margin=c.gross_margin,
        admin_costs=c.admin_costs,
        churn=c.churn,
        labour_per_day=c.loaded_labour_cost_per_day,
        working_days=c.working_days,
        discount_rate=c.discount_rate,
        horizon=c.horizon_years,
        adoption_ramp=tuple(b.adoption_ramp),
        compounding=b.compounding,
        enabled=enabled,
        inputs=inputs,
        tax_rate=conv.profit_tax_rate,
        amortisation_years=conv.amortisation_years,
        residual_value=conv.residual_value,
        price_inflation=conv.price_inflation,
        wage_inflation=conv.wage_inflation,
    )


def lever_value(cm: CompanyModel, x: dict[str, Array], k: Array | float = 1.0) -> Array:
    """Yearly gross-profit gain plus admin saving at full adoption and full outcome
    (:func:`lever_parts` added)."""
    gain, saving = lever_parts(cm, x, k)
    return gain + saving


def lever_parts(
    cm: CompanyModel, x: dict[str, Array], k: Array | float = 1.0
) -> tuple[Array, Array]:
    """Yearly gross-profit gain and admin saving at full adoption and full outcome (the first
    grows with prices, the second with wages when inflation is on).

    Parameters
    ----------
    cm : CompanyModel
    x : dict of name -> array (T,)
        Drawn uplifts ``lever.<name>`` and ``productivity_factor``.
    k : array or float
        Years of compounding (1 when compounding is off; 1..3 when on). Broadcasts with x.
    """
    zero = np.zeros_like(x["productivity_factor"])

    def up(name: str) -> Array:
        return x.get(f"lever.{name}", zero) if name in cm.enabled else zero

    def grow(u: Array) -> Array:
        return u if np.isscalar(k) and k == 1.0 else (1.0 + u) ** k - 1.0

    u_new = (1.0 + grow(up("sales_per_rep"))) * (1.0 + grow(up("win_rate"))) - 1.0
    d_churn = np.minimum(up("retention") * k, cm.churn)
    d_rev = cm.revenue_new * u_new + cm.revenue_cross * grow(up("cross_sales"))
    d_rev = d_rev + cm.revenue_existing * d_churn
    u_m = up("margin")
    gain = (cm.revenue + d_rev) * cm.gross_margin * (1.0 + u_m) - cm.revenue * cm.gross_margin
    u_a = up("admin")
    saved = u_a if np.isscalar(k) and k == 1.0 else 1.0 - (1.0 - u_a) ** k
    return gain, cm.admin_costs * saved * x["productivity_factor"]
