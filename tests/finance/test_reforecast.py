"""The re-forecast after go-live re-runs the decision's Monte Carlo (finance.reforecast):
the forecast itself when nothing is known, the analytic variance of a posterior on a case whose
cost and go-live are certain, the analytic loss of a late go-live and the present value of an
overspend, the direction of the actuals, and narrowing as periods come in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_select.models.catalog import Catalog
from crm_select.models.realisation import Baseline, KpiActual, RealisationRecord, SpendActual
from crm_select.services import realisation as svc
from crm_select.services.decision import OpenDecision, open_decision
from finance.engine import simulate
from finance.realisation import period_frame, value_of
from tests.finance.conftest import AS_OF, build

DECISION = dt.date(2026, 1, 1)
M = 400_000 * 0.5  # the fixture's new-business revenue × margin: money a year per unit of θ
LIVE = dt.date(2026, 7, 3)  # the forecast's go-live: 26 weeks, half a year (182.6 days) later


def decision(**kw: Any) -> OpenDecision:
    s, _ = build(**kw)
    cat = Catalog.model_validate(
        {
            "as_of": AS_OF,
            "options": [o.inline.model_dump(mode="json") for o in s.options if o.inline],
        }
    )
    return open_decision(s, cat)


def uncertain_uplift(trials: int = 20_000) -> OpenDecision:
    """Every cost and the go-live (26 weeks, half a year) certain, full success, one lever
    (sales per rep) with a benchmark uplift U(0.05, 0.15) and the whole of it attributed."""
    return decision(
        finance={
            "simulation": {"trials": trials, "seed": 11},
            "benefits": {
                "levers": {
                    "sales_per_rep": {
                        "enabled": True,
                        "uplift": {"kind": "uniform", "min": 0.05, "max": 0.15},
                        "attribution": {"kind": "fixed", "value": 1.0},
                    }
                }
            },
        }
    )


def analyse(d: OpenDecision, **record: Any) -> svc.Realisation:
    seed = d.scenario.finance.simulation.seed
    sim = simulate(d.scenario, list(d.resolved), seed=seed, sensitivity=False)
    base = svc.default_baseline(d.scenario, d.option_ids[0], DECISION)
    base = base.model_copy(update=record.pop("baseline", {}))
    rec = RealisationRecord(baseline=base, **record)
    return svc.analyse_forecast(d, rec, sim.option(d.option_ids[0]), seed)


def sales(base: Baseline, period: str, uplift: float) -> KpiActual:
    """A sales-per-rep actual whose measured uplift is ``uplift`` at full adoption."""
    kpi = base.kpi("sales_per_rep")
    assert kpi is not None
    per = kpi.value / 4
    f = period_frame(period, base.period, base, (1.0,), LIVE)
    return KpiActual(
        kpi="sales_per_rep",
        period=period,
        value=float(value_of("sales_per_rep", np.array(f.adoption * uplift), per)),
    )


def test_nothing_known_reruns_the_forecast_trial_for_trial():
    """Same seed, same trials: with no actuals the re-forecast's NPV of every trial is the
    engine's own (the example's full risk model: overruns, outcomes, abandonment)."""
    d = decision(deterministic=False)
    seed = d.scenario.finance.simulation.seed
    o = simulate(d.scenario, list(d.resolved), seed=seed, sensitivity=False).option(d.option_ids[0])
    ref = analyse(d).reforecast
    assert ref.trials == o.npv_samples.size
    np.testing.assert_allclose(ref.npv_samples, o.npv_samples, rtol=1e-12, atol=1e-6)
    assert ref.npv == pytest.approx(ref.npv_forecast, rel=1e-12)
    assert (ref.p10, ref.p50, ref.p90) == pytest.approx(
        (ref.forecast_p10, ref.forecast_p50, ref.forecast_p90), rel=1e-12
    )
    assert ref.schedule_effect == ref.cost_effect == 0.0
    assert ref.benefit_effect == pytest.approx(0.0, abs=1e-6 * abs(ref.npv))
    assert np.quantile(o.npv_samples, 0.1) < ref.p50 < np.quantile(o.npv_samples, 0.9)


def test_posterior_variance_of_the_remaining_years_by_hand():
    """Cost and go-live certain, o = 1, θ = u: NPV = const + M θ' Σ_open d_y, so its variance is
    (M Σ_open d_y)² v₁ with v₁ the conjugate posterior's variance, by hand: prior variance
    0.1²/12, two quarters live at full adoption, noise 0.05. 2026-Q3 and Q4 close years 0-1;
    years 2 and 3 remain. The tolerance is Monte Carlo error: the sample variance of 20,000
    uniform draws is within 0.7 % (sd of s²/σ² = sqrt(0.8 / n)), as is the prior's."""
    d = uncertain_uplift()
    base = svc.default_baseline(d.scenario, d.option_ids[0], DECISION)
    rows = [sales(base, "2026-Q3", 0.13), sales(base, "2026-Q4", 0.12)]
    ref = analyse(d, actuals=rows).reforecast
    v0 = 0.1**2 / 12
    v1 = 1 / (1 / v0 + 2 / 0.05**2)
    s_open = M * (1 / 1.1**2 + 1 / 1.1**3)
    assert [y.actual for y in ref.years] == [True, True, False, False]
    assert ref.npv_samples.var() == pytest.approx(s_open**2 * v1, rel=0.04)
    # before any period the spread is the prior's over the three years of benefit
    prior = analyse(d).reforecast.npv_samples
    s_all = M * (0.5 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3)
    assert prior.var() == pytest.approx(s_all**2 * v0, rel=0.04)


def test_a_late_go_live_loses_half_a_year_of_benefit_discounted():
    """All certain, uplift 0.10 (B = 20,000 a year): the forecast goes live after 26 weeks;
    going live a year after the decision loses year 1's half-year of benefit, 0.5 B / 1.1
    (nothing else moves: the project is paid in year 0 either way, licences from year 1)."""
    d = decision()
    ref = analyse(d, baseline={"go_live": dt.date(2027, 1, 1)}).reforecast
    lost = 0.5 * 0.10 * M / 1.1
    assert ref.schedule_effect == pytest.approx(-lost, rel=1e-9)
    assert ref.npv == pytest.approx(ref.npv_forecast - lost, rel=1e-9)
    assert ref.p10 == pytest.approx(ref.p90)  # nothing uncertain left
    assert ref.cost_effect == 0.0
    assert ref.benefit_effect == pytest.approx(0.0, abs=1e-6)


def test_spend_above_the_forecast_costs_its_present_value():
    d = decision()
    over = [
        SpendActual(period="2026-Q1", category="implementation", amount=20_000.0),
        SpendActual(period="2027-Q1", category="licences", amount=900.0),
    ]
    base = analyse(d).reforecast
    ref = analyse(d, spend=over).reforecast
    # the forecast: 10 days x 1,000 of implementation in year 0 (all in Q1: the project runs to
    # 3 July (the median half year, 183 days), Q1 holds 90 of them); 10 users x 100 x 12 of licences a year, 3,000 a
    # quarter pro rata, in year 2
    extra = (20_000.0 - 10_000.0 * 90 / 183) + (900.0 - 3_000.0) / 1.1**2
    assert ref.cost_effect == pytest.approx(-extra, rel=1e-9)
    assert ref.npv == pytest.approx(base.npv - extra, rel=1e-9)


@pytest.mark.parametrize("uplift", [0.05, 0.15])
def test_the_reforecast_moves_with_the_actuals(uplift: float):
    d = uncertain_uplift(4_000)
    base = svc.default_baseline(d.scenario, d.option_ids[0], DECISION)
    rows = [sales(base, "2026-Q3", uplift), sales(base, "2026-Q4", uplift)]
    ref = analyse(d, actuals=rows).reforecast
    up = uplift > 0.10
    assert (ref.npv > ref.npv_forecast) == up
    assert (ref.p50 > ref.forecast_p50) == up
    assert (ref.benefit_effect > 0) == up
    assert ref.years[1].actual
    assert (ref.years[1].benefit > ref.years[1].benefit_forecast) == up


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(level=st.floats(0.0, 0.25), first=st.integers(1, 3), more=st.integers(1, 4))
def test_percentiles_order_and_narrow_as_periods_come_in(level: float, first: int, more: int):
    d = uncertain_uplift(2_000)
    base = svc.default_baseline(d.scenario, d.option_ids[0], DECISION)
    periods = ["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1"]
    rows = [sales(base, p, level) for p in periods[: first + more]]
    early = analyse(d, actuals=rows[:first]).reforecast
    late = analyse(d, actuals=rows).reforecast
    for r in (early, late):
        assert r.p10 <= r.p50 <= r.p90
    assert late.p90 - late.p10 <= early.p90 - early.p10 + 1e-6
