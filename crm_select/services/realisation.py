"""Benefits realisation after go-live (docs/realisation.md): the baseline from the company
profile, and the chosen option's forecast confronted with the actuals.

The forecast is the decision's own simulation (:func:`services.simulation.simulate`, same
trials and seed): its yearly benefits and costs, its outcome shares; the lever uplifts come
from the scenario's lever distributions. :func:`analyse` is the one use case the page, the CLI
and the report call.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from crm_select.models.realisation import (
    Baseline,
    BaselineKpi,
    PeriodKind,
    RealisationRecord,
)
from crm_select.models.scenario import Scenario
from crm_select.services.decision import OpenDecision
from crm_select.services.simulation import simulate
from finance.realisation import (
    LEVER_KPI,
    ForecastFlows,
    OutcomeMix,
    Realisation,
    UpliftPrior,
    realise,
    uplift_prior,
)
from finance.result import OptionResult

__all__ = ["Realisation", "analyse", "default_baseline", "money_per_unit", "priors"]

PRIOR_DRAWS = 20_000
"""Draws of each lever's effective uplift (the percentiles' sampling error is then about
0.3 percentile points)."""


def default_baseline(
    scenario: Scenario,
    option_id: str,
    decision_date: dt.date,
    *,
    go_live: dt.date | None = None,
    period: PeriodKind = PeriodKind.QUARTER,
) -> Baseline:
    """The baseline KPIs the company profile already states (sources say so); the user edits
    them and adds what the profile does not know (records entered per user and week)."""
    c = scenario.company
    new_business = c.annual_revenue * (1.0 - c.existing_customer_share)
    note = "company profile"
    values = {
        "revenue_by_reps": new_business,
        "sales_per_rep": new_business / c.sales_reps if c.sales_reps else 0.0,
        "win_rate": c.win_rate,
        "average_deal": c.average_deal,
        "gross_margin": c.gross_margin,
        "churn": c.churn,
        "cross_sell_revenue": c.cross_sell_revenue,
        "admin_cost": c.admin_costs,
        "adoption": 0.0,
    }
    return Baseline(
        option_id=option_id,
        decision_date=decision_date,
        as_of=decision_date,
        go_live=go_live,
        period=period,
        kpis=[BaselineKpi(kpi=k, value=v, source=note) for k, v in values.items()],
    )


def money_per_unit(scenario: Scenario) -> dict[str, float]:
    """Money a year per unit of each enabled lever's effective uplift (first order; the
    module docstring of :mod:`finance.realisation`)."""
    c = scenario.company
    b = scenario.finance.benefits
    m = c.gross_margin
    existing = c.annual_revenue * c.existing_customer_share
    new_business = c.annual_revenue - existing
    w = {
        "sales_per_rep": new_business * m,
        "win_rate": new_business * m,
        "cross_sales": c.cross_sell_revenue * m,
        "retention": existing * m,
        "margin": c.annual_revenue * m,
        "admin": c.admin_costs * b.productivity_factor.mean,
    }
    return {k: v for k, v in w.items() if getattr(b.levers, k).enabled}


def priors(scenario: Scenario, option: OptionResult, seed: int) -> dict[str, UpliftPrior]:
    """Each enabled lever's effective uplift ``o · u`` under the forecast: the lever's
    distribution and the option's simulated outcome shares."""
    risk = scenario.finance.risk
    shares = option.outcome_shares
    mix = OutcomeMix(
        full=shares["full"],
        partial=shares["partial"],
        failure=shares["failure"],
        partial_range=(risk.partial_value.min, risk.partial_value.max),
        failure_range=(risk.failure_value.min, risk.failure_value.max),
    )
    rng = np.random.default_rng(seed)
    levers = scenario.finance.benefits.levers
    return {
        name: uplift_prior(name, getattr(levers, name).uplift, mix, rng, PRIOR_DRAWS)
        for name in LEVER_KPI
        if getattr(levers, name).enabled
    }


def analyse(
    decision: OpenDecision,
    record: RealisationRecord,
    *,
    trials: int | None = None,
    seed: int | None = None,
) -> Realisation:
    """The record against the chosen option's forecast (the decision's simulation with its
    trials and seed unless given). Raises ``KeyError`` when the option left the shortlist."""
    scenario = decision.scenario
    run_seed = seed if seed is not None else scenario.finance.simulation.seed
    result = simulate(decision, trials=trials, seed=run_seed)
    option = result.option(record.baseline.option_id)
    flows = ForecastFlows(
        benefits=tuple(option.benefits_by_year),
        costs=tuple(option.costs_by_year),
        discount_rate=scenario.company.discount_rate,
    )
    return realise(
        record.baseline,
        record.actuals,
        record.spend,
        priors(scenario, option, run_seed),
        money_per_unit(scenario),
        tuple(scenario.finance.benefits.adoption_ramp),
        flows,
        record.settings.observation_noise,
    )
