"""`crm-select workspace create|list|show|export|import|lock` end to end on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from tests.store.conftest import scenario_data


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CRM_SELECT_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["workspace", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_create_list_show_export_import_lock(env: Path) -> None:
    examples = sorted(Path("examples").glob("*.yaml"))
    if examples:
        scenario = examples[0]
    else:
        scenario = env / "scenario.json"
        scenario.write_text(json.dumps(scenario_data(raters=["ivan"])))
    out = run("create", str(scenario), "--facilitator", "Fiona", "--id", "ws1", "--invite")
    assert "workspace: ws1" in out
    assert "admin code:" in out
    assert (env / "data" / "crm-select.sqlite").exists()
    assert "ws1" in run("list")
    assert json.loads(run("list", "--json"))[0]["id"] == "ws1"
    assert "versions:" in run("show", "ws1")
    assert json.loads(run("show", "ws1", "--json"))["workspace"]["current_version"] == 1
    exported = env / "ws1.json"
    run("export", "ws1", "-o", str(exported))
    run("import", str(exported), "--id", "ws2", "--trusted")
    copy = env / "ws2.json"
    run("export", "ws2", "-o", str(copy))
    a, b = json.loads(exported.read_text()), json.loads(copy.read_text())
    b["workspace"]["id"] = "ws1"
    assert a == b
    assert "locked" in run("lock", "ws1", "--reason", "signed")
    assert json.loads(run("show", "ws1", "--json"))["workspace"]["locked"] is True


def test_errors_exit_2(env: Path) -> None:
    result = CliRunner().invoke(app, ["workspace", "show", "nope"])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    bad = env / "bad.json"
    bad.write_text('{"format": "other"}')
    result = CliRunner().invoke(app, ["workspace", "import", str(bad)])
    assert result.exit_code == 2
