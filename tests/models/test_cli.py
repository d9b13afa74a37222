"""The commands on inputs: validate, catalog, new-scenario."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.cli.serve import LOOPBACK, streamlit_command
from crm_select.models.loader import load_scenario
from crm_select.models.paths import APP_SCRIPT, CATALOG_PATH, EXAMPLES_DIR

runner = CliRunner()


def test_validate_accepts_the_bundled_files() -> None:
    files = [str(CATALOG_PATH), *map(str, sorted(EXAMPLES_DIR.glob("*.yaml")))]
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok") == len(files)


def test_validate_prints_one_line_per_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncurrency: XYZ\ncompany: {crm_users: 0}\n", "utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert f"{bad}:2: currency: must be 'RUB', 'USD', 'EUR', 'INR' or 'GBP', got 'XYZ'" in lines
    assert f"{bad}:3: company.crm_users: must be >= 1, got 0" in lines
    assert all(line.startswith(str(bad)) for line in lines)


def test_catalog_filters_by_type_as_json() -> None:
    result = runner.invoke(app, ["catalog", "--type", "custom", "--json"])
    assert result.exit_code == 0
    options = json.loads(result.output)
    assert len(options) >= 3
    assert {o["delivery_type"] for o in options} == {"custom"}


def test_new_scenario_writes_a_valid_decision_and_keeps_existing_files(tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    assert runner.invoke(app, ["new-scenario", str(out)]).exit_code == 0
    assert load_scenario(out).options
    again = runner.invoke(app, ["new-scenario", str(out)])
    assert again.exit_code == 2
    assert "--force" in again.stderr


def test_new_scenario_starts_from_any_bundled_example(tmp_path: Path) -> None:
    out = tmp_path / "bank.json"
    done = runner.invoke(app, ["new-scenario", str(out), "--example", "bank-500"])
    assert done.exit_code == 0, done.output
    assert load_scenario(out) == load_scenario(EXAMPLES_DIR / "bank-500.yaml")
    unknown = runner.invoke(app, ["new-scenario", str(tmp_path / "x.yaml"), "--example", "nope"])
    assert unknown.exit_code == 2
    assert "no bundled example 'nope'" in unknown.stderr
    assert "bank-500" in unknown.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_the_app_command_serves_the_bundled_app_on_loopback_unless_told() -> None:
    local = streamlit_command(8501, LOOPBACK)
    assert local[1:5] == ["-m", "streamlit", "run", str(APP_SCRIPT)]
    assert local[local.index("--server.address") + 1] == "127.0.0.1"
    assert local[local.index("--server.port") + 1] == "8501"
    # the project's Streamlit settings travel as flags (an installed app has no .streamlit/)
    assert local[local.index("--client.toolbarMode") + 1] == "viewer"
    assert local[local.index("--browser.gatherUsageStats") + 1] == "false"
    network = streamlit_command(9000, "0.0.0.0")
    assert network[network.index("--server.address") + 1] == "0.0.0.0"
