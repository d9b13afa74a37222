"""A syntax error is reported on the line that causes it, not where the parser gave up, and a
file's unknown catalog references come in the same pass as its field errors.

Each case breaks one known line of the bundled example (705 lines), so the expected line
number is the line we broke, counted by hand, never what the parser said.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.errors import InputError
from crm_select.models.loader import parse_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO

runner = CliRunner()
LINES = EXAMPLE_SCENARIO.read_text("utf-8").splitlines()
assert LINES[12] == "  name: StroyOptTorg LLC"  # line 13, the case's anchor
assert LINES[14] == "  crm_users: 40"  # line 15


def _broken(line: int, text: str) -> str:
    """The example with line ``line`` (1-based) replaced by ``text``."""
    out = list(LINES)
    out[line - 1] = text
    return "\n".join(out) + "\n"


# (the file's text, the line to report, words the message must contain)
CASES = {
    "unclosed double quote": (_broken(13, '  name: "StroyOptTorg LLC'), 13, "closing quote"),
    "unclosed single quote": (_broken(13, "  name: 'StroyOptTorg LLC"), 13, "closing quote"),
    "a quote closed by a later line's quote": (
        _broken(13, '  name: "StroyOptTorg LLC') + 'extra: "x"\n',
        13,
        "closing quote",
    ),
    "indented too deep": (_broken(15, "     crm_users: 40"), 15, "indentation"),
    "indented too little": (_broken(15, " crm_users: 40"), 15, "indentation"),
    "a tab for indentation": (_broken(15, "\tcrm_users: 40"), 15, "tab character"),
    "a key without a colon": (_broken(15, "  crm_users 40"), 15, "could not find expected ':'"),
    "an unclosed bracket": (_broken(15, "  crm_users: [40"), 15, "closing bracket"),
}


@pytest.mark.parametrize(("text", "line", "words"), CASES.values(), ids=CASES.keys())
def test_upload_names_the_line_of_the_cause(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_scenario(text.encode(), "upload.yaml")
    (problem,) = info.value.problems
    assert problem.line == line, str(problem)
    assert str(problem).startswith(f"upload.yaml:{line}: ")
    assert "not valid YAML/JSON" in problem.message
    assert words in problem.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [CASES["unclosed double quote"], CASES["indented too deep"], CASES["a tab for indentation"]],
    ids=["quote", "indentation", "tab"],
)
def test_validate_prints_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, "utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"{bad}:{line}: not valid YAML/JSON: "), result.output
    assert words in result.output


def test_json_missing_comma_is_reported_after_the_value_that_lacks_it() -> None:
    data = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    lines = json.dumps(data, ensure_ascii=False, indent=2).splitlines()
    at = lines.index('    "crm_users": 40,')
    lines[at] = lines[at].rstrip(",")
    with pytest.raises(InputError) as info:
        parse_scenario("\n".join(lines).encode(), "upload.json")
    assert info.value.problems[0].line == at + 1


def test_workspace_import_names_the_line_of_a_json_error(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('{\n  "format": "crm-select-workspace",\n  "format_version": 1\n  "a": 2\n}\n')
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = runner.invoke(app, ["workspace", "import", str(path), "--db", db])
    assert result.exit_code == 2, result.output
    assert f"{path}:3: not valid JSON: Expecting ',' delimiter" in result.output
    path.write_text('{\n  "format": "crm-select-workspace",\n  "versions": [1, 2,],\n}\n')
    result = runner.invoke(app, ["workspace", "import", str(path), "--db", db])
    assert f"{path}:3: not valid JSON" in result.output


def test_unknown_catalog_ids_come_with_the_field_errors(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_SCENARIO.read_text("utf-8"))
    first, second = data["options"][0], data["options"][1]
    first["id"], first["catalog_id"] = first["catalog_id"], "no-such-crm"
    second["edition"] = "no-such-edition"
    data["company"]["horizon_years"] = 50
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    text = bad.read_text("utf-8").splitlines()
    line_of = {s.strip().removeprefix("- "): n for n, s in enumerate(text, 1)}
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{bad}:{line_of['horizon_years: 50']}: company.horizon_years: must be <= 10, got 50",
        f"{bad}:{line_of['catalog_id: no-such-crm']}: options[0].catalog_id: unknown catalog "
        "option 'no-such-crm'; see `crm-select catalog`",
        f"{bad}:{line_of['edition: no-such-edition']}: options[1].edition: must be one of "
        f"{_editions(second['catalog_id'])}, got 'no-such-edition'",
    ]


def _editions(catalog_id: str) -> list[str]:
    from crm_select.models.loader import load_catalog

    return [e.id for e in load_catalog().get(catalog_id).editions]
