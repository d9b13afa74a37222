"""Costs that scale with the roll-out, the buyer's market and the option: hand-computed cases
and properties (issue 14)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_select.models.catalog import Catalog, Development, Range, at_size
from crm_select.models.decision import resolve
from crm_select.models.errors import PathError
from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import upgrade
from finance.base_case import base_case
from finance.costs import PROJECT_CATEGORIES
from finance.engine import simulate

from .conftest import AS_OF, SRC, build, option, scenario_data

PROJECT = (*PROJECT_CATEGORIES, "training")


def banded(oid: str = "saas-a", **kw: Any) -> dict[str, Any]:
    """An inline option whose effort and duration come by size band."""
    opt = option(oid, **kw)
    impl = opt["implementation"]
    del impl["effort_days"], impl["duration_weeks"]
    impl["bands"] = [
        {
            "name": "small",
            "users": {"min": 1, "max": 49},
            "effort_days": {"min": 10, "mode": 20, "max": 30},
            "duration_weeks": {"min": 4, "mode": 8, "max": 12},
            **SRC,
        },
        {
            "name": "mid",
            "users": {"min": 50, "max": 250},
            "effort_days": {"min": 60, "mode": 100, "max": 160},
            "duration_weeks": {"min": 8, "mode": 16, "max": 24},
            **SRC,
        },
    ]
    return opt


def with_users(data: dict[str, Any], users: int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["company"]["crm_users"] = users
    out["company"]["sales_reps"] = min(out["company"]["sales_reps"], users)
    return out


def project_cost(case: Any) -> float:
    return sum(sum(case.costs_by_category[c]) for c in PROJECT)


def test_effort_between_and_beyond_the_bands_by_hand() -> None:
    s = (25.0, Range(min=10, mode=20, max=30))
    m = (150.0, Range(min=60, mode=100, max=160))
    assert at_size([s, m], 10) == s[1]  # below the first reference size: the first band
    # 100 users: 60 % of the way from 25 to 150 users
    assert at_size([s, m], 100) == Range(min=40, mode=68, max=108)
    # 300 users: the mode follows the last per-user slope (80 / 125 a user), the range scales
    got = at_size([s, m], 300)
    assert got.mode == pytest.approx(100 + 0.64 * 150)
    assert got.min == pytest.approx(60 * 1.96)
    assert got.max == pytest.approx(160 * 1.96)
    assert at_size([s], 5000) == s[1]  # one band: no scaling


def test_resolved_option_carries_the_size_and_warns_outside_the_sourced_sizes() -> None:
    s, r = build(options=[banded()], company={"crm_users": 100})
    assert r[0].option.implementation.effort_days == Range(min=40, mode=68, max=108)
    assert r[0].warnings == ()
    s, r = build(options=[banded()], company={"crm_users": 300})
    assert any(
        "outside the sizes the figures were sourced for (1-250 users)" in w for w in r[0].warnings
    )
    res = simulate(s, r, trials=200)
    assert any("300 users lies outside" in w for w in res.warnings)


def test_integrations_training_hypercare_migration_and_administration_by_hand() -> None:
    opt = option()  # 10 effort days at 1,000 a day, 26 weeks, subscription 100 a user-month
    opt["administration"] = {"users_per_fte": 5, "min_fte": 0.5, **SRC}
    company: dict[str, Any] = {
        "integrations": [
            {"name": "telephony", "kind": "telephony", "complexity": "low"},
            {"name": "ERP", "kind": "erp", "complexity": "high"},
        ],
        "data_sources": 3,
    }
    finance = {
        "costs": {
            "trainer_days_per_session": 1.5,
            "hypercare_share": 0.07,
            "migration_days_per_source": 3.5,
        }
    }
    s, r = build(options=[opt], company=company, finance=finance)
    b = base_case(s, r)["saas-a"].costs_by_category
    # integrations: modes 2 + 35 days; two extra data sources x 3.5 days; one training session
    # of 10 users x 1.5 trainer days; hypercare 7 % of the 10 core days; all at 1,000 a day
    assert b["integration"] == pytest.approx([37_000, 0, 0, 0])
    assert b["data_migration"] == pytest.approx([7_000, 0, 0, 0])
    assert b["training"] == pytest.approx([1_500, 0, 0, 0])
    assert b["hypercare"] == pytest.approx([700, 0, 0, 0])  # go-live at half a year: year 0
    # administration: max(0.5, 10 users / 5) = 2 FTE x 240 days x 200 a day, from go-live
    assert b["administration"] == pytest.approx([0, 48_000, 96_000, 96_000])
    # a native integration costs only its connector's set-up (0.5 days at the mode)
    company["integrations"][0]["native"] = ["saas-a"]
    s, r = build(options=[opt], company=company, finance=finance)
    assert base_case(s, r)["saas-a"].costs_by_category["integration"][0] == pytest.approx(35_500)


def test_client_licence_packs_one_server_licence_and_a_negotiated_discount() -> None:
    pricing = {
        "model": "perpetual",
        "currency": "USD",
        "per_pack": 500.0,
        "pack_users": 100,
        "server_licence": 100.0,
        "maintenance_rate": 0.0,
    }
    opt = option(delivery="boxed", pricing=pricing, infrastructure={"servers": 1})
    s, r = build(options=[opt], company={"crm_users": 250})
    # three packs of 100 workplaces and one server licence (not one per pack)
    assert base_case(s, r)["saas-a"].costs_by_category["licences"][0] == pytest.approx(1_600)
    data = scenario_data(options=[opt], company={"crm_users": 250})
    data["options"][0]["overrides"] = {"discount": 0.25}
    s2 = Scenario.model_validate(data)
    cat = Catalog.model_validate({"as_of": AS_OF, "options": [opt]})
    lic = base_case(s2, resolve(s2, cat))["saas-a"].costs_by_category["licences"][0]
    assert lic == pytest.approx(1_200)


def _rate_card(market: str, ccy: str, standard: float) -> dict[str, Any]:
    return {
        "market": market,
        **{
            tier: {"amount": standard * f, "currency": ccy, **SRC}
            for tier, f in (("standard", 1.0), ("certified", 1.2), ("vendor", 1.4))
        },
    }


def test_partner_rates_follow_the_buyers_market_and_tier_not_the_vendors_currency() -> None:
    opt = option()
    del opt["implementation"]["partner_day_rate"]
    opt["implementation"]["partner_tier"] = "certified"
    cat = Catalog.model_validate(
        {
            "as_of": AS_OF,
            "options": [opt],
            "rate_cards": [_rate_card("RU", "RUB", 26_000), _rate_card("US", "USD", 1_200)],
        }
    )
    data = scenario_data(options=[opt], company={"market": "RU"})
    data["exchange_rates"] = {"RUB": 0.0125}  # 80 RUB a dollar
    s = Scenario.model_validate(data)
    rate = resolve(s, cat)[0].partner_day_rate
    assert (rate.amount, rate.currency.value) == (31_200, "RUB")
    # 10 days at 31,200 RUB = 390 USD a day
    assert base_case(s, resolve(s, cat))["saas-a"].costs_by_category["implementation"][
        0
    ] == pytest.approx(3_900)
    data["company"]["market"] = "FR"
    with pytest.raises(PathError) as e:
        resolve(Scenario.model_validate(data), cat)
    assert e.value.path == ("company", "market")


BUILD: dict[str, Any] = {
    "model": "development",
    "currency": "USD",
    "day_rate": 500.0,
    "maintenance_rate": 0.0,
    "reference_modules": 7,
    "bands": [
        {
            "name": "small",
            "users": {"min": 1, "max": 49},
            "build_days": {"min": 20, "mode": 40, "max": 60},
            **SRC,
        }
    ],
}
"""A bespoke build sized by scope: 40 build days for the reference 7 modules (small band)."""


def test_a_bespoke_build_is_sized_from_scope_and_size() -> None:
    opt = option(
        delivery="custom", pricing=copy.deepcopy(BUILD)
    )  # every component graded 3: 11 modules
    s, r = build(options=[opt])
    pricing_of = r[0].edition.pricing
    assert isinstance(pricing_of, Development)
    assert pricing_of.build_days is not None
    days = pricing_of.build_days
    assert (days.min, days.mode, days.max) == pytest.approx((20 * 11 / 7, 40 * 11 / 7, 60 * 11 / 7))
    fewer = copy.deepcopy(opt)
    fewer["coverage"] = {k: (3 if i < 5 else 2) for i, k in enumerate(opt["coverage"])}
    s2, r2 = build(options=[fewer])
    fewer_pricing = r2[0].edition.pricing
    assert isinstance(fewer_pricing, Development)
    assert fewer_pricing.build_days is not None
    assert fewer_pricing.build_days.mode == pytest.approx(40 * 5 / 7)
    assert project_cost(base_case(s2, r2)["saas-a"]) < project_cost(base_case(s, r)["saas-a"])


def test_version_1_files_keep_integration_as_half_of_implementation() -> None:
    assert upgrade({"name": "x"})["finance"]["costs"]["integration"] == 0.5
    kept = upgrade({"name": "x", "finance": {"costs": {"integration": 0.2}}})
    assert kept["finance"]["costs"]["integration"] == 0.2
    assert "costs" not in upgrade({"name": "x", "schema_version": 2})["finance"]


users = st.integers(min_value=1, max_value=3000)


@settings(max_examples=40)
@given(a=users, b=users)
def test_project_cost_and_tco_never_fall_with_users(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    base = scenario_data(options=[banded()])
    cases = []
    for n in (lo, hi):
        s = Scenario.model_validate(with_users(base, n))
        cat = Catalog.model_validate({"as_of": AS_OF, "options": [banded()]})
        cases.append(base_case(s, resolve(s, cat))["saas-a"])
    assert project_cost(cases[1]) >= project_cost(cases[0]) - 1e-6
    assert cases[1].tco >= cases[0].tco - 1e-6


@settings(max_examples=30)
@given(
    levels=st.lists(st.sampled_from(["low", "medium", "high"]), max_size=6),
    extra=st.sampled_from(["low", "medium", "high"]),
)
def test_another_integration_never_lowers_project_cost(levels: list[str], extra: str) -> None:
    def cost(items: list[str]) -> float:
        integ = [{"name": f"s{i}", "complexity": c} for i, c in enumerate(items)]
        s, r = build(company={"integrations": integ})
        return project_cost(base_case(s, r)["saas-a"])

    assert cost([*levels, extra]) > cost(levels)


@settings(max_examples=30)
@given(price=st.floats(min_value=1.0, max_value=5_000.0))
def test_doubling_a_licence_price_lowers_npv(price: float) -> None:
    def npv(p: float) -> float:
        pricing = {"model": "subscription", "currency": "USD", "per_user_month": p}
        s, r = build(options=[option(pricing=pricing)])
        return base_case(s, r)["saas-a"].npv

    assert npv(2 * price) < npv(price)


def test_more_users_never_lower_the_simulated_tco() -> None:
    """The same seed draws the same uniforms: more users never lower the mean TCO."""
    tcos = []
    for n in (20, 60, 200, 600):
        data = with_users(scenario_data(options=[banded()], deterministic=False), n)
        s = Scenario.model_validate(data)
        cat = Catalog.model_validate({"as_of": AS_OF, "options": [banded()]})
        tcos.append(simulate(s, resolve(s, cat), trials=4000, seed=3).options[0].tco)
    assert tcos == sorted(tcos)


def project_cost_of_scope(modules: int) -> float:
    """Project cost of the bespoke build covering ``modules`` components at grade 3."""
    opt = option(delivery="custom", pricing=copy.deepcopy(BUILD))
    opt["coverage"] = {k: (3 if i < modules else 1) for i, k in enumerate(opt["coverage"])}
    s, r = build(options=[opt])
    return project_cost(base_case(s, r)["saas-a"])


@settings(max_examples=25)
@given(a=st.integers(min_value=1, max_value=11), b=st.integers(min_value=1, max_value=11))
def test_project_cost_never_falls_with_scope(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert project_cost_of_scope(hi) >= project_cost_of_scope(lo) - 1e-6


def test_the_whole_scope_costs_more_than_one_module() -> None:
    assert project_cost_of_scope(11) > project_cost_of_scope(1)
