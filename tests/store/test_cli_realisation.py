"""`crm-select realisation start|add|show|template|export` end to end on SQLite: a bad file
is refused with file:line: field and stores nothing; the export is the documented format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.services import realisation as svc
from crm_select.services import report as report_service
from crm_select.services import workspace as ws_api

EXAMPLE = Path("examples/b2b-distributor.yaml")


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CRM_SELECT_DATA_DIR", str(tmp_path / "data"))
    run("workspace", "create", str(EXAMPLE), "--id", "ws1")
    return tmp_path


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_start_add_show_export(ws: Path) -> None:
    out = run(
        "realisation", "start", "ws1", "--decision-date", "2026-01-01", "--go-live", "2026-04-01"
    )
    assert "baseline of" in out
    template = run("realisation", "template", "ws1")
    assert template.splitlines()[0] == "kind,name,period,value,unit,control"
    assert "kpi,sales_per_rep,2026-Q2,,money," in template
    bad = ws / "bad.csv"
    bad.write_text("kind,name,period,value,unit\nkpi,sales_per_rep,2026-Q2,abc,money\n")
    err = run("realisation", "add", "ws1", "--csv", str(bad), code=2)
    assert f"{bad}:2: value: expected a number, got 'abc'" in err
    good = ws / "good.csv"
    good.write_text(
        "kind,name,period,value,unit\n"
        "kpi,sales_per_rep,2026-Q2,9000000,money\n"
        "kpi,sales_per_rep,2026-Q3,9500000,money\n"
        "spend,implementation,2026-Q2,500000,money\n"
    )
    added = run("realisation", "add", "ws1", "--csv", str(good))
    assert "stored 2 KPI actuals and 1 spend rows" in added
    shown = run("realisation", "show", "ws1", "--trials", "1000")
    assert "2026-Q3" in shown
    assert "NPV forecast" in shown
    out_file = ws / "lessons.json"
    run("realisation", "export", "ws1", "--out", str(out_file), "--trials", "1000")
    lessons = json.loads(out_file.read_text())
    assert lessons["format"] == "crm-select/realisation-lessons"
    assert lessons["version"] == 2
    assert svc.read_lessons(out_file).npv_reforecast_p50 == lessons["npv_reforecast_p50"]
    lever = next(v for v in lessons["levers"] if v["lever"] == "sales_per_rep")
    assert lever["periods"] == 2
    assert lessons["spend_by_category"] == {"implementation": 500000.0}
    assert lessons["go_live_actual_years"] == pytest.approx(90 / 365.25)


@pytest.mark.slow  # the whole report (ranking, robustness, simulation)
def test_report_has_the_forecast_vs_actual_section(ws: Path) -> None:
    run("realisation", "start", "ws1", "--decision-date", "2026-01-01", "--go-live", "2026-04-01")
    good = ws / "good.csv"
    good.write_text(
        "kind,name,period,value,unit\n"
        "kpi,sales_per_rep,2026-Q2,3700000,money\n"
        "kpi,sales_per_rep,2026-Q3,3800000,money\n"
        "spend,training,2026-Q3,250000,money\n"
    )
    run("realisation", "add", "ws1", "--csv", str(good))
    html, xlsx = ws / "r.html", ws / "r.xlsx"
    run("realisation", "report", "ws1", "--html", str(html), "--xlsx", str(xlsx), "--lang", "ru")
    page = html.read_text(encoding="utf-8")
    assert "<h2>Прогноз и факт</h2>" in page
    assert 'id="realisation_kpis"' in page
    assert "III\u00a0кв. 2026" in page  # the period as Russian writes it
    assert 'id="realisation_spend"' in page  # spend against the forecast, and the go-live
    assert "Затраты проекта против прогноза" in page
    assert "Запуск 01.04.2026, медиана прогноза" in page  # as Russian writes dates
    sheet = load_workbook(xlsx)["Прогноз и факт"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "II\u00a0кв. 2026" in cells
    assert "Продажи на продавца" in cells


@pytest.mark.slow  # the whole report (ranking, robustness, simulation)
def test_page_cli_and_report_show_the_same_reforecast(ws: Path) -> None:
    """One function re-forecasts (finance.reforecast through services.realisation): the page's
    analysis, `realisation show --json` and the report's section give the same figures for
    the same trials and seed."""
    run("realisation", "start", "ws1", "--decision-date", "2026-01-01", "--go-live", "2026-05-01")
    good = ws / "good.csv"
    good.write_text(
        "kind,name,period,value,unit\n"
        "kpi,sales_per_rep,2026-Q2,3700000,money\n"
        "kpi,sales_per_rep,2026-Q3,3900000,money\n"
        "spend,training,2026-Q3,250000,money\n"
    )
    run("realisation", "add", "ws1", "--csv", str(good))
    cli = json.loads(run("realisation", "show", "ws1", "--trials", "1000", "--json"))
    database = ws_api.open_database(None)
    op = ws_api.Actor.operator("ws1")
    try:
        decision = svc.workspace_decision(database, op)
        record = svc.record(database, op)
    finally:
        database.dispose()
    assert record is not None
    page = svc.reforecast_summary(svc.analyse(decision, record, trials=1000).reforecast)
    data = report_service.report_data(decision, trials=1000, realisation=record)
    assert data.realisation is not None
    report = svc.reforecast_summary(data.realisation.reforecast)
    assert cli == page == report
    assert cli["trials"] <= 1000
    assert cli["p10"] < cli["p50"] < cli["p90"]
