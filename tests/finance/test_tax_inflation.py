"""Profit tax, VAT, inflation and the residual value: optional, visible, hand-computed
(issue 14). The defaults reproduce the pre-tax convention (the version-1 pins hold)."""

from __future__ import annotations

from typing import Any

import numpy_financial as npf
import pytest

from crm_select.locales import percent
from finance.base_case import base_case
from finance.engine import simulate

from .conftest import SRC, build, option

PERPETUAL = {
    "model": "perpetual",
    "currency": "USD",
    "per_user": 100.0,
    "maintenance_rate": 0.0,
}


def conventions(**kw: Any) -> dict[str, Any]:
    return {"conventions": {"billing": "year_end", **kw}}


def test_tax_on_a_subscription_scales_npv_by_one_minus_the_rate() -> None:
    s, r = build()
    pre = base_case(s, r)["saas-a"]
    s, r = build(finance=conventions(profit_tax_rate=0.25))
    post = base_case(s, r)["saas-a"]
    # no capitalised item: every flow is an operating one
    assert post.npv == pytest.approx(0.75 * pre.npv)
    assert post.tax == pytest.approx(
        [0.25 * (b - c) for b, c in zip(pre.benefits, pre.costs, strict=True)]
    )
    assert post.tco == pytest.approx(pre.tco)  # TCO stays a pre-tax cost measure


def test_a_perpetual_licence_is_amortised_from_go_live_by_hand() -> None:
    # licence 10 users x 100 = 1,000 at year 0; 10 partner days x 1,000 expensed at year 0;
    # go-live at half a year; life 2 years from go-live: 250 in year 1, 500 in year 2, 250 in 3
    opt = option(delivery="boxed", pricing=PERPETUAL)
    s, r = build(options=[opt], finance=conventions(profit_tax_rate=0.25, amortisation_years=2))
    b = base_case(s, r)["saas-a"]
    assert b.costs == pytest.approx([0.75 * 10_000 + 1_000, -0.25 * 250, -0.25 * 500, -0.25 * 250])
    benefits = [0, 10_000, 20_000, 20_000]  # 400,000 new business x 10 % x 50 % margin
    assert b.benefits == pytest.approx([0.75 * v for v in benefits])
    net = [x - c for x, c in zip(b.benefits, b.costs, strict=True)]
    assert b.npv == pytest.approx(npf.npv(0.1, net))


def test_residual_value_counts_the_book_value_left_at_the_horizon() -> None:
    opt = option(delivery="boxed", pricing=PERPETUAL)
    s, r = build(options=[opt], finance=conventions(residual_value=True, amortisation_years=5))
    b = base_case(s, r)["saas-a"]
    # 1,000 amortised over 5 years from go-live at 0.5: at H = 3, 2.5 years used, half left
    assert b.benefits[-1] == pytest.approx(20_000 + 500)


def test_irrecoverable_vat_raises_external_spend_only() -> None:
    company = {"loaded_labour_cost_per_day": 200.0}
    opt = option(internal_share=0.5)  # 10 partner days and 5 internal days
    s, r = build(options=[opt], company=company)
    net = base_case(s, r)["saas-a"].costs_by_category
    s, r = build(options=[opt], company=company, finance=conventions(vat_rate=0.22))
    kept = base_case(s, r)["saas-a"].costs_by_category
    assert kept == net  # recoverable by default: nothing changes
    vat = conventions(vat_rate=0.22, vat_recoverable=False)
    s, r = build(options=[opt], company=company, finance=vat)
    gross = base_case(s, r)["saas-a"].costs_by_category
    assert gross["licences"] == pytest.approx([v * 1.22 for v in net["licences"]])
    # partner days carry VAT, the company's own days do not
    assert gross["implementation"][0] == pytest.approx(10 * 1_000 * 1.22 + 5 * 200)
    exempt = option(internal_share=0.5)
    exempt["editions"][0]["pricing"]["vat_exempt"] = True
    s, r = build(options=[exempt], company=company, finance=vat)
    assert base_case(s, r)["saas-a"].costs_by_category["licences"] == pytest.approx(net["licences"])


def test_inflation_grows_amounts_from_year_0_prices_by_hand() -> None:
    opt = option()
    opt["administration"] = {"users_per_fte": 10, "min_fte": 1.0, **SRC}
    s, r = build(options=[opt])
    flat = base_case(s, r)["saas-a"]
    s, r = build(options=[opt], finance=conventions(price_inflation=0.05, wage_inflation=0.1))
    grown = base_case(s, r)["saas-a"]
    # administration: 1 FTE x 240 days x 200 = 48,000 a year at year-0 wages; the year (1, 2]
    # is paid at the wage level of year 1, (2, 3] at year 2's
    admin = flat.costs_by_category["administration"]
    assert grown.costs_by_category["administration"] == pytest.approx(
        [0, admin[1], admin[2] * 1.1, admin[3] * 1.1**2]
    )
    # the licence follows the vendor's own escalation (none here), not general inflation
    assert grown.costs_by_category["licences"] == flat.costs_by_category["licences"]
    # benefits (revenue) grow with prices
    assert grown.benefits == pytest.approx(
        [0, flat.benefits[1], flat.benefits[2] * 1.05, flat.benefits[3] * 1.05**2]
    )
    # the ownership TCO grows too: administration from go-live at 0.5 to 3.5
    expected = 48_000 * (0.5 + 1.0 * 1.1 + 1.0 * 1.1**2 + 0.5 * 1.1**3)
    assert sum(grown.tco_by_category["administration"]) == pytest.approx(expected)


def test_every_result_states_the_conventions_in_force() -> None:
    s, r = build(finance=conventions(profit_tax_rate=0.25, vat_rate=0.2, vat_recoverable=False))
    res = simulate(s, r, trials=200)
    text = " ".join(res.conventions_in_force)
    assert f"after profit tax at {percent(0.25, 'en')}" in text
    assert f"VAT of {percent(0.2, 'en')} is not recoverable" in text
    assert "year-end" in text
    s, r = build(finance={"conventions": {"billing": "as_billed"}})
    text = " ".join(simulate(s, r, trials=200).conventions_in_force)
    assert "pre-tax" in text
    assert "as each contract bills" in text


def test_taxed_simulation_matches_its_base_case_when_nothing_is_uncertain() -> None:
    opt = option(delivery="boxed", pricing=PERPETUAL)
    s, r = build(options=[opt], finance=conventions(profit_tax_rate=0.3, amortisation_years=3))
    o = simulate(s, r, trials=500).options[0]
    assert o.npv["mean"] == pytest.approx(o.base_case.npv)
    assert o.tax_by_year == pytest.approx(o.base_case.tax)
