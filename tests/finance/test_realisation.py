"""Benefits realisation core: hand-checked variance and percentile, the normal-normal update
against its closed form and a grid integration, the re-forecast's fixed point and direction."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from crm_select.models.distributions import Uniform
from crm_select.models.realisation import Baseline, BaselineKpi, KpiActual, SpendActual
from finance.realisation import (
    Alert,
    UpliftPrior,
    conjugate_update,
    outcome_draws,
    percentile_of,
    period_frame,
    track_record,
    uplift_prior,
    value_of,
    years_between,
)
from finance.reforecast import ForecastFlows

RAMP = (0.5, 0.8, 1.0)
# a symmetric set of effective uplifts: mean = median = 0.10, P10 = 0.02, P90 = 0.18
DRAWS = np.linspace(0.0, 0.2, 201)


def baseline(**kw: object) -> Baseline:
    data: dict[str, object] = {
        "option_id": "amo",
        "decision_date": dt.date(2026, 1, 1),
        "as_of": dt.date(2026, 1, 1),
        "go_live": dt.date(2026, 7, 1),
        "period": "quarter",
        "kpis": [
            BaselineKpi(kpi="sales_per_rep", value=1_200_000, source="profile"),
            BaselineKpi(kpi="adoption", value=0.0),
        ],
    }
    data.update(kw)
    return Baseline.model_validate(data)


#: the forecast's median go-live: 1 July 2026, as the baseline's (no delay)
PLANNED = years_between(dt.date(2026, 1, 1), dt.date(2026, 7, 1))


def forecast(benefits: tuple[float, ...] = (0.0, 400.0, 900.0, 1000.0)) -> ForecastFlows:
    return ForecastFlows(
        benefits=benefits,
        costs=(1500.0, 300.0, 300.0, 300.0),
        discount_rate=0.1,
        npv_quantiles=(0.0, 0.0, 0.0),
        go_live_years=PLANNED,
        cost_by_category={
            "implementation": (1200.0, 0.0, 0.0, 0.0),
            "licences": (300.0, 300.0, 300.0, 300.0),
        },
    )


def run(
    actuals: list[KpiActual],
    spend: list[SpendActual] | None = None,
    flows: ForecastFlows | None = None,
    **kw: object,
):
    return track_record(
        baseline(**kw),
        actuals,
        spend or [],
        {"sales_per_rep": UpliftPrior("sales_per_rep", DRAWS)},
        {"sales_per_rep": 50_000.0},
        RAMP,
        flows or forecast(),
        noise=0.05,
    )


def test_percentile_small_case_by_hand():
    # a·θ = 0, 0.05, 0.10, 0.15; y = 0.10: two below, one equal -> (2 + 0.5) / 4
    assert percentile_of(0.10, 0.5, np.array([0.0, 0.1, 0.2, 0.3])) == 0.625


def test_variance_and_percentile_of_one_quarter_by_hand():
    # Q3 2026: its middle (15 Aug) is after go-live (1 Jul), first year: a = 0.5; baseline per
    # quarter 1,200,000 / 4 = 300,000; forecast P50 = 300,000 x (1 + 0.5 x 0.10) = 315,000
    r = run([KpiActual(kpi="sales_per_rep", period="2026-Q3", value=327_750)])
    p = r.tracks[0].points[0]
    assert p.adoption == 0.5
    assert p.expected[1] == pytest.approx(315_000)
    assert p.expected[0] == pytest.approx(300_000 * (1 + 0.5 * 0.02))  # P10 of θ: 0.02
    assert p.variance == pytest.approx(12_750)
    # measured uplift 0.0925 against 0.05 expected: 0.0425 x 50,000 a year
    assert p.uplift == pytest.approx(0.0925)
    assert p.variance_money == pytest.approx(2_125)
    # a·θ < 0.0925 means θ < 0.185: the draws 0, 0.001, ..., 0.185 (186 of 201)
    assert p.percentile == pytest.approx(186 / 201)
    # realised money: uplift 0.0925 for a quarter at 50,000 a year per unit
    assert r.realised_benefit == pytest.approx(0.0925 * 50_000 / 4)


def test_conjugate_update_matches_closed_form_and_grid():
    m0, v0, noise = 0.10, 0.03**2, 0.05
    y = np.array([0.12, 0.07, 0.15, 0.11])
    a = np.ones(4)
    m1, v1 = conjugate_update(m0, v0, y, a, noise)
    n, ybar = len(y), y.mean()
    # Gelman et al. (2.12): posterior precision adds n / σ²; mean is precision-weighted
    v_ref = 1 / (1 / v0 + n / noise**2)
    m_ref = v_ref * (m0 / v0 + n * ybar / noise**2)
    assert m1 == pytest.approx(m_ref, rel=1e-12)
    assert v1 == pytest.approx(v_ref, rel=1e-12)
    # an independent reference: prior x likelihood integrated on a grid
    grid = np.linspace(-0.2, 0.4, 200_001)
    log_post = -0.5 * (grid - m0) ** 2 / v0 - 0.5 * ((y[:, None] - grid) ** 2).sum(0) / noise**2
    w = np.exp(log_post - log_post.max())
    w /= w.sum()
    assert m1 == pytest.approx((w * grid).sum(), abs=1e-9)
    assert v1 == pytest.approx((w * (grid - m1) ** 2).sum(), rel=1e-6)


def test_update_with_adoption_design_and_no_data():
    m1, v1 = conjugate_update(0.1, 0.01, np.array([0.04]), np.array([0.5]), 0.1)
    # precision 1/0.01 + 0.25/0.01 = 125; mean (0.1/0.01 + 0.5 x 0.04 / 0.01) / 125
    assert v1 == pytest.approx(1 / 125)
    assert m1 == pytest.approx((10 + 2) / 125)
    assert conjugate_update(0.1, 0.01, np.array([]), np.array([]), 0.1) == (0.1, 0.01)


def test_uplift_prior_is_the_engines_effective_uplift():
    """θ = w · a · u · o: the option's share, the attribution, the benchmark and the engine's
    outcome factor (full 1, partial U(0.3, 0.7), failure U(0, 0.2)), independent, so
    E[θ] = w E[a] E[u] E[o] and E[θ²] = w² E[a²] E[u²] E[o²]."""
    from crm_select.models.distributions import Fixed
    from finance.risk import OutcomeModel

    outcome = OutcomeModel(0.5, 0.3, 0.2, 0.3, 0.7, 0.0, 0.2, 0.0, 0.0, 0.0)
    rng = np.random.default_rng(1)
    eo = 0.5 + 0.3 * 0.5 + 0.2 * 0.1
    eo2 = 0.5 + 0.3 * (0.09 + 0.21 + 0.49) / 3 + 0.2 * 0.04 / 3
    eu, eu2 = 0.1, 0.04 / 3  # u ~ U(0, 0.2)
    ea, ea2 = 0.7, 0.49 + 0.04 / 12  # a ~ U(0.6, 0.8)
    w = 0.4
    prior = uplift_prior(
        "admin",
        Uniform(min=0, max=0.2),
        Uniform(min=0.6, max=0.8),
        w,
        outcome_draws(outcome, rng, 400_000),
        rng,
    )
    mean = w * ea * eu * eo
    assert prior.mean == pytest.approx(mean, rel=0.01)
    assert prior.var == pytest.approx(w * w * ea2 * eu2 * eo2 - mean**2, rel=0.02)
    fixed = uplift_prior(
        "margin",
        Fixed(value=0.02),
        Fixed(value=1.0),
        1.0,
        outcome_draws(outcome, rng, 10),
        rng,
        scale=1 / 0.4,
    )
    assert fixed.draws.max() == pytest.approx(0.05)  # 2 points of a 40 % margin: 5 % relative


def on_track(period: str) -> KpiActual:
    f = period_frame(period, baseline().period, baseline(), RAMP)
    x = float(value_of("sales_per_rep", np.array(f.adoption * 0.10), 300_000))
    return KpiActual(kpi="sales_per_rep", period=period, value=x)


PERIODS = ["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"]


def test_evidence_when_actuals_are_the_means():
    """Actuals on the forecast's mean path: the update keeps the mean and narrows the
    variance; year 1 (ended 1 Jan 2027, the end of 2026-Q4) is closed with realised ÷ expected
    money 1; the record runs to 1 July 2027 (the end of the last period)."""
    r = run([on_track(p) for p in PERIODS])
    ev = r.evidence
    (lever,) = ev.levers
    assert (lever.m1, lever.m0) == pytest.approx((0.10, 0.10))
    assert lever.v1 < lever.v0 == pytest.approx(DRAWS.var())
    assert ev.closed == {0: None, 1: pytest.approx(1.0)}
    assert ev.benefit_ratio == pytest.approx(1.0)
    assert ev.running_until == pytest.approx(
        years_between(dt.date(2026, 1, 1), dt.date(2027, 7, 1))
    )
    assert ev.spend_delta == {}
    assert r.alerts == []


@pytest.mark.parametrize("factor", [0.5, 1.5])
def test_evidence_moves_with_the_actuals(factor: float):
    rows = [
        KpiActual(
            kpi="sales_per_rep", period=a.period, value=300_000 + (a.value - 300_000) * factor
        )
        for a in (on_track(p) for p in PERIODS)
    ]
    ev = run(rows).evidence
    assert (ev.benefit_ratio > 1) == (factor > 1)
    assert (ev.levers[0].m1 > 0.10) == (factor > 1)
    # year 1 is closed: realised ÷ expected money of its periods (Q3, Q4) is the factor
    assert ev.closed[1] == pytest.approx(factor)


def test_spend_against_the_forecast_by_category_and_year():
    on = [on_track(p) for p in PERIODS]
    # the forecast's project work (1,200) runs evenly from 1 Jan to go-live on 1 July 2026
    # (181 days): 2026-Q2 holds 91 of them; a licence year (300) is 75 a quarter
    q2 = 1200.0 * 91 / 181
    plan = [
        SpendActual(period="2026-Q2", category="implementation", amount=q2),  # paid in year 0
        SpendActual(period="2027-Q1", category="licences", amount=75.0),  # year 2 collects it
    ]
    ev = run(on, plan).evidence
    assert [(v.category, v.actual) for v in ev.spend] == [("implementation", q2), ("licences", 75)]
    assert [v.forecast for v in ev.spend] == pytest.approx([q2, 75.0], rel=1e-12)
    assert ev.spend_delta == pytest.approx({0: 0.0, 2: 0.0}, abs=1e-9)
    # 200 more on implementation in year 0, 150 more on licences in year 2
    over = [
        SpendActual(period="2026-Q2", category="implementation", amount=q2 + 200.0),
        SpendActual(period="2027-Q1", category="licences", amount=225.0),
    ]
    ev = run(on, over).evidence
    assert ev.spend_delta == pytest.approx({0: 200.0, 2: 150.0})
    assert ev.spend[0].overrun == pytest.approx((q2 + 200) / q2)
    # project work after the forecast's go-live, and a category without a forecast: all extra
    for late in (
        SpendActual(period="2026-Q3", category="implementation", amount=40.0),
        SpendActual(period="2026-Q3", category="add_ons", amount=40.0),
    ):
        ev = run(on, [late]).evidence
        year = 0 if late.category == "implementation" else 1
        assert ev.spend_delta == pytest.approx({year: 40.0})
        assert ev.spend[0].overrun is None


def test_a_late_go_live_is_the_delay_after_the_forecasts_median():
    late = run([], go_live=dt.date(2027, 1, 1)).evidence.schedule
    assert late.delay == pytest.approx(1.0 - PLANNED)  # 1 Jan 2027 is a year after the decision
    assert (late.live, late.planned, late.actual) == (
        dt.date(2027, 1, 1),
        dt.date(2026, 7, 1),
        True,
    )
    planned = run([], go_live=None).evidence
    assert planned.schedule.delay == 0.0
    assert not planned.schedule.actual
    assert planned.running_until is None  # nothing reported: every trial stays


def test_a_late_go_live_moves_the_adoption_of_each_period():
    late = dt.date(2026, 10, 1)
    q3 = run([KpiActual(kpi="sales_per_rep", period="2026-Q3", value=300_000)], go_live=late)
    assert q3.tracks[0].points[0].adoption == 0.0  # not live yet: nothing expected
    q4 = run([KpiActual(kpi="sales_per_rep", period="2026-Q4", value=300_000)], go_live=late)
    assert q4.tracks[0].points[0].adoption == 0.5


def test_alert_after_two_periods_below_p10():
    low = KpiActual(kpi="sales_per_rep", period="2026-Q3", value=300_000)
    low2 = KpiActual(kpi="sales_per_rep", period="2026-Q4", value=300_000)
    assert run([low]).alerts == []
    assert run([low, low2]).alerts == [Alert("sales_per_rep", "2026-Q4")]


def test_adoption_below_the_ramp():
    rows = [
        KpiActual(kpi="adoption", period="2026-Q3", value=0.55),
        KpiActual(kpi="adoption", period="2026-Q4", value=0.40),
    ]
    r = run(rows)
    assert r.alerts == [Alert("adoption", "2026-Q4")]
    adoption = next(t for t in r.tracks if t.kpi == "adoption")
    assert [p.expected for p in adoption.points] == [(0.5,) * 3, (0.5,) * 3]  # the ramp's
    assert [p.variance for p in adoption.points] == pytest.approx([0.05, -0.10])


def test_trend_and_control_group():
    kpis = [BaselineKpi(kpi="sales_per_rep", value=1_200_000, trend=0.04)]
    rows = [
        KpiActual(kpi="sales_per_rep", period="2026-Q3", value=330_000),
        KpiActual(kpi="sales_per_rep", period="2026-Q4", value=330_000, control=320_000),
    ]
    p3, p4 = run(rows, kpis=kpis).tracks[0].points
    tau = years_between(dt.date(2026, 1, 1), dt.date(2026, 8, 16))
    assert p3.uplift_baseline == pytest.approx(0.10)
    assert p3.uplift_trend == pytest.approx(330_000 / (300_000 * 1.04**tau) - 1)
    assert p3.uplift == p3.uplift_trend < p3.uplift_baseline
    assert p4.uplift == p4.uplift_control == pytest.approx(330 / 320 - 1)


def test_churn_and_admin_directions():
    assert float(value_of("churn", np.array(0.01), 0.10)) == pytest.approx(0.09)
    assert float(value_of("admin_cost", np.array(0.1), 100.0)) == pytest.approx(90.0)
