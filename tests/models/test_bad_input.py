"""Bad input gets one clear line per problem: file, line, field path, what was expected."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crm_select.models.errors import InputError, format_path
from crm_select.models.loader import load_catalog, load_scenario

Mutate = Callable[[Callable[[dict[str, Any]], None]], Path]


def problem_of(
    path: Path, loader: Callable[[Path], object] = load_scenario
) -> tuple[str, str, int | None]:
    with pytest.raises(InputError) as info:
        loader(path)
    first = info.value.problems[0]
    assert str(first).startswith(str(path)), str(first)
    return format_path(first.path), first.message, first.line


def set_in(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def test_negative_inline_price_names_line_and_field(
    tmp_path: Path, example_data: dict[str, Any]
) -> None:
    import yaml

    data = dict(example_data)
    inline = yaml.safe_load(
        """
id: my-crm
name: My CRM
vendor: Me
country: RU
delivery_type: saas
editions:
  - id: std
    name: Standard
    pricing: {model: subscription, currency: RUB, per_user_month: -5, source: quote, as_of: 2026-11-01}
default_edition: std
implementation:
  effort_days: {min: 5, mode: 10, max: 20}
  duration_weeks: {min: 2, mode: 4, max: 8}
  partner_day_rate: {amount: 26000, currency: RUB, source: quote, as_of: 2026-11-01}
coverage: {contact_management: 4, sales_management: 4, telephone_sales: 2, time_management: 3,
  customer_service: 2, marketing: 1, executive_reporting: 2, integration: 2, data_sync: 2,
  ecommerce: 0, mobile_sales: 3}
crm_types: {operational: 4, analytical: 2, collaborative: 2}
risk: {lock_in: 2, vendor_viability: 3, russia: available, data_residency_ru: true}
languages: [ru]
"""
    )
    data["options"] = [*data["options"], {"inline": inline}]
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    index = len(data["options"]) - 1
    field, message, line = problem_of(path)
    assert field == f"options[{index}].inline.editions[0].pricing.per_user_month"
    assert message == "must be >= 0, got -5"
    assert line is not None
    assert path.read_text("utf-8").splitlines()[line - 1].strip().startswith("per_user_month: -5")


def test_all_zero_weights(mutated: Mutate) -> None:
    def zero(d: dict[str, Any]) -> None:
        for g in d["criteria"]["groups"]:
            g["weight"] = 0

    field, message, _ = problem_of(mutated(zero))
    assert field == "criteria.groups"
    assert "all group weights are zero" in message


def test_unknown_delivery_type(catalog_data: dict[str, Any], write_yaml) -> None:
    import copy

    data = copy.deepcopy(catalog_data)
    data["options"][2]["delivery_type"] = "cloud"
    field, message, line = problem_of(write_yaml(data, "vendors.yaml"), load_catalog)
    assert field == "options[2].delivery_type"
    assert "'boxed', 'saas', 'configurable' or 'custom'" in message
    assert "got 'cloud'" in message
    assert line is not None


def test_duplicate_option_ids(mutated: Mutate) -> None:
    field, message, _ = problem_of(mutated(lambda d: d["options"].append(dict(d["options"][0]))))
    assert field.startswith("options[")
    assert field.endswith("].id")
    assert "duplicate id" in message
    assert "first at options[0]" in message


def test_duplicate_catalog_ids(catalog_data: dict[str, Any], write_yaml) -> None:
    import copy

    data = copy.deepcopy(catalog_data)
    data["options"][1]["id"] = data["options"][0]["id"]
    field, message, _ = problem_of(write_yaml(data, "vendors.yaml"), load_catalog)
    assert field == "options[1].id"
    assert "duplicate id" in message


def test_score_for_unknown_option(mutated: Mutate) -> None:
    def dangle(d: dict[str, Any]) -> None:
        rater = next(iter(d["scores"]))
        d["scores"][rater]["no-such-crm"] = {"usability": 3}

    field, message, _ = problem_of(mutated(dangle))
    assert field.endswith(".no-such-crm")
    assert message.startswith("unknown option")


def test_score_for_unknown_criterion(mutated: Mutate) -> None:
    def dangle(d: dict[str, Any]) -> None:
        rater = next(iter(d["scores"]))
        option = next(iter(d["scores"][rater]))
        d["scores"][rater][option]["colour"] = 3

    field, message, _ = problem_of(mutated(dangle))
    assert field.endswith(".colour")
    assert message.startswith("unknown criterion")


def test_unknown_catalog_reference(mutated: Mutate) -> None:
    def dangle(d: dict[str, Any]) -> None:
        d["options"][0]["id"] = d["options"][0]["catalog_id"]
        d["options"][0]["catalog_id"] = "nope"

    field, message, line = problem_of(mutated(dangle))
    assert field == "options[0].catalog_id"
    assert "unknown catalog option 'nope'" in message
    assert line is not None


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("company", "gross_margin"), float("nan"), "must be a finite number"),
        (("company", "annual_revenue"), float("inf"), "must be a finite number"),
        (("company", "crm_users"), "forty", "valid integer"),
        (("company", "horizon_years"), 50, "must be <= 10, got 50"),
        (("company", "horizon_years"), 0, "must be >= 1, got 0"),
        (("company", "discount_rate"), -1.0, "must be > -1, got -1.0"),
        (("company", "churn"), 1.5, "must be <= 1, got 1.5"),
    ],
)
def test_company_field_errors(
    mutated: Mutate, path: tuple[str, ...], value: Any, expected: str
) -> None:
    field, message, _ = problem_of(mutated(lambda d: set_in(d, path, value)))
    assert field == ".".join(path)
    assert expected in message


def test_typo_is_an_unknown_field(mutated: Mutate) -> None:
    def typo(d: dict[str, Any]) -> None:
        d["company"]["crm_user"] = d["company"].pop("crm_users")

    with pytest.raises(InputError) as info:
        load_scenario(mutated(typo))
    fields = {format_path(p.path): p.message for p in info.value.problems}
    assert fields["company.crm_user"].startswith("unknown field")
    assert fields["company.crm_users"] == "required field is missing"


def test_score_outside_its_scale(mutated: Mutate) -> None:
    def high(d: dict[str, Any]) -> None:
        rater = next(iter(d["scores"]))
        option = next(iter(d["scores"][rater]))
        d["scores"][rater][option]["usability"] = 7

    field, message, _ = problem_of(mutated(high))
    assert field.endswith(".usability")
    assert message == "must be between 0 and 5, got 7"


def test_rater_may_not_score_a_measured_criterion(mutated: Mutate) -> None:
    def measured(d: dict[str, Any]) -> None:
        rater = next(iter(d["scores"]))
        option = next(iter(d["scores"][rater]))
        d["scores"][rater][option]["tco"] = 3

    field, message, _ = problem_of(mutated(measured))
    assert field.endswith(".tco")
    assert "measured (tco)" in message


def test_missing_exchange_rate(mutated: Mutate) -> None:
    def drop(d: dict[str, Any]) -> None:
        d["exchange_rates"] = {}
        d["options"].append({"catalog_id": "salesforce-sales-cloud"})

    field, message, _ = problem_of(mutated(drop))
    assert field == "exchange_rates"
    assert "USD" in message


def test_pairwise_value_outside_saaty_scale(mutated: Mutate) -> None:
    def judge(d: dict[str, Any]) -> None:
        g = d["criteria"]["groups"][1]
        a, b = (c["id"] for c in g["criteria"][:2])
        g["pairwise"] = [{"a": a, "b": b, "value": 12}]

    field, message, _ = problem_of(mutated(judge))
    assert field == "criteria.groups[1].pairwise[0].value"
    assert message.startswith("must be <= 9")


def test_huge_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w") as f:
        f.write("name: x\n" + "# padding\n" * 5_500_000)
    started = time.perf_counter()
    _, message, _ = problem_of(path)
    assert "limit is 5 MB" in message
    assert time.perf_counter() - started < 5  # refused without parsing; generous on shared CI


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    _, message, _ = problem_of(path)
    assert "alias bomb" in message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 200 + "]" * 200 + "\n", "utf-8")
    _, message, _ = problem_of(path)
    assert "nesting deeper than" in message


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    _, message, _ = problem_of(path)
    assert "binary data" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("  \n", "utf-8")
    _, message, _ = problem_of(path)
    assert message.startswith("file is empty")


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\ncompany:\n  crm_users: [1, 2\nnext: 3\n", "utf-8")
    _, message, line = problem_of(path)
    assert message.startswith("not valid YAML/JSON")
    assert line in (3, 4)


def test_duplicate_yaml_key_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("name: a\ncurrency: RUB\nname: b\n", "utf-8")
    _, message, line = problem_of(path)
    assert message == "duplicate key 'name' (first on line 1)"
    assert line == 3


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", "utf-8")
    _, message, line = problem_of(path)
    assert message == "expected a mapping at the top, got list"
    assert line == 1
