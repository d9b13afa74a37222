"""Uploading actuals: the template round-trips; bad files name file, line and field, and
nothing of a bad file is kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from crm_select.models.errors import InputError
from crm_select.models.realisation import (
    Baseline,
    BaselineKpi,
    KpiActual,
    PeriodKind,
    RealisationRecord,
)
from crm_select.services.realisation_upload import check_rows, parse_actuals, template_csv

RECORD = RealisationRecord(
    baseline=Baseline(
        option_id="amo",
        decision_date=dt.date(2026, 1, 1),
        as_of=dt.date(2026, 1, 1),
        go_live=dt.date(2026, 4, 1),
        period=PeriodKind.QUARTER,
        kpis=[
            BaselineKpi(kpi="sales_per_rep", value=1_200_000),
            BaselineKpi(kpi="win_rate", value=0.2),
        ],
    ),
    actuals=[KpiActual(kpi="sales_per_rep", period="2026-Q2", value=310_000)],
)
HEAD = "kind,name,period,value,unit,control\n"


def messages(text: str, name: str = "a.csv") -> list[str]:
    with pytest.raises(InputError) as e:
        parse_actuals(name, text.encode(), RECORD)
    return [str(p) for p in e.value.problems]


def test_template_is_valid_once_filled():
    t = template_csv(RECORD)
    assert t.splitlines()[1] == "kpi,sales_per_rep,2026-Q3,,money,"
    filled = t.replace(",,money,", ",100,money,").replace(",,share,", ",0.25,share,")
    up = parse_actuals("t.csv", filled.encode(), RECORD)
    assert {a.kpi for a in up.actuals} == {"sales_per_rep", "win_rate"}
    assert [s.category for s in up.spend] == ["licences", "implementation", "support"]


def test_good_rows_with_a_control_group_and_typed_numbers():
    up = parse_actuals(
        "a.csv",
        (
            HEAD + 'kpi,sales_per_rep,2026-Q3,"320 000,5",money,300000\n'
            "spend,licences,2026-Q3,12000,money,\n"
        ).encode(),
        RECORD,
    )
    assert up.actuals == [
        KpiActual(kpi="sales_per_rep", period="2026-Q3", value=320_000.5, control=300_000)
    ]
    assert up.spend[0].amount == 12_000


def test_each_bad_row_names_file_line_and_field():
    got = messages(
        HEAD
        + "kpi,win_rate,2026-Q3,25,%,\n"  # wrong unit
        + "kpi,sales_per_rep,2026-Q3,lots,money,\n"  # text in a number
        + "kpi,win_rate,2025-Q4,0.2,share,\n"  # before the baseline
        + "spend,lunch,2026-Q3,10,money,\n"  # unknown category
        + "kpi,win_rate,2026-07,0.2,share,\n"  # a month in a quarterly record
    )
    assert got == [
        "a.csv:2: unit: win_rate is in 'share', got '%'",
        "a.csv:2: value: win_rate is a share between 0 and 1 (25 % is 0.25), got 25",
        "a.csv:3: value: expected a number, got 'lots'",
        "a.csv:4: period: 2025-Q4 is before the baseline (2026-01-01)",
        "a.csv:5: name: unknown cost category 'lunch'; expected one of "
        "licences, infrastructure, implementation, customisation, integration, data_migration, "
        "training, change_management, hypercare, administration, support, add_ons, exit",
        "a.csv:6: period: expected a quarter as YYYY-Qn, got '2026-07'",
    ]


def test_missing_periods_and_duplicates():
    got = messages(
        HEAD
        + "kpi,sales_per_rep,2026-Q4,1,money,\n"  # Q3 missing after the stored Q2
        + "kpi,win_rate,2026-Q3,0.2,share,\n"
        + "kpi,win_rate,2026-Q3,0.3,share,\n"
    )
    assert got == [
        "a.csv:4: period: kpi win_rate 2026-Q3 is also on line 3",
        "a.csv:2: period: sales_per_rep: missing period(s) 2026-Q3",
    ]


def test_missing_columns_and_excel_lines():
    assert messages("name,period,value\nx,y,1\n") == [
        "a.csv:1: missing column(s) kind, unit; expected kind, name, period, value, unit, control"
    ]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["kind", "name", "period", "value", "unit"])
    ws.append(["kpi", "win_rate", "2026-Q3", 0.22, "share"])
    ws.append(["kpi", "win_rate", "2026-Q4", "n/a", "share"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(InputError) as e:
        parse_actuals("q.xlsx", buf.getvalue(), RECORD)
    assert [str(p) for p in e.value.problems] == ["q.xlsx:3: value: expected a number, got 'n/a'"]


def test_form_rows_read_in_the_pages_language():
    def row(value: str, kpi: str = "sales_per_rep", period: str = "2026-Q3") -> dict[str, str]:
        unit = "share" if kpi == "win_rate" else "money"
        return {"kind": "kpi", "name": kpi, "period": period, "value": value, "unit": unit}

    ru = check_rows("форма", [(1, row("320 000,5"))], RECORD, lang="ru")
    en = check_rows("form", [(1, row("320,000.5"))], RECORD, lang="en")
    assert ru.actuals[0].value == en.actuals[0].value == 320_000.5
    with pytest.raises(InputError) as e:  # English separators in Russian; a share of 25
        check_rows("форма", [(1, row("320,000.5")), (2, row("25", "win_rate"))], RECORD, lang="ru")
    assert [str(p) for p in e.value.problems] == [
        "форма:1: value: ожидается число (разряды можно отделять пробелами, дробную часть — "
        "запятой), указано «320,000.5»",
        "форма:2: value: Доля выигранных сделок — доля от 0 до 1 (25 % — это 0,25), указано 25",
    ]
    with pytest.raises(InputError) as e:  # Q3 skipped after the stored Q2
        check_rows("form", [(2, row("1", period="2026-Q4"))], RECORD, lang="en")
    assert [str(p) for p in e.value.problems] == [
        "form:2: period: Sales per rep: missing period(s) 2026-Q3"
    ]
