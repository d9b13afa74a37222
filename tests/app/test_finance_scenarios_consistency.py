"""Named finance scenarios compared once: the TCO & ROI page (AppTest), `crm-select simulate
--compare --json` and the report data show the same comparison for the same trials and seed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from crm_select.cli.main import app as cli_app
from crm_select.models.loader import dump_scenario, load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.services import finance_scenarios as fs
from crm_select.services.decision import load_decision
from crm_select.services.edits import LeverEdit, edit_levers
from crm_select.services.report import report_data
from crm_select.store.api import create_workspace, open_database
from finance.comparison import METRICS, FinanceComparison
from tests.app.test_finance_journeys import comparison

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TRIALS, SEED = 2_000, 11
COLUMNS = {  # the page's (and report's) column -> the comparison's figure
    "TCO (mean)": "tco",
    "NPV P5": "npv_p5",
    "NPV P50": "npv_p50",
    "NPV P95": "npv_p95",
    "ROI P50": "roi_p50",
    "Risk-adjusted ROI P50": "risk_adjusted_roi_p50",
    "P(NPV > 0)": "p_npv_positive",
    "Discounted payback P50, years": "payback_p50",
}


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with two kept scenarios: base, and 25 % off amoCRM's licences; the
    current assumptions are a third (the discount dropped again, a lever off)."""
    s = load_scenario(EXAMPLE_SCENARIO, load_catalog())
    s = fs.keep(s, "base")
    s = fs.keep(discount(s, 0.25), "negotiated price")
    s = edit_levers(discount(s, 0.0), {"margin": LeverEdit(False)})
    path = tmp_path_factory.mktemp("scenario") / "kept.yaml"
    path.write_text(dump_scenario(s), encoding="utf-8")
    return path


def discount(s: Scenario, value: float) -> Scenario:
    options = [
        e.model_copy(update={"overrides": e.overrides.model_copy(update={"discount": value})})
        if e.option_id == "amocrm"
        else e
        for e in s.options
    ]
    return s.model_copy(update={"options": options})


def figures_of(c: FinanceComparison, names: dict[str, str]) -> pd.DataFrame:
    """The comparison as the page's table: option name, scenario label, the figures."""
    rows = []
    for oid in c.option_ids:
        for n in c.scenarios:
            label = n or "current assumptions"
            if n == c.baseline:
                label += " (baseline)"
            f = c.figures[n][oid]
            rows.append(
                {
                    "Option": names[oid],
                    "Scenario": label,
                    **{col: f.value(m) for col, m in COLUMNS.items()},
                }
            )
    return pd.DataFrame(rows)


def test_page_cli_and_report_give_the_same_comparison(
    scenario_file: Path,
    fresh_data: Path,  # noqa: ARG001
) -> None:
    decision = load_decision(scenario_file)
    names = decision.option_names()

    # the command line
    out = CliRunner().invoke(
        cli_app,
        ["simulate", str(scenario_file), "--compare", "--trials", str(TRIALS), "--seed", str(SEED), "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    cli = json.loads(out.stdout)
    assert [s["name"] for s in cli["scenarios"]] == ["", "base", "negotiated price"]

    # the report
    report = report_data(decision, trials=TRIALS, seed=SEED).finance_comparison
    assert report is not None
    expected = figures_of(report, names)
    for s in cli["scenarios"]:
        for oid, f in s["options"].items():
            for m in METRICS:
                assert f[m.name] == report.figures[s["name"]][oid].value(m.name), (s, oid, m)

    # the page, on that decision (the only one in the data dir, so the app opens it)
    create_workspace(open_database(), decision.scenario, "Facilitator")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.switch_page("views/finance.py").run()
    at.select_slider(key="finance_trials").set_value(TRIALS)
    at.text_input(key="finance_seed").set_value(str(SEED))
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:run")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    page = comparison(at)
    shown = page[["Option", "Scenario", *COLUMNS]].reset_index(drop=True)
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
