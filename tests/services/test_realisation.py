"""Benefits realisation through the application layer: the baseline from the profile, the
forecast from the decision's simulation, the re-forecast's fixed point on the example."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.realisation import FLOW_KPIS, KpiActual, RealisationRecord
from crm_select.services import realisation as svc
from crm_select.services.decision import OpenDecision, load_decision
from crm_select.services.simulation import simulate
from finance.realisation import LEVER_KPI, period_frame, value_of

TRIALS = 1_000


@pytest.fixture(scope="module")
def decision() -> OpenDecision:
    return load_decision(EXAMPLE_SCENARIO)


def record(decision: OpenDecision) -> RealisationRecord:
    base = svc.default_baseline(
        decision.scenario,
        decision.option_ids[0],
        dt.date(2026, 1, 1),
        go_live=dt.date(2026, 4, 1),
    )
    return RealisationRecord(baseline=base)


def test_baseline_from_the_company_profile(decision: OpenDecision):
    c = decision.scenario.company
    base = record(decision).baseline
    spr = base.kpi("sales_per_rep")
    assert spr is not None
    assert spr.value == pytest.approx(
        c.annual_revenue * (1 - c.existing_customer_share) / c.sales_reps
    )
    assert base.kpi("churn") is not None
    assert base.kpi("churn").value == c.churn  # type: ignore[union-attr]


def test_forecast_npv_is_the_simulation_mean_and_on_track_keeps_it(decision: OpenDecision):
    rec = record(decision)
    empty = svc.analyse(decision, rec, trials=TRIALS)
    seed = decision.scenario.finance.simulation.seed
    sim = simulate(decision, trials=TRIALS, seed=seed)
    npv_mean = sim.option(rec.baseline.option_id).npv["mean"]
    # NPV is linear: the NPV of the mean cash flows is the mean NPV
    assert empty.reforecast.npv_forecast == pytest.approx(npv_mean, rel=1e-9)
    assert empty.reforecast.npv == pytest.approx(npv_mean, rel=1e-9)
    # actuals exactly at the forecast's mean path of every lever KPI: the NPV stays
    rows = []
    for lever, prior in svc.priors(
        decision.scenario, sim.option(rec.baseline.option_id), seed
    ).items():
        kpi = LEVER_KPI[lever]
        b = rec.baseline.kpi(kpi)
        assert b is not None
        per = b.value / 4 if kpi in FLOW_KPIS else b.value
        for label in ("2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"):
            f = period_frame(label, rec.baseline.period, rec.baseline, (0.5, 0.8, 1.0))
            x = float(value_of(kpi, np.array(f.adoption * prior.mean), per))
            rows.append(KpiActual(kpi=kpi, period=label, value=x))
    on_track = svc.analyse(decision, rec.model_copy(update={"actuals": rows}), trials=TRIALS)
    assert on_track.reforecast.benefit_ratio == pytest.approx(1.0, rel=1e-9)
    assert on_track.reforecast.npv == pytest.approx(npv_mean, rel=1e-9)
    assert on_track.alerts == []
