"""Benefit model: the benchmark levers applied to the part of the business an option serves.

How the levers combine (docs/finance.md, "Benefits"): each lever has its own base in the
company profile and each option delivers a share ``w_l`` of it (:func:`lever_shares`: the
reps and users it licenses). Revenue levers add revenue increments on disjoint bases,

    ΔR = w_s · R_new · u_s + w_w · B_win · u_w (1 + u_s) + w_c · R_cross · u_c
         + w_r · R_exist · min(Δc, c)

(``B_win`` = new-business revenue from the profile's deals, ``deals_per_year × average_deal``;
the ``(1 + u_s)`` cross term only when both new-business levers are on, ``allow_overlap``), and
the margin lever acts on the covered gross profit and on the increments, so nothing is counted
twice:

    gain = ΔR · m · (1 + w_m u_m) + R · m · w_m u_m
    saving = w_a · C_admin · u_admin · productivity_factor

With every share at 1 this is ``(R + ΔR) · m · (1 + u_m) − R · m``, the model of schema
versions 1 to 7.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crm_select.models.company import CompanyProfile
from crm_select.models.distributions import Distribution
from crm_select.models.finance import LEVER_NAMES
from crm_select.models.scenario import Scenario

Array = NDArray[np.float64]


@dataclass(frozen=True)
class CompanyModel:
    """Company figures, benefit settings and the inputs shared by every option."""

    revenue: float
    revenue_new: float
    revenue_existing: float
    revenue_cross: float
    revenue_deals_new: float
    gross_margin: float
    admin_costs: float
    churn: float
    labour_per_day: float
    working_days: int
    discount_rate: float
    horizon: int
    compounding: bool
    enabled: tuple[str, ...]
    inputs: dict[str, Distribution]
    decay: float = 0.0
    margin_points: bool = False
    churn_per_uplift: float = 1.0
    tax_rate: float = 0.0
    amortisation_years: float = 5.0
    residual_value: bool = False
    price_inflation: float = 0.0
    wage_inflation: float = 0.0

    @property
    def idle(self) -> frozenset[str]:
        """Inputs drawn but not used (switched-off levers): kept out of every sensitivity."""
        off = [n for n in LEVER_NAMES if n not in self.enabled]
        return frozenset(f"lever.{n}" for n in off) | frozenset(f"attribution.{n}" for n in off)

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
    enabled = tuple(name for name in LEVER_NAMES if getattr(b.levers, name).enabled)
    # every lever is drawn, used or not, so switching one on or off leaves every other input's
    # draws where they were (common random numbers across finance scenarios)
    inputs: dict[str, Distribution] = {
        f"lever.{name}": getattr(b.levers, name).uplift for name in LEVER_NAMES
    }
    inputs["productivity_factor"] = b.productivity_factor
    inputs["data_entry_minutes"] = scenario.finance.indirect.data_entry_minutes
    # after the others: a fixed share (the default) draws nothing, so it moves no other draw
    inputs |= {f"attribution.{name}": getattr(b.levers, name).attribution for name in LEVER_NAMES}
    existing = c.annual_revenue * c.existing_customer_share
    return CompanyModel(
        revenue=c.annual_revenue,
        revenue_new=c.annual_revenue - existing,
        revenue_existing=existing,
        revenue_cross=c.cross_sell_revenue,
        revenue_deals_new=min(
            c.deals_per_year * c.average_deal * (1.0 - c.existing_customer_share),
            c.annual_revenue - existing,
        ),
        gross_margin=c.gross_margin,
        admin_costs=c.admin_costs,
        churn=c.churn,
        labour_per_day=c.loaded_labour_cost_per_day,
        working_days=c.working_days,
        discount_rate=c.discount_rate,
        horizon=c.horizon_years,
        compounding=b.compounding,
        enabled=enabled,
        inputs=inputs,
        decay=b.decay,
        margin_points=b.margin_uplift == "points",
        churn_per_uplift=1.0 if b.satisfaction_to_churn is None else b.satisfaction_to_churn,
        tax_rate=conv.profit_tax_rate,
        amortisation_years=conv.amortisation_years,
        residual_value=conv.residual_value,
        price_inflation=conv.price_inflation,
        wage_inflation=conv.wage_inflation,
    )


#: levers whose base is the sales reps' business (their share follows the reps licensed)
REP_LEVERS: frozenset[str] = frozenset({"sales_per_rep", "win_rate", "margin"})


def coverage_shares(company: CompanyProfile, users: int) -> dict[str, float]:
    """The share of each lever's base an option licensing ``users`` serves.

    Reps are licensed first (they are who a sales CRM is bought for): the rep levers (sales per
    rep, win rate, margin per deal) get ``min(1, users / sales_reps)`` (0 without reps: no
    rep-handled revenue); the others (cross-sales, retention, admin savings) the share of the
    company's CRM users, ``min(1, users / crm_users)``. Both are non-decreasing in ``users``, so
    licensing fewer users never raises the benefit.
    """
    users_share = min(1.0, users / company.crm_users)
    reps_share = min(1.0, users / company.sales_reps) if company.sales_reps else 0.0
    return {name: reps_share if name in REP_LEVERS else users_share for name in LEVER_NAMES}


def lever_parts(
    cm: CompanyModel, x: dict[str, Array], k: Array | float = 1.0, scale: float = 1.0
) -> dict[str, Array]:
    """Each enabled lever's yearly amount at full adoption, outcome and coverage.

    Revenue levers give their revenue increment, ``margin`` its relative uplift ``u_m`` and
    ``admin`` the admin saving (money). Drawn once per trial for every option (common random
    numbers); :func:`option_benefit` applies an option's shares.

    Parameters
    ----------
    cm : CompanyModel
    x : dict of name -> array (T,)
        Drawn uplifts ``lever.<name>``, attribution shares ``attribution.<name>`` (absent or
        1: the whole uplift) and ``productivity_factor``.
    k : array or float
        Years of compounding (1 when compounding is off; 1..3 when on). Broadcasts with x.
    scale : float
        Multiplies every uplift (1: the benchmark as the scenario states it;
        :mod:`finance.break_even` solves for the scale at which mean NPV is zero).
    """
    flat = np.isscalar(k) and k == 1.0

    def up(name: str) -> Array:
        """The uplift the CRM brings: benchmark × attribution × ``scale``."""
        u = x[f"lever.{name}"]
        a = x.get(f"attribution.{name}")
        if a is not None and not np.all(a == 1.0):
            u = u * a
        return u * scale if scale != 1.0 else u

    def grow(u: Array) -> Array:
        return u if flat else (1.0 + u) ** k - 1.0

    on = cm.enabled
    out: dict[str, Array] = {}
    if "sales_per_rep" in on:
        out["sales_per_rep"] = cm.revenue_new * grow(up("sales_per_rep"))
    if "win_rate" in on:
        won = cm.revenue_deals_new * grow(up("win_rate"))
        if "sales_per_rep" in on:  # allow_overlap: more deals won of a larger pipeline
            won = won * (1.0 + grow(up("sales_per_rep")))
        out["win_rate"] = won
    if "cross_sales" in on:
        out["cross_sales"] = cm.revenue_cross * grow(up("cross_sales"))
    if "retention" in on:
        d_churn = up("retention") * (k * cm.churn_per_uplift)
        out["retention"] = cm.revenue_existing * np.minimum(d_churn, cm.churn)
    if "margin" in on:
        # relative to the margin, as the formula uses it; points: u / m of the margin
        m = cm.gross_margin
        out["margin"] = up("margin") / m if cm.margin_points and m > 0 else up("margin")
    if "admin" in on:
        u_a = up("admin")
        saved = u_a if flat else 1.0 - (1.0 - u_a) ** k
        out["admin"] = cm.admin_costs * saved * x["productivity_factor"]
    return out


REVENUE_LEVERS: tuple[str, ...] = ("sales_per_rep", "win_rate", "cross_sales", "retention")


def option_benefit(
    cm: CompanyModel, parts: dict[str, Array], share: dict[str, float]
) -> tuple[Array, Array]:
    """Yearly gross-profit gain and admin saving of one option at full adoption and outcome
    (the first grows with prices, the second with wages when inflation is on):
    ``gain = ΔR · m · (1 + w_m u_m) + R · m · w_m u_m`` and ``saving = w_a · S`` (module
    docstring)."""
    m = cm.gross_margin
    d_rev: Array | float = 0.0
    for name in REVENUE_LEVERS:
        if name in parts:
            d_rev = d_rev + share[name] * parts[name]
    gain: Array | float = d_rev * m
    if "margin" in parts:
        u_m = share["margin"] * parts["margin"]
        gain = d_rev * m * (1.0 + u_m) + (cm.revenue * m) * u_m
    saving: Array | float = share["admin"] * parts["admin"] if "admin" in parts else 0.0
    return np.asarray(gain, dtype=np.float64), np.asarray(saving, dtype=np.float64)
