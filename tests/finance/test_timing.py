"""Billing timing, TCO over equal ownership periods, payback that respects go-live (issue 14)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_select.models.catalog import Billing, Catalog
from crm_select.models.decision import resolve
from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import upgrade
from finance import engine, metrics
from finance.base_case import base_case
from finance.cashflow import option_flows
from finance.engine import simulate
from finance.timing import advance_share

from .conftest import AS_OF, build, option, scenario_data

AS_BILLED = {"conventions": {"billing": "as_billed"}}


def pv(rate: float, flows: list[float]) -> float:
    return float(sum(f / (1 + rate) ** t for t, f in enumerate(flows)))


def test_annual_advance_billing_raises_the_licence_pv_by_one_plus_r() -> None:
    s, r = build(options=[option(weeks=(1, 1, 1))])
    late = base_case(s, r)["saas-a"].costs_by_category["licences"]
    s, r = build(options=[option(weeks=(1, 1, 1))], finance=AS_BILLED)
    early = base_case(s, r)["saas-a"].costs_by_category["licences"]
    assert late == pytest.approx([0, 12_000, 12_000, 12_000])
    assert early == pytest.approx([12_000, 12_000, 12_000, 0])  # the first invoice at year 0
    assert pv(0.1, early) == pytest.approx(1.1 * pv(0.1, late))
    assert sum(early) == pytest.approx(sum(late))


@pytest.mark.parametrize(("timing", "first"), [("advance", 0), ("arrears", 1)])
@pytest.mark.parametrize("period", ["month", "quarter"])
def test_a_billing_split_keeps_the_amount_and_the_present_value(
    timing: str, first: int, period: str
) -> None:
    rate, n = 0.1, {"month": 12, "quarter": 4}[period]
    w = advance_share(Billing(timing=timing, period=period), rate)  # type: ignore[arg-type]
    # one year of 1.0 billed in n parts, in year 3: the split's PV equals the payments' PV
    exact = sum((1.0 / n) * (1 + rate) ** -(2 + (k + first) / n) for k in range(n))
    assert w * (1 + rate) ** -2 + (1 - w) * (1 + rate) ** -3 == pytest.approx(exact, rel=1e-12)
    assert 0 < w < 1
    assert advance_share(Billing(timing="advance"), rate) == 1.0
    assert advance_share(Billing(timing="arrears"), rate) == 0.0


def test_a_contract_can_bill_otherwise_than_the_catalog() -> None:
    d = scenario_data(options=[option(weeks=(1, 1, 1))], finance=AS_BILLED)
    d["options"][0]["billing"] = {"timing": "arrears", "period": "year"}
    s = Scenario.model_validate(d)
    cat = Catalog.model_validate({"as_of": AS_OF, "options": [option(weeks=(1, 1, 1))]})
    lic = base_case(s, resolve(s, cat))["saas-a"].costs_by_category["licences"]
    assert lic == pytest.approx([0, 12_000, 12_000, 12_000])


def test_tco_counts_the_project_and_h_years_after_go_live_by_hand() -> None:
    pricing = {
        "model": "subscription",
        "currency": "USD",
        "per_user_month": 100.0,
        "annual_escalation": 0.1,
    }
    s, r = build(options=[option(pricing=pricing)])  # go-live at half a year, H = 3
    b = base_case(s, r)["saas-a"]
    # licences accrue from the decision to 3.5 years, each calendar year at its price:
    # 12,000 in year 1, 13,200, 14,520, then half of 15,972
    assert b.tco_by_category["licences"] == pytest.approx(
        [6_000, 6_000 + 6_600, 6_600 + 7_260, 7_260 + 7_986]
    )
    assert b.tco == pytest.approx(10_000 + 12_000 + 13_200 + 14_520 + 7_986)


@settings(max_examples=30)
@given(
    weeks=st.floats(min_value=1, max_value=150),
    longer=st.floats(min_value=1.0, max_value=4.0),
)
def test_a_longer_project_never_lowers_tco(weeks: float, longer: float) -> None:
    def tco(w: float) -> float:
        s, r = build(options=[option(weeks=(w, w, w))], finance=AS_BILLED)
        return base_case(s, r)["saas-a"].tco

    assert tco(weeks * longer) >= tco(weeks) - 1e-6


def test_a_longer_project_never_lowers_the_simulated_tco() -> None:
    tcos = []
    for w in (10, 30, 90):
        s, r = build(options=[option(weeks=(w * 0.8, w, w * 2))], deterministic=False)
        tcos.append(simulate(s, r, trials=4000, seed=5).options[0].tco)
    assert tcos == sorted(tcos)


def test_payback_interpolation_respects_go_live_by_hand() -> None:
    # r = 0: year 0 costs 100; year 1 costs 20 (evenly) and earns 300 from go-live at 0.5
    cost = np.array([[100.0], [20.0]])
    benefit = np.array([[0.0], [300.0]])
    net = benefit - cost
    old = metrics.payback_years_first(0.0, net)[0]
    new = metrics.payback_years_first(0.0, net, benefit=benefit, go_live=np.array([0.5]))[0]
    assert old == pytest.approx(100 / 280)  # before go-live: the old linear reading
    # S(0.5) = -100 - 20 x 0.5 = -110; S(1) = 180: crossing at 0.5 + 110 x 0.5 / 290
    assert new == pytest.approx(0.5 + 55 / 290)


def test_payback_never_precedes_go_live_in_any_trial_of_a_long_project() -> None:
    """A project longer than a year with large benefits: payback >= go-live, trial by trial."""
    opt = option(effort=(5, 10, 30), weeks=(40, 70, 160))
    s, r = build(
        options=[opt],
        deterministic=False,
        company={"annual_revenue": 50_000_000.0},
    )
    plan = engine._plan(s, r)
    n = 20_000
    u = np.random.default_rng(0).random((plan.dims, n))
    x = engine._inputs(plan.scopes[0], plan.oms[0].inputs, u, n) | engine._inputs(
        plan.shared, plan.cm.inputs, u, n
    )
    f = option_flows(plan.oms[0], plan.cm, x)
    assert (f.go_live > 1).mean() > 0.5
    net = f.benefit - f.cost
    pb = metrics.payback_years_first(0.1, net, benefit=f.benefit, go_live=f.go_live)
    paid = np.isfinite(pb)
    assert paid.mean() > 0.5
    assert np.all(pb[paid] >= f.go_live[paid])
    res = simulate(s, r, trials=20_000, seed=1)
    assert res.options[0].discounted_payback["p5"] >= res.options[0].go_live_years["p5"] * 0.99


def test_version_2_files_keep_paying_licences_at_year_end() -> None:
    doc = upgrade({"name": "x", "schema_version": 2})
    assert doc["finance"]["conventions"]["billing"] == "year_end"
    kept = upgrade({"name": "x", "schema_version": 2, "finance": {"conventions": {}}})
    assert kept["finance"]["conventions"]["billing"] == "year_end"
