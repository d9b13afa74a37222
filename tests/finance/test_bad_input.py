"""Bad input: clear errors naming the field."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml

from crm_select.models.errors import InputError, PathError, format_path
from crm_select.models.loader import parse_scenario
from finance.engine import MAX_OPTIONS, simulate, validate

from .conftest import build, fixed, option, scenario_data


def problems(data: dict[str, Any]) -> list[str]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with pytest.raises(InputError) as e:
        parse_scenario(text, "s.yaml")
    return [format_path(p.path) + ": " + p.message for p in e.value.problems]


def first(data: dict[str, Any]) -> str:
    return "\n".join(problems(data))


def test_inverted_range() -> None:
    d = scenario_data()
    d["finance"]["benefits"]["levers"]["sales_per_rep"]["uplift"] = {
        "kind": "pert",
        "min": 0.2,
        "mode": 0.1,
        "max": 0.05,
    }
    assert "finance.benefits.levers.sales_per_rep.uplift" in first(d)


def test_negative_cost_override() -> None:
    d = scenario_data()
    d["finance"]["cost_overrides"] = {"saas-a": {"support": fixed(-5.0)}}
    msg = first(d)
    assert "finance.cost_overrides.saas-a.support" in msg
    assert "negative" in msg


def test_probabilities_must_sum_to_one() -> None:
    d = scenario_data()
    d["finance"]["risk"]["outcome"]["saas"] = {"full": 0.5, "partial": 0.5, "failure": 0.5}
    msg = first(d)
    assert "finance.risk.outcome.saas" in msg
    assert "sum to 1" in msg


@pytest.mark.parametrize("h", [0, 50])
def test_horizon_out_of_range(h: int) -> None:
    d = scenario_data(company={"horizon_years": h})
    assert "company.horizon_years" in first(d)


@pytest.mark.parametrize("r", [-1.0, -2.0])
def test_discount_rate_at_or_below_minus_100(r: float) -> None:
    d = scenario_data(company={"discount_rate": r})
    assert "company.discount_rate" in first(d)


def test_nan_is_rejected_with_field() -> None:
    d = scenario_data(company={"annual_revenue": math.nan})
    assert "company.annual_revenue" in first(d)
    d = scenario_data()
    d["finance"]["benefits"]["levers"]["margin"]["uplift"] = {"kind": "fixed", "value": math.nan}
    assert "finance.benefits.levers.margin.uplift" in first(d)


@pytest.mark.slow
def test_ten_thousand_options() -> None:
    d = scenario_data()
    d["options"] = [{"id": f"o{i}", "catalog_id": "amocrm"} for i in range(10_000)]
    assert any(p.startswith("options") for p in problems(d))
    s, r = build()
    with pytest.raises(PathError) as e:
        validate(s, r * (MAX_OPTIONS + 1))
    assert e.value.path == ("options",)


def test_overlapping_levers_need_allow_overlap() -> None:
    d = scenario_data()
    d["finance"]["benefits"]["levers"]["win_rate"]["enabled"] = True
    msg = first(d)
    assert "finance.benefits.levers.win_rate.enabled" in msg
    d["finance"]["benefits"]["levers"]["allow_overlap"] = True
    text = yaml.safe_dump(d, sort_keys=False)
    assert parse_scenario(text, "s.yaml").finance.benefits.levers.allow_overlap


def test_unknown_option_in_cost_overrides() -> None:
    s, r = build(finance={"cost_overrides": {"nope": {"support": fixed(1.0)}}})
    with pytest.raises(PathError) as e:
        simulate(s, r, trials=100)
    assert e.value.path == ("finance", "cost_overrides", "nope")


def test_unknown_correlation_input() -> None:
    s, r = build(
        finance={"correlations": [{"a": "schedule_overun", "b": "cost_overrun", "rho": 0.5}]}
    )
    with pytest.raises(PathError) as e:
        simulate(s, r, trials=100)
    assert e.value.path == ("finance", "correlations", 0, "a")


def test_impossible_correlations() -> None:
    corr = [
        {"a": "schedule_overrun", "b": "cost_overrun", "rho": 0.9},
        {"a": "schedule_overrun", "b": "effort_days", "rho": 0.9},
        {"a": "cost_overrun", "b": "effort_days", "rho": -0.9},
    ]
    opt = option(effort=(5, 10, 20))
    s, r = build(options=[opt], deterministic=False, finance={"correlations": corr})
    with pytest.raises(PathError) as e:
        simulate(s, r, trials=100)
    assert e.value.path == ("finance", "correlations")
