"""Scenario export and import give the same ranking and, with the same seed, the same simulation;
the `export` command writes every format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.catalog import Catalog
from crm_select.models.loader import dump_scenario, load_scenario, parse_scenario
from crm_select.models.ranking_settings import Robustness
from crm_select.services.decision import open_decision
from crm_select.services.report import report_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("example", ["b2b-distributor.yaml", "bank-500.yaml"])
def test_round_trip_gives_identical_results(catalog: Catalog, fmt: str, example: str) -> None:
    original = load_scenario(ROOT / "examples" / example, catalog)
    again = parse_scenario(dump_scenario(original, fmt), f"scenario.{fmt}", catalog)
    assert again == original
    settings = original.ranking.model_copy(update={"robustness": Robustness(samples=500)})
    a = report_data(open_decision(original, catalog), settings, trials=1000, seed=7)
    b = report_data(open_decision(again, catalog), settings, trials=1000, seed=7)
    assert a.ranking.ranking() == b.ranking.ranking()
    for m in a.methods.results:
        np.testing.assert_array_equal(a.methods.results[m].ranks, b.methods.results[m].ranks)
    assert a.simulation.to_dict() == b.simulation.to_dict()
    np.testing.assert_array_equal(a.acceptability.acceptability, b.acceptability.acceptability)


@pytest.mark.slow
def test_export_command_writes_every_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(
        app,
        [
            "export",
            str(ROOT / "examples" / "b2b-distributor.yaml"),
            "--xlsx", str(out / "r.xlsx"),
            "--csv", str(out / "csv"),
            "--pdf", str(out / "r.pdf"),
            "--html", str(out / "r.html"),
            "--lang", "ru",
            "--trials", "500",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out / "r.xlsx").sheetnames[0] == "Итоги"
    assert (out / "csv" / "summary.csv").read_text("utf-8").startswith("Место,Вариант")
    assert (out / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "Рекомендация" in (out / "r.html").read_text("utf-8")


def test_export_needs_an_output_and_a_valid_file(tmp_path: Path) -> None:
    runner = CliRunner()
    example = str(ROOT / "examples" / "b2b-distributor.yaml")
    assert runner.invoke(app, ["export", example]).exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", "utf-8")
    assert (
        runner.invoke(app, ["export", str(bad), "--xlsx", str(tmp_path / "x.xlsx")]).exit_code == 2
    )
