"""Names and free text: control characters and non-characters refused with file:line:field,
look-alike characters removed from names, lengths bounded; old work still opens, repaired."""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AfterValidator, BaseModel, Field

import crm_select.models as models_pkg
from crm_select.models.base import Strict
from crm_select.models.company import SystemIntegration
from crm_select.models.criteria import Criterion
from crm_select.models.errors import InputError, format_path
from crm_select.models.loader import load_scenario, parse_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.models.text import KEY_RULE, NAME_RULE, TEXT_RULE, TextRule, checked
from crm_select.services.decision import open_decision
from crm_select.services.ranking import rank

NAMES = [
    ("CatalogOption", "name"),
    ("CatalogOption", "vendor"),
    ("Edition", "name"),
    ("Rater", "name"),
    ("Rater", "department"),
    ("AnnualFee", "name"),
]
KEYS = [("CatalogOption", "id"), ("Edition", "id"), ("Rater", "id"), ("Criterion", "id")]
BAD = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x85", "\ufffe", "\U0010ffff", "\ufdd0"]

# (path in the example scenario, what the field is)
FIELDS: list[tuple[tuple[str | int, ...], str]] = [
    (("name",), "decision name"),
    (("description",), "description"),
    (("raters", 0, "name"), "rater name"),
    (("raters", 0, "department"), "department"),
    (("criteria", "groups", 0, "criteria", 0, "name"), "criterion name"),
    (("company", "integrations", 0, "name"), "integration name"),
    (("options", 0, "inline", "name"), "option name"),
    (("options", 0, "inline", "vendor"), "vendor name"),
    (("options", 0, "inline", "editions", 0, "name"), "edition name"),
    (("options", 0, "inline", "risk", "notes", 0), "risk note"),
]


def _example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    data.setdefault("description", "A decision")
    data["company"].setdefault("integrations", [{"name": "ERP", "kind": "erp"}])
    if not data["company"]["integrations"]:
        data["company"]["integrations"] = [{"name": "ERP", "kind": "erp"}]
    data["raters"][0].setdefault("department", "Sales")
    return data


def _with_inline(data: dict[str, Any]) -> dict[str, Any]:
    """The first shortlist entry as an inline option (so option, vendor and edition names
    are in the scenario file)."""
    from crm_select.models.loader import load_catalog

    entry = data["options"][0]
    option = load_catalog().get(entry["catalog_id"]).model_dump(mode="json", exclude_none=True)
    option["risk"]["notes"] = ["a note"]
    data["options"][0] = {
        k: v for k, v in entry.items() if k not in ("catalog_id", "edition", "overrides")
    }
    data["options"][0]["inline"] = option
    data["options"][0].setdefault("id", entry.get("id") or entry["catalog_id"])
    return data


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    data = _with_inline(_example())
    Scenario.model_validate(data)  # the starting point is valid
    return data


def _named_rule(tp: Any) -> bool:
    """True when ``tp`` is a Name, Text or Key (or holds only such strings)."""
    if typing.get_origin(tp) is typing.Annotated:
        inner, *meta = typing.get_args(tp)
        if inner is str:
            return any(isinstance(m, AfterValidator) and isinstance(m.func, TextRule) for m in meta)
        return _named_rule(inner)
    if tp is str:
        return False
    return all(_named_rule(a) for a in typing.get_args(tp) if not isinstance(a, str))


def _models() -> list[type[BaseModel]]:
    for mod in pkgutil.iter_modules(models_pkg.__path__):
        importlib.import_module(f"crm_select.models.{mod.name}")
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return [m for m in seen if m.__module__.startswith("crm_select.models")]


def test_every_model_checks_every_string_and_the_scenarios_texts_are_named() -> None:
    models = _models()
    assert len(models) > 30
    # every string of every model passes a text rule: all models share the strict base
    assert [m.__name__ for m in models if not issubclass(m, Strict)] == []
    # the names the issue names are names (look-alike characters removed), the ids keys
    kinds = {
        (m.__name__, name): next(
            (
                x.func.kind
                for x in f.metadata
                if isinstance(x, AfterValidator) and isinstance(x.func, TextRule)
            ),
            None,
        )
        for m in models
        for name, f in m.model_fields.items()
    }
    for field in NAMES:
        assert kinds[field] == "name", field
    for field in KEYS:
        assert kinds[field] == "key", field
    assert _named_rule(Criterion.model_fields["name"].annotation)  # a name, or one per language
    assert _named_rule(Scenario.model_fields["name"].annotation)
    assert _named_rule(SystemIntegration.model_fields["name"].annotation)


def test_a_plain_string_field_gets_the_free_text_rule() -> None:
    class Note(Strict):
        text: str
        tags: list[str] = Field(default_factory=list)
        extra: dict[str, str] = Field(default_factory=dict)

    for bad in (
        {"text": "a\x07"},
        {"text": "a", "tags": ["b\x00"]},
        {"text": "a", "extra": {"k\x1b": "v"}},
    ):
        with pytest.raises(ValueError, match="control character"):
            Note.model_validate(bad)
    assert Note(text="line\nbreak", tags=["x"]).text == "line\nbreak"


@pytest.mark.parametrize("char", BAD, ids=[f"U+{ord(c):04X}" for c in BAD])
@pytest.mark.parametrize("rule", [NAME_RULE, TEXT_RULE, KEY_RULE], ids=lambda r: r.kind)
def test_every_kind_of_text_refuses_control_and_non_characters(rule: TextRule, char: str) -> None:
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        checked(f"Bad{char}name", rule, "field")


# each field of the scenario file gets another of the refused characters
@pytest.mark.parametrize(
    ("path", "what", "char"),
    [(p, w, BAD[i % len(BAD)]) for i, (p, w) in enumerate(FIELDS)],
    ids=[w for _, w in FIELDS],
)
def test_control_and_non_characters_are_refused_naming_file_line_and_field(
    tmp_path: Path, base: dict[str, Any], path: tuple[str | int, ...], what: str, char: str
) -> None:
    data = copy.deepcopy(base)
    _set(data, path, f"Bad{char}name")
    file = tmp_path / "scenario.json"
    # JSON escapes every character, so the file itself is plain text
    file.write_text(json.dumps(data, indent=1), "utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(file)
    problem = info.value.problems[0]
    assert format_path(problem.path) == format_path(path), what
    assert problem.line is not None
    assert f"U+{ord(char):04X}" in problem.message
    assert str(problem).startswith(f"{file}:{problem.line}: {format_path(path)}: holds ")
    assert json.dumps(f"Bad{char}name")[1:-1] in file.read_text().splitlines()[problem.line - 1]


@pytest.mark.parametrize(
    "path", [p for p, w in FIELDS if "name" in w and "decision" not in w]
)  # every kind of name
def test_look_alike_characters_are_removed_from_names(
    base: dict[str, Any], path: tuple[str | int, ...]
) -> None:
    data = copy.deepcopy(base)
    _set(data, path, "\u202eAnna\u200b \u2066Petrova\u2069\ufeff")
    assert _get(Scenario.model_validate(data).model_dump(mode="json"), path) == "Anna Petrova"


def test_a_name_of_only_invisible_characters_is_refused(base: dict[str, Any]) -> None:
    data = copy.deepcopy(base)
    data["raters"][0]["name"] = "\u200b\u200d"
    with pytest.raises(ValueError, match="only invisible characters"):
        Scenario.model_validate(data)


def test_free_text_keeps_line_breaks_and_right_to_left_marks_but_a_name_does_not(
    base: dict[str, Any],
) -> None:
    data = copy.deepcopy(base)
    data["description"] = "First line\n\tsecond \u200fline"
    assert Scenario.model_validate(data).description == "First line\n\tsecond \u200fline"
    data["name"] = "Two\nlines"
    with pytest.raises(ValueError, match="line break"):
        Scenario.model_validate(data)


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (("name",), 200),
        (("raters", 0, "name"), 200),
        (("options", 0, "inline", "name"), 200),
        (("description",), 10_000),
    ],
)
def test_names_and_texts_have_a_length_limit(
    base: dict[str, Any], path: tuple[str | int, ...], limit: int
) -> None:
    data = copy.deepcopy(base)
    _set(data, path, "x" * limit)
    Scenario.model_validate(data)
    _set(data, path, "x" * (limit + 1))
    with pytest.raises(ValueError, match=f"at most {limit:,}"):
        Scenario.model_validate(data)


def test_ids_are_at_most_64_characters(base: dict[str, Any]) -> None:
    data = copy.deepcopy(base)
    data["options"][0]["id"] = "a" * 65
    with pytest.raises(ValueError, match="at most 64"):
        Scenario.model_validate(data)


def test_an_old_file_with_refused_names_opens_repaired_with_every_problem_listed(
    base: dict[str, Any],
) -> None:
    from crm_select.models.loader import load_catalog

    catalog = load_catalog()
    clean = Scenario.model_validate(base)
    data = copy.deepcopy(base)
    data["name"] = "Old\x07decision"
    data["raters"][0]["name"] = "Ann\x1b[31m"
    data["criteria"]["groups"][0]["criteria"][0]["name"] = "Fit\ufffe"
    text = yaml.safe_dump(data, allow_unicode=True)
    with pytest.raises(InputError):
        parse_scenario(text, "old.yaml", catalog)
    repairs: list[Any] = []
    repaired = parse_scenario(text, "old.yaml", catalog, repairs=repairs)
    assert sorted(format_path(r.path) for r in repairs) == sorted(
        ["name", "raters[0].name", "criteria.groups[0].criteria[0].name"]
    )
    assert all(r.line is not None and "until saved again" in r.message for r in repairs)
    assert repaired.name == "Old decision"
    assert repaired.raters[0].name == "Ann [31m"
    # only texts changed: the numbers are those of the clean scenario
    before, after = rank(open_decision(clean, catalog)), rank(open_decision(repaired, catalog))
    assert after.options == before.options
    assert after.scores.tolist() == pytest.approx(before.scores.tolist())
    assert after.ranks.tolist() == before.ranks.tolist()


def test_a_file_wrong_in_more_than_text_is_still_refused_when_repairing(
    base: dict[str, Any],
) -> None:
    data = copy.deepcopy(base)
    data["name"] = "Old\x07decision"
    data["company"]["crm_users"] = -1
    with pytest.raises(InputError, match="crm_users"):
        parse_scenario(yaml.safe_dump(data, allow_unicode=True), "old.yaml", repairs=[])


def test_the_cli_opens_an_old_file_with_a_warning_per_repair_but_validate_refuses_it(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from crm_select.cli.main import app

    data = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    clean = tmp_path / "clean.yaml"
    clean.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    data["name"] = "Old\x07decision"
    old = tmp_path / "old.yaml"
    old.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    runner = CliRunner()
    strict = runner.invoke(app, ["validate", str(old)])
    assert strict.exit_code == 2
    assert "name: holds a control character (U+0007)" in strict.output
    opened = runner.invoke(app, ["rank", str(old), "--json"])
    assert opened.exit_code == 0, opened.output
    assert "warning: " in opened.stderr
    assert "until saved again" in opened.stderr
    assert json.loads(opened.stdout) == json.loads(
        runner.invoke(app, ["rank", str(clean), "--json"]).stdout
    )
