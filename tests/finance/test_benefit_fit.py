"""Benefits gated by fit (issue 15): the share of each lever an option delivers follows its
grades on the components the lever needs; the committee's consensus replaces a catalog grade.

The test option grades every component 3; the default mapping gives a lever the share
``mean grade / 4`` (zero at grade 0, whole from grade 4).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_select.models.catalog import Catalog, Component
from crm_select.models.decision import resolve
from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import upgrade
from finance.base_case import base_case
from finance.engine import simulate
from finance.fit import lever_shares

from .conftest import COVERAGE, option, scenario_data

FIT_ON: dict[str, Any] = {"benefits": {"fit": {"enabled": True}}}


def build(data: dict[str, Any]) -> tuple[Scenario, Any]:
    s = Scenario.model_validate(data)
    cat = Catalog.model_validate(
        {
            "as_of": "2026-11-01",
            "options": [o.inline.model_dump(mode="json") for o in s.options if o.inline],
        }
    )
    return s, resolve(s, cat)


def graded(oid: str, **grades: int) -> dict[str, Any]:
    opt = option(oid)
    opt["coverage"] = {**COVERAGE, **grades}
    return opt


def test_a_lever_delivers_its_components_mean_grade_over_four() -> None:
    s, r = build(scenario_data(finance=FIT_ON))
    # sales per rep needs contact, sales, mobile and telephone sales: all graded 3 -> 3/4
    assert lever_shares(s, r[0])["sales_per_rep"] == pytest.approx(0.75)
    # the full-year benefit, 400,000 x 10 % x margin 50 % = 20,000, times 0.75
    assert base_case(s, r)[r[0].id].benefits[2] == pytest.approx(15_000)


def test_grades_above_the_full_grade_deliver_the_whole_lever_and_zero_nothing() -> None:
    top = graded("top", contact_management=5, sales_management=5, mobile_sales=4, telephone_sales=4)
    none = graded(
        "none", contact_management=0, sales_management=0, mobile_sales=0, telephone_sales=0
    )
    s, r = build(scenario_data(options=[top, none], finance=FIT_ON))
    assert lever_shares(s, r[0])["sales_per_rep"] == 1.0
    assert lever_shares(s, r[1])["sales_per_rep"] == 0.0


def test_options_with_different_coverage_get_different_benefits_and_tornados() -> None:
    fin = copy.deepcopy(FIT_ON)
    fin["benefits"]["levers"] = {
        "sales_per_rep": {
            "enabled": True,
            "uplift": {"kind": "pert", "min": 0.05, "mode": 0.1, "max": 0.15},
        },
        "admin": {
            "enabled": True,
            "uplift": {"kind": "pert", "min": 0.05, "mode": 0.1, "max": 0.15},
        },
    }
    good = graded("good", integration=5, data_sync=5, time_management=5)
    poor = graded("poor", integration=1, data_sync=1, time_management=1)
    s, r = build(scenario_data(options=[good, poor], finance=fin))
    res = simulate(s, r, trials=400, seed=2)
    a, b = res.option("good"), res.option("poor")
    assert sum(b.benefits_by_year) < sum(a.benefits_by_year)
    swing = {o.option_id: {t.input: t.swing for t in o.tornado} for o in (a, b)}
    # the admin lever swings four times less for an option with a quarter of its fit (1/4)
    assert swing["poor"]["lever.admin"] == pytest.approx(swing["good"]["lever.admin"] / 4)
    assert swing["poor"]["lever.sales_per_rep"] == pytest.approx(
        swing["good"]["lever.sales_per_rep"]
    )


def test_the_committees_consensus_replaces_the_catalog_grade() -> None:
    data = scenario_data(finance=FIT_ON)
    data["criteria"] = copy.deepcopy(data["criteria"])  # not the shared fixture's
    data["criteria"]["groups"].append(
        {
            "id": "functionality",
            "weight": 1,
            "criteria": [
                {
                    "id": "mobile_sales",
                    "name": {"en": "Mobile"},
                    "scale": {"kind": "rating", "min": 0, "max": 10},
                }
            ],
        }
    )
    data["raters"] = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    data["scores"] = {"a": {"saas-a": {"mobile_sales": 10}}, "b": {"saas-a": {"mobile_sales": 6}}}
    s, r = build(data)
    # mobile: the raters' mean 8 of 10 is grade 4; with contact, sales, telephone at 3:
    # mean (3 + 3 + 4 + 3) / 4 = 3.25 -> 3.25 / 4
    assert lever_shares(s, r[0])["sales_per_rep"] == pytest.approx(3.25 / 4)
    # cross-sales needs no mobile: the catalog's grades stay
    assert lever_shares(s, r[0])["cross_sales"] == pytest.approx(0.75)


@settings(max_examples=25, deadline=None)
@given(
    base=st.lists(st.integers(0, 5), min_size=11, max_size=11),
    component=st.sampled_from(list(Component)),
)
def test_better_coverage_never_lowers_a_benefit(base: list[int], component: Component) -> None:
    grades = dict(zip((c.value for c in Component), base, strict=True))
    better = dict(grades, **{component.value: min(5, grades[component.value] + 1)})
    fin = {
        "benefits": {
            "fit": {"enabled": True},
            "levers": {
                name: {"enabled": True, "uplift": {"kind": "fixed", "value": 0.05}}
                for name in ("sales_per_rep", "cross_sales", "retention", "margin", "admin")
            },
        }
    }
    lo = graded("x", **grades)
    hi = graded("x", **better)
    s_lo, r_lo = build(scenario_data(options=[lo], finance=fin))
    s_hi, r_hi = build(scenario_data(options=[hi], finance=fin))
    a, b = lever_shares(s_lo, r_lo[0]), lever_shares(s_hi, r_hi[0])
    assert all(b[n] >= a[n] for n in a)
    assert base_case(s_hi, r_hi)["x"].pv_benefits >= base_case(s_lo, r_lo)["x"].pv_benefits - 1e-9


def test_older_files_keep_every_option_at_the_whole_benchmark() -> None:
    kept = {"name": "base", "finance": {"benefits": {"compounding": True}}}
    doc = upgrade({"name": "x", "schema_version": 7, "finance_scenarios": [kept]})
    assert doc["finance"]["benefits"]["fit"] == {"enabled": False}
    assert doc["finance_scenarios"][0]["finance"]["benefits"] == {
        "compounding": True,
        "fit": {"enabled": False},
    }
    assert kept == {"name": "base", "finance": {"benefits": {"compounding": True}}}
