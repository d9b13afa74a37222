"""8 · After go-live in both languages: the record started from the page, two quarters of
actuals uploaded, the fan chart with the actuals and their percentiles, the alert."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.services import realisation as svc
from crm_select.services.workspace import Actor, Database, list_workspaces, open_database

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
PAGE = "views/after_go_live.py"
CSV = (
    "kind,name,period,value,unit,control\n"
    "kpi,sales_per_rep,2026-Q2,{q2},money,\n"
    "kpi,sales_per_rep,2026-Q3,{q3},money,\n"
    "kpi,adoption,2026-Q2,0.6,share,\n"
    "kpi,adoption,2026-Q3,0.3,share,\n"
    "spend,licences,2026-Q2,100000,money,\n"
)


def started(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_start_and_read_the_record_in_english(fresh_data: Path) -> None:  # noqa: ARG001
    at = started("en")
    assert at.title[0].value == "After go-live"
    assert at.date_input(key="real_dd").proto.format == "YYYY-MM-DD"
    at.date_input(key="real_gl").set_value(dt.date(2026, 4, 1))
    at.date_input(key="real_dd").set_value(dt.date(2026, 1, 1))
    submit = next(b for b in at.button if b.label.startswith("Record the baseline"))
    submit.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "baseline is recorded" in at.success[0].value
    db = open_database()
    ws = list_workspaces(db)[0].id
    rec = svc.record(db, Actor.operator(ws))
    assert rec is not None
    assert rec.baseline.go_live == dt.date(2026, 4, 1)
    spr = rec.baseline.kpi("sales_per_rep")
    assert spr is not None
    per_quarter = spr.value / 4
    # two quarters far below the forecast: below P10 twice, adoption below the ramp
    svc.upload(
        db,
        Actor.operator(ws),
        "a.csv",
        CSV.format(q2=per_quarter * 0.9, q3=per_quarter * 0.9).encode(),
    )
    grown = [
        k.model_copy(update={"trend": 0.035}) if k.kpi == "sales_per_rep" else k
        for k in rec.baseline.kpis
    ]
    svc.save_baseline(db, Actor.operator(ws), rec.baseline.model_copy(update={"kpis": grown}))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # the record's dates and the observation noise as English writes them
    assert "decided 2026-01-01 · go-live 2026-04-01" in at.markdown[0].value
    assert at.text_input(key="real_noise").value == "0.050"
    assert any("Go-live 2026-04-01" in c.value for c in at.caption)
    baseline = next(d.value for d in at.dataframe if "Source" in d.value.columns)
    trends = dict(zip(baseline["kpi"], baseline["Own growth a year before go-live"], strict=True))
    assert (trends["sales_per_rep"], trends["win_rate"]) == ("3.5%", "0.0%")
    tables = [d.value for d in at.dataframe]
    fan_table = next(d for d in tables if "Percentile in the forecast" in d.columns)
    assert list(fan_table["Period"]) == ["Q2 2026", "Q3 2026"]  # as English writes quarters
    assert list(fan_table["Percentile in the forecast"]) == ["0%", "0%"]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    fan = next(s for s in specs if "Sales per rep" in json.dumps(s.get("title", "")))
    # the band, the median and the actuals (a line with points)
    assert [layer["mark"]["type"] for layer in fan["layer"]] == ["area", "line", "line"]
    assert fan["layer"][2]["encoding"]["y"]["field"] == "actual"
    warnings = [w.value for w in at.warning]
    assert any("Sales per rep has been below its forecast P10" in w for w in warnings), warnings
    assert any("Adoption in Q3 2026" in w for w in warnings), warnings


def test_the_page_in_russian(fresh_data: Path) -> None:  # noqa: ARG001
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "ru"
    at.run()  # the overview opens the example as the first decision
    db = open_database()
    ws = list_workspaces(db)[0].id
    svc.start(db, Actor.operator(ws), dt.date(2026, 1, 1), go_live=dt.date(2026, 4, 1))
    rec = svc.record(db, Actor.operator(ws))
    assert rec is not None
    spr = rec.baseline.kpi("sales_per_rep")
    assert spr is not None
    csv = CSV.format(q2=spr.value / 4, q3=spr.value / 4 * 1.1)
    svc.upload(db, Actor.operator(ws), "a.csv", csv.encode())
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "После запуска"
    assert [t.label for t in at.tabs] == ["Базовые показатели", "Ввод факта", "Прогноз и факт"]
    fan_table = next(d.value for d in at.dataframe if "Процентиль в прогнозе" in d.value.columns)
    assert list(fan_table["Период"]) == ["II\u00a0кв. 2026", "III\u00a0кв. 2026"]
    assert any("III\u00a0кв. 2026" in w.value for w in at.warning)  # the adoption alert
    # the period is typed as stored; the help says so and how the tables name it
    typed = at.text_input(key="real_label_0")
    assert typed.value == "2026-Q4"  # the quarter after the last one reported
    assert "2026-Q4" in typed.help, typed.help
    assert "«IV\u00a0кв. 2026»" in typed.help, typed.help
    # dates as Russian writes them; the baseline's numbers grouped by no-break spaces
    assert at.date_input(key="real_asof").proto.format == "DD.MM.YYYY"
    editor = next(d.value for d in at.dataframe if "Значение" in d.value.columns)
    assert re.fullmatch(r"\d{1,3}(\u00a0\d{3})+", editor["Значение"].iloc[0]), editor


def recorded(lang: str, decided: dt.date, go_live: dt.date) -> tuple[AppTest, Database, str]:
    """The app in ``lang`` on page 8 of a decision whose realisation record has started; the
    database and the decision's id."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    db = open_database()
    ws = list_workspaces(db)[0].id
    svc.start(db, Actor.operator(ws), decided, go_live=go_live)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at, db, ws


def test_the_noise_is_typed_as_russian_writes_it(fresh_data: Path) -> None:  # noqa: ARG001
    at, db, ws = recorded("ru", dt.date(2026, 11, 28), dt.date(2027, 2, 1))
    frame = next(m.value for m in at.markdown if "решение" in m.value)
    assert "решение 28.11.2026 · запуск 01.02.2027" in frame, frame
    noise = at.text_input(key="real_noise")
    assert noise.value == "0,050"  # not "0.050"

    def save() -> None:
        button = next(b for b in at.button if b.label == "Сохранить базовые показатели")
        button.click().run()
        assert not at.exception, [e.value for e in at.exception]

    def stored_noise() -> float:
        rec = svc.record(db, Actor.operator(ws))
        assert rec is not None
        return rec.settings.observation_noise

    noise.set_value("0,1")  # a decimal comma
    save()
    assert "Базовые показатели сохранены." in [s.value for s in at.success]
    assert stored_noise() == 0.1
    assert at.text_input(key="real_noise").value == "0,100"
    # the trend as a percentage in Russian: shown "0,0 %", typed "3,5 %" or "−2,25"
    trend = "Собственный рост за год до запуска"
    editor = next(d.value for d in at.dataframe if trend in d.value.columns)
    assert editor[trend].iloc[1] == "0,0\u00a0%"
    at.session_state["real_baseline_editor"] = {
        "edited_rows": {1: {trend: "3,5 %"}, 2: {trend: "\u22122,25"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    save()
    rec = svc.record(db, Actor.operator(ws))
    assert rec is not None
    assert [(k.kpi, k.trend) for k in rec.baseline.kpis if k.trend] == [
        ("sales_per_rep", 0.035),
        ("win_rate", -0.0225),
    ]
    editor = next(d.value for d in at.dataframe if trend in d.value.columns)
    assert list(editor[trend].iloc[1:3]) == ["3,5\u00a0%", "-2,25\u00a0%"]
    at.session_state["real_baseline_editor"] = {
        "edited_rows": {1: {trend: "3.5.1"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    save()
    assert any("Продажи на продавца: «3.5.1» — не процент" in e.value for e in at.error)
    rec = svc.record(db, Actor.operator(ws))
    assert rec is not None
    kept = rec.baseline.kpi("sales_per_rep")
    assert kept is not None
    assert kept.trend == 0.035
    for bad in ("пять", "2"):  # not a number; above the maximum 1
        at.text_input(key="real_noise").set_value(bad)
        save()
        assert any("Шум наблюдения" in e.value for e in at.error), [e.value for e in at.error]
        assert not at.success
        assert stored_noise() == 0.1  # kept


TABLE = {  # the actuals table's columns and button, and a cell each language refuses
    "en": (
        "Value",
        "Control group",
        "Save the actuals",
        "1 value(s) stored.",
        "1,234,567.5",
        "12,5",
    ),
    "ru": (
        "Значение",
        "Контрольная группа",
        "Сохранить факт",
        "Сохранено значений: 1.",
        "1 234 567,5",
        "1.234,5",
    ),
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_actuals_are_typed_in_the_pages_language(
    fresh_data: Path,  # noqa: ARG001
    lang: str,
) -> None:
    value, control, save_label, saved, typed, refused = TABLE[lang]
    at, db, ws = recorded(lang, dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert at.text_input(key="real_label_0").value == "2026-Q2"  # the go-live's quarter

    def save(key: str, cells: dict[str, str]) -> None:
        at.session_state[key] = {"edited_rows": {1: cells}, "added_rows": [], "deleted_rows": []}
        button = next(b for b in at.button if b.label == save_label)
        button.click().run()
        assert not at.exception, [e.value for e in at.exception]

    def stored() -> list[tuple[str, str, float, float | None]]:
        rec = svc.record(db, Actor.operator(ws))
        assert rec is not None
        return [(a.kpi, a.period, a.value, a.control) for a in rec.actuals]

    # row 2 is sales per rep; grouped thousands and a decimal separator as the language writes
    save("real_actuals_editor_0", {value: typed, control: "1000000"})
    assert stored() == [("sales_per_rep", "2026-Q2", 1_234_567.5, 1_000_000.0)]
    assert at.success[0].value == saved
    # a fresh table for the next quarter
    assert at.text_input(key="real_label_1").value == "2026-Q3"
    table = next(d.value for d in at.dataframe if control in d.value.columns)
    assert table[value].isna().all(), table
    # the other language's separators are refused, naming the row and the column; nothing kept
    save("real_actuals_editor_1", {value: refused})
    assert not at.success
    shown = at.code[-1].value
    if lang == "en":
        assert shown == "Row 2 (Sales per rep), Value: expected a number, got '12,5'"
    else:
        assert shown.startswith("Строка 2 (Продажи на продавца), Значение: ожидается число")
        assert shown.endswith("указано «1.234,5»")
    assert stored() == [("sales_per_rep", "2026-Q2", 1_234_567.5, 1_000_000.0)]
