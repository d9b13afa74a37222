"""The workbook: values equal the engine's, live formulas reference the weights, text is inert."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from crm_select.reports.excel import FIRST_CRITERION_COL, WEIGHT_ROW, to_xlsx_bytes
from crm_select.reports.report_data import ReportData

INJECTIONS = ("=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\t=1")


@pytest.fixture(scope="module")
def book(b2b: ReportData) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(b2b, "en")))


def _find(ws: openpyxl.worksheet.worksheet.Worksheet, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not on {ws.title}")


def test_sheets(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Summary",
        "Criteria & weights",
        "Weighted sum (live)",
        "Scores",
        "Methods",
        "Sensitivity",
        "Confidence",
        "TCO",
        "ROI",
        "Risks",
        "Assumptions",
        "Sources",
    ]
    for ws in book.worksheets:
        assert ws.freeze_panes is not None, ws.title


def test_summary_values_equal_the_engine(book: openpyxl.Workbook, b2b: ReportData) -> None:
    ws = book["Summary"]
    r, c = _find(ws, "Option")
    for k, entry in enumerate(b2b.ranking.ranking()):
        row = r + 1 + k
        assert ws.cell(row, c).value == b2b.option_name(entry.option)
        assert ws.cell(row, c - 1).value == entry.rank
        assert ws.cell(row, c + 3).value == pytest.approx(entry.score)
        sim = b2b.sim_option(entry.option)
        assert ws.cell(row, c + 4).value == pytest.approx(sim.tco)
        assert ws.cell(row, c + 5).value == pytest.approx(sim.npv["p50"])
        assert ws.cell(row, c + 6).value == pytest.approx(sim.p_npv_positive)
    assert "₽" in ws.cell(r + 1, c + 4).number_format
    assert "%" in ws.cell(r + 1, c + 6).number_format
    assert ws._charts, "native ranking chart"
    assert book["TCO"]._charts, "native TCO chart"


def test_heatmap_on_scores(book: openpyxl.Workbook) -> None:
    rules = [r for rng in book["Scores"].conditional_formatting for r in rng.rules]
    assert any(r.type == "colorScale" for r in rules)


def test_live_weighted_sum(book: openpyxl.Workbook, b2b: ReportData) -> None:
    ws = book["Weighted sum (live)"]
    res = b2b.ranking
    n = len(res.criteria)
    first = openpyxl.utils.get_column_letter(FIRST_CRITERION_COL + 1)
    last = openpyxl.utils.get_column_letter(FIRST_CRITERION_COL + n)
    weight_range = f"${first}${WEIGHT_ROW + 1}:${last}${WEIGHT_ROW + 1}"
    for j, c in enumerate(res.criteria):
        assert ws.cell(WEIGHT_ROW + 1, FIRST_CRITERION_COL + 1 + j).value == pytest.approx(
            res.weights[c]
        )
    r, col = _find(ws, "Weighted score")
    for i, _o in enumerate(res.options):
        score = ws.cell(r + 1 + i, col).value
        rank = ws.cell(r + 1 + i, col + 1).value
        assert score.startswith("=SUMPRODUCT(")
        assert weight_range in score
        assert f"/SUM({weight_range})" in score
        assert re.fullmatch(r"=RANK\([A-Z]+\d+,\$[A-Z]+\$\d+:\$[A-Z]+\$\d+,0\)", rank)
        norm = ws.cell(r + 1 + i, FIRST_CRITERION_COL + 1).value
        assert norm.startswith("=IF(")
    cached = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(b2b, "en")), data_only=True)
    wc = cached["Weighted sum (live)"]
    for i in range(len(res.options)):
        assert wc.cell(r + 1 + i, col).value == pytest.approx(float(res.scores[i]))
        assert wc.cell(r + 1 + i, col + 1).value == int(res.ranks[i])


def test_no_formula_outside_the_live_sheet(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        if ws.title == "Weighted sum (live)":
            continue
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_injection_is_inert_in_xlsx(hostile: ReportData) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(hostile, "en")))
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if ws.title != "Weighted sum (live)":
                    assert cell.data_type != "f"
                if isinstance(v, str):
                    if ws.title == "Weighted sum (live)" and cell.data_type == "f":
                        continue
                    assert not v.startswith(("=", "+", "-", "@", "\t")), (ws.title, v)
                    seen += any(v == "'" + p or v.startswith("'" + p) for p in INJECTIONS)
    assert seen >= 5


def test_the_confidence_sheet_holds_the_cards_numbers(
    book: openpyxl.Workbook, b2b: ReportData
) -> None:
    conf = b2b.confidence
    assert conf is not None
    ws = book["Confidence"]
    row, col = _find(ws, "Rank 1")
    got = {}
    for r in range(row + 1, row + 1 + len(conf.options)):
        got[ws.cell(r, col - 1).value] = ws.cell(r, col).value
    for i, o in enumerate(conf.options):
        assert got[b2b.option_name(o)] == pytest.approx(conf.joint.first_rank[i], abs=1e-12)
    assert max(got.values()) == pytest.approx(conf.card.confidence, abs=1e-12)
    r, c = _find(ws, "P(NPV A > NPV B)")
    a, b = ws.cell(r + 1, c - 2).value, ws.cell(r + 1, c - 1).value
    ids = {b2b.option_name(o): o for o in conf.options}
    assert ws.cell(r + 1, c).value == pytest.approx(conf.npv.pair(ids[a], ids[b]).p_a_better)
