"""Benefits realisation through the application layer: the baseline from the profile, the
forecast from the decision's simulation, the re-forecast's fixed point on the example."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from crm_select.models.loader import load_catalog
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.realisation import FLOW_KPIS, KpiActual, RealisationRecord
from crm_select.models.scenario import Scenario
from crm_select.services import realisation as svc
from crm_select.services.decision import OpenDecision, load_decision, open_decision
from crm_select.services.simulation import simulate
from finance.cashflow import option_flows
from finance.engine import RunSettings, option_draws
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
    # go-live on 1 April 2026, not on the forecast's median: only the schedule moves it
    ref = empty.reforecast
    assert ref.delay_years != 0
    assert ref.npv == pytest.approx(npv_mean + ref.schedule_effect, rel=1e-9)
    assert ref.cost_effect == 0
    assert abs(ref.benefit_effect) < 1e-6 * abs(npv_mean)
    # no go-live entered yet: the forecast's own date, the forecast's NPV
    planned = rec.model_copy(update={"baseline": rec.baseline.model_copy(update={"go_live": None})})
    assert svc.analyse(decision, planned, trials=TRIALS).reforecast.npv == pytest.approx(
        npv_mean, rel=1e-9
    )


def test_on_track_actuals_keep_the_npv_within_monte_carlo_error(decision: OpenDecision):
    """Actuals exactly at the forecast's mean path of every lever KPI for a year, no project
    abandoned (so no trial is dropped for contradicting the record): the updated means are the
    prior's and the NPV stays where the go-live put it, within 3 standard errors of the mean
    NPV (the re-forecast moves each trial's uplift towards the prior's mean of 20,000 draws,
    and the simulation's own 1,000 trials average to a slightly different mean)."""
    d = linear(decision)
    rec = record(d)
    seed = d.scenario.finance.simulation.seed
    ref = svc.analyse(d, rec, trials=TRIALS).reforecast
    rows = []
    om, cm = svc.forecast_model(d, rec.baseline.option_id)
    ramp = svc.adoption_ramp(om, cm)
    for lever, prior in svc.priors(d.scenario, om, cm, seed).items():
        kpi = LEVER_KPI[lever]
        b = rec.baseline.kpi(kpi)
        assert b is not None
        per = b.value / 4 if kpi in FLOW_KPIS else b.value
        for label in ("2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"):
            f = period_frame(label, rec.baseline.period, rec.baseline, ramp)
            x = float(value_of(kpi, np.array(f.adoption * prior.mean), per))
            rows.append(KpiActual(kpi=kpi, period=label, value=x))
    on_track = svc.analyse(d, rec.model_copy(update={"actuals": rows}), trials=TRIALS)
    assert on_track.reforecast.benefit_ratio == pytest.approx(1.0, rel=1e-9)
    assert on_track.reforecast.trials == TRIALS
    se = ref.npv_samples.std() / np.sqrt(TRIALS)
    assert abs(on_track.reforecast.npv - ref.npv) < 3 * se
    # the evidence narrows the spread
    assert on_track.reforecast.p90 - on_track.reforecast.p10 < ref.p90 - ref.p10
    assert on_track.alerts == []


def linear(decision: OpenDecision) -> OpenDecision:
    """The example with the levers whose benefit is linear in the uplift (sales per rep,
    cross-sales, admin: no cross term, no cap), no compounding, decay, inflation or tax, and
    no project abandoned (benefits then stop, which the KPI targets do not model)."""
    data = decision.scenario.model_dump(mode="json")
    b = data["finance"]["benefits"]
    for name in LEVER_KPI:
        b["levers"][name]["enabled"] = name in ("sales_per_rep", "cross_sales", "admin")
    b["compounding"] = False
    b["decay"] = 0.0
    data["finance"]["risk"]["abandonment_given_failure"] = 0.0
    conv = data["finance"]["conventions"]
    conv.update(price_inflation=0.0, wage_inflation=0.0, profit_tax_rate=0.0)
    data["options"][0]["users"] = 10  # fewer seats than sales reps: part of the rep levers
    # the admin saving's money per unit takes the productivity factor's mean: fix it there
    prod = Scenario.model_validate(data).finance.benefits.productivity_factor.mean
    b["productivity_factor"] = {"kind": "fixed", "value": prod}
    return open_decision(Scenario.model_validate(data), load_catalog())


def test_kpi_targets_add_up_to_the_tco_page_benefit_of_each_option(decision: OpenDecision):
    """The targets are the engine's effective benefit (issue 15: licensed coverage, fit,
    attribution, the committee's ramp, the outcome model): once every trial is live and on
    the ramp's plateau, the targets' mean money of a year equals the TCO & ROI page's benefit
    of that year (the engine's mean over trials, an independent computation: the cash-flow
    kernel), for every option; the 2 % is the Monte Carlo error of both."""
    d = linear(decision)
    seed = d.scenario.finance.simulation.seed
    sim = simulate(d, trials=4_000, seed=seed)
    shares = set()
    for option in d.option_ids:
        rec = RealisationRecord(
            baseline=svc.default_baseline(d.scenario, option, dt.date(2026, 1, 1))
        )
        o = sim.option(option)
        r = svc.analyse_forecast(d, rec, o, seed)
        late = max(3, int(np.ceil(o.go_live_years["p95"])) + 3)  # live and on the plateau
        assert late < len(o.benefits_by_year)
        for t in range(late, len(o.benefits_by_year)):
            assert r.targets[t].mean == pytest.approx(o.benefits_by_year[t], rel=0.02)
            assert r.targets[t].p10 < r.targets[t].p50 < r.targets[t].p90
        assert r.targets[0].mean == 0.0  # nothing before go-live
        shares.add((o.lever_shares["sales_per_rep"], o.lever_shares["cross_sales"]))
    # licensed coverage and fit differ between the options, and the targets follow them
    assert len({s for s, _ in shares}) > 1
    assert len({c for _, c in shares}) > 1


def test_kpi_target_percentiles_are_the_engines_yearly_benefit_percentiles(
    decision: OpenDecision,
):
    """P10 / P50 / P90 of the targets' money in a year where every trial is live on the ramp's
    plateau against the same percentiles of the yearly benefit the TCO & ROI engine's kernel
    gives on the simulation's own draws (finance.engine.option_draws, finance.cashflow):
    two independent samples of one distribution (the targets' 20,000 prior draws, the
    engine's 4,000 trials). Tolerance: 4 standard errors of the difference of two sample
    quantiles, sqrt(p (1 − p)) / f(q) · sqrt(1/n₁ + 1/n₂), the density f(q) read from the
    engine's quantiles 5 points either side."""
    d = linear(decision)
    seed, n = d.scenario.finance.simulation.seed, 4_000
    run = RunSettings.of(d.scenario, trials=n, seed=seed, sensitivity=False)
    sim = simulate(d, trials=n, seed=seed)
    for option in d.option_ids[:2]:
        om, cm, chunks = option_draws(d.scenario, list(d.resolved), option, run)
        benefit = np.concatenate([option_flows(om, cm, x).benefit for _, x in chunks], axis=1)
        rec = RealisationRecord(
            baseline=svc.default_baseline(d.scenario, option, dt.date(2026, 1, 1))
        )
        o = sim.option(option)
        targets = svc.analyse_forecast(d, rec, o, seed).targets
        late = max(3, int(np.ceil(o.go_live_years["p95"])) + 3)
        for t in range(late, benefit.shape[0]):
            for p, target in ((0.1, targets[t].p10), (0.5, targets[t].p50), (0.9, targets[t].p90)):
                lo, q, hi = np.quantile(benefit[t], (p - 0.05, p, p + 0.05))
                se = np.sqrt(p * (1 - p)) * (hi - lo) / 0.1 * np.sqrt(1 / n + 1 / svc.PRIOR_DRAWS)
                assert target == pytest.approx(q, abs=4 * se), (option, t, p)
