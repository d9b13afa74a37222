"""The size limits and money bounds (crm_select/models/limits.py), the same for a file, an
upload, the store and the command line."""

from __future__ import annotations

import copy
import re
import warnings
from typing import Any

import pytest
import yaml

from crm_select.models.errors import InputError
from crm_select.models.limits import MAX_AMOUNT, MAX_CRITERIA, MAX_OPTIONS, MAX_RATERS
from crm_select.models.loader import load_catalog, parse_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.services.decision import open_decision
from crm_select.services.simulation import simulate


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    return data


@pytest.mark.parametrize(
    "field",
    [
        "annual_revenue",
        "average_deal",
        "admin_costs",
        "loaded_labour_cost_per_day",
    ],
)
def test_money_fields_have_an_upper_bound(base: dict[str, Any], field: str) -> None:
    data = copy.deepcopy(base)
    data["company"][field] = 1e308
    with pytest.raises(
        InputError, match=re.escape(f"company.{field}: must be <= 1e+15, got 1e+308")
    ):
        parse_scenario(yaml.safe_dump(data, allow_unicode=True), "s.yaml")


def test_a_negotiated_price_has_an_upper_bound(base: dict[str, Any]) -> None:
    data = copy.deepcopy(base)
    data["options"][0].setdefault("overrides", {})["price"] = 1e308
    with pytest.raises(InputError, match=re.escape("options[0].overrides.price: must be <= 1e+15")):
        parse_scenario(yaml.safe_dump(data, allow_unicode=True), "s.yaml")


def test_the_largest_allowed_figures_give_finite_money_without_overflow(
    base: dict[str, Any],
) -> None:
    data = copy.deepcopy(base)
    company = data["company"]
    company.update(
        annual_revenue=MAX_AMOUNT,
        average_deal=MAX_AMOUNT / 1e6,
        admin_costs=MAX_AMOUNT / 10,
        cross_sell_revenue=MAX_AMOUNT / 10,
        loaded_labour_cost_per_day=MAX_AMOUNT / 1e6,
    )
    scenario = Scenario.model_validate(data)
    decision = open_decision(scenario, load_catalog())
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow would warn
        result = simulate(decision, trials=200)
    for option in result.options:
        assert all(abs(float(v)) < 1e300 for v in option.npv.values())


def test_options_criteria_and_raters_are_limited(base: dict[str, Any]) -> None:
    too_many_options = copy.deepcopy(base)
    too_many_options["options"] = [
        {**base["options"][i % len(base["options"])], "id": f"o{i}"} for i in range(MAX_OPTIONS + 1)
    ]
    too_many_options["scores"] = {}
    with pytest.raises(ValueError, match=f"at most {MAX_OPTIONS} items"):
        Scenario.model_validate(too_many_options)
    too_many_raters = copy.deepcopy(base)
    too_many_raters["raters"] = [{"id": f"r{i}", "name": f"R {i}"} for i in range(MAX_RATERS + 1)]
    too_many_raters["scores"] = {}
    with pytest.raises(ValueError, match=f"at most {MAX_RATERS} items"):
        Scenario.model_validate(too_many_raters)
    too_many_criteria = copy.deepcopy(base)
    group = too_many_criteria["criteria"]["groups"][0]
    group["criteria"] = [{"id": f"k{i}", "name": f"K {i}"} for i in range(MAX_CRITERIA + 1)]
    too_many_criteria["scores"] = {}
    with pytest.raises(ValueError, match=f"at most {MAX_CRITERIA}"):
        Scenario.model_validate(too_many_criteria)
