"""The comparison workbook (XlsxWriter): one sheet per topic, native charts, live weighted sum.

Strings are never turned into formulas (``strings_to_formulas=False``) and user text that
starts like a formula is neutralised besides; the only formulas are the ones written
explicitly on the live weighted-sum sheet.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from crm_select.models.i18n_text import Lang
from crm_select.reports.palette import MARK_FILL, OPTION_COLOURS
from crm_select.reports.report_data import ReportData, in_report_language
from crm_select.reports.safe import neutralise
from crm_select.reports.tables import SHEETS, Table, build_tables, tr

SYMBOLS = {"RUB": "₽", "USD": "$", "EUR": "€", "GBP": "£", "INR": "₹"}
#: Where the live weighted-sum sheet keeps its weights: (row, first column), zero-based.
WEIGHT_ROW = 4
FIRST_CRITERION_COL = 1
#: Tables whose text cells wrap (long words in narrow columns): the assumptions register.
WRAPPED = frozenset({"assumptions"})
#: Column widths of the assumptions sheet: section, assumption, value, unit, source.
ASSUMPTION_WIDTHS = (22, 44, 48, 26, 44)


def money_format(currency: str) -> str:
    """Excel number format for whole amounts of ``currency``: ``#,##0 "₽"``."""
    return f'#,##0 "{SYMBOLS.get(currency, currency)}"'


class _Formats:
    def __init__(self, wb: Workbook, currency: str) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 13})
        self.note = wb.add_format({"italic": True, "font_color": "#555555"})
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDE5F0", "text_wrap": True, "valign": "top", "border": 1}
        )
        self.text = wb.add_format({"valign": "top"})
        self.wrapped = wb.add_format({"valign": "top", "text_wrap": True})
        numbers = {
            "money": money_format(currency),
            "percent": "0.0%",
            "score": "0.000",
            "number": "#,##0.00",
            "int": "0",
            "count": "#,##0",
            "years": "0.00",
            "code": "0",
        }
        self.kind = {k: wb.add_format({"num_format": f}) for k, f in numbers.items()}
        self.kind["text"] = self.text
        #: a cell better or worse than a baseline: the number format on a green or red fill
        self.marked = {
            (k, mark): wb.add_format({"num_format": f, "bg_color": MARK_FILL[mark]})
            for k, f in numbers.items()
            for mark in MARK_FILL
        }
        self.input = wb.add_format({"num_format": "0.0000", "bg_color": "#FFF2CC", "border": 1})
        self.bold = wb.add_format({"bold": True})
        self.score = self.kind["score"]


def _write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | np.integer | np.floating):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(neutralise(str(value))), fmt)


def write_table(ws: Worksheet, fm: _Formats, table: Table, row: int) -> tuple[int, int, int]:
    """Write a title, header and rows at ``row``; return (header row, last data row, next row)."""
    ws.write_string(row, 0, neutralise(table.title), fm.title)
    row += 1
    if table.note:
        ws.write_string(row, 0, neutralise(table.note), fm.note)
        row += 1
    header = row
    for c, name in enumerate(table.df.columns):
        ws.write_string(row, c, neutralise(str(name)), fm.header)
    text = fm.wrapped if table.key in WRAPPED else fm.text
    for r, values in enumerate(table.df.itertuples(index=False)):
        row += 1
        for c, v in enumerate(values):
            kind = table.kind(r, c)
            mark = table.marks.get((r, c))
            fmt = fm.marked[(kind, mark)] if mark and kind != "text" else fm.kind[kind]
            _write_value(ws, row, c, v, text if kind == "text" else fmt)
    last = row
    if table.heatmap and len(table.df):
        numeric = sorted(c for c, k in table.kinds.items() if k != "text")
        if numeric:
            ws.conditional_format(
                header + 1,
                numeric[0],
                last,
                numeric[-1],
                {
                    "type": "3_color_scale",
                    "min_color": "#F8696B",
                    "mid_color": "#FFEB84",
                    "max_color": "#63BE7B",
                },
            )
    return header, last, row + 2


def _widths(ws: Worksheet, tables: list[Table]) -> None:
    width: dict[int, int] = {}
    for t in tables:
        for c, name in enumerate(t.df.columns):
            longest = max(
                [len(str(name)) // 2 + 2] + [len(str(v)) for v in t.df.iloc[:, c].head(50)]
            )
            width[c] = max(width.get(c, 8), min(longest + 2, 60 if c == 0 else 28))
    for c, w in width.items():
        ws.set_column(c, c, w)


def _live_sheet(wb: Workbook, fm: _Formats, data: ReportData, lang: Lang, name: str) -> None:
    """The weighted sum with live formulas: weights in row WEIGHT_ROW drive scores and ranks.

    Min-max normalisation per criterion, ``(x - min) / (max - min)`` for benefit and
    ``(max - x) / (max - min)`` for cost (0 when every option has the same value), then
    ``score = SUMPRODUCT(weights, normalised) / SUM(weights)`` and ``RANK(score, scores)``.
    """
    t = tr(lang)
    ws = wb.add_worksheet(name)
    res = data.ranking
    crit = list(res.criteria)
    opts = list(res.options)
    m, n = len(opts), len(crit)
    c0 = FIRST_CRITERION_COL
    cl = c0 + n - 1
    w_range = f"${xl_col_to_name(c0)}${WEIGHT_ROW + 1}:${xl_col_to_name(cl)}${WEIGHT_ROW + 1}"
    ws.write_string(0, 0, name, fm.title)
    ws.write_string(1, 0, t("live_note", row=WEIGHT_ROW + 1), fm.note)
    header = 3
    ws.write_string(header, 0, t("col.criterion"), fm.header)
    for j, c in enumerate(crit):
        ws.write_string(header, c0 + j, neutralise(data.criterion_name(c, lang)), fm.header)
    ws.write_string(WEIGHT_ROW, 0, t("live_weights"), fm.bold)
    for j, c in enumerate(crit):
        ws.write_number(WEIGHT_ROW, c0 + j, res.weights[c], fm.input)
    dir_row, min_row, max_row = WEIGHT_ROW + 1, WEIGHT_ROW + 2, WEIGHT_ROW + 3
    ws.write_string(dir_row, 0, t("live_direction"))
    ws.write_string(min_row, 0, t("live_min"))
    ws.write_string(max_row, 0, t("live_max"))
    val_title = max_row + 2
    ws.write_string(val_title, 0, t("live_values"), fm.title)
    v0 = val_title + 1
    dm = data.decision.matrix
    values = np.asarray(dm.values, dtype=float)
    for i, o in enumerate(opts):
        ws.write_string(v0 + i, 0, neutralise(data.option_name(o)))
        for j in range(n):
            ws.write_number(v0 + i, c0 + j, values[i, j], fm.kind["number"])
    for j in range(n):
        col = xl_col_to_name(c0 + j)
        rng = f"{col}${v0 + 1}:{col}${v0 + m}"
        ws.write_number(
            dir_row, c0 + j, int(res.explained.extra.get("directions", dm.directions)[j])
        )
        ws.write_formula(min_row, c0 + j, f"=MIN({rng})", fm.kind["number"], values[:, j].min())
        ws.write_formula(max_row, c0 + j, f"=MAX({rng})", fm.kind["number"], values[:, j].max())
    norm_title = v0 + m + 1
    ws.write_string(norm_title, 0, t("live_normalised"), fm.title)
    n_header = norm_title + 1
    ws.write_string(n_header, 0, t("col.option"), fm.header)
    for j, c in enumerate(crit):
        ws.write_string(n_header, c0 + j, neutralise(data.criterion_name(c, lang)), fm.header)
    score_col, rank_col = cl + 1, cl + 2
    ws.write_string(n_header, score_col, t("live_score"), fm.header)
    ws.write_string(n_header, rank_col, t("live_rank"), fm.header)
    n0 = n_header + 1
    normalised = res.explained.extra.get("normalised")
    s_range = f"${xl_col_to_name(score_col)}${n0 + 1}:${xl_col_to_name(score_col)}${n0 + m}"
    for i, o in enumerate(opts):
        r = n0 + i
        ws.write_string(r, 0, neutralise(data.option_name(o)))
        for j in range(n):
            x = xl_rowcol_to_cell(v0 + i, c0 + j)
            lo = xl_rowcol_to_cell(min_row, c0 + j, row_abs=True)
            hi = xl_rowcol_to_cell(max_row, c0 + j, row_abs=True)
            d = xl_rowcol_to_cell(dir_row, c0 + j, row_abs=True)
            f = f"=IF({hi}={lo},0,IF({d}=1,({x}-{lo})/({hi}-{lo}),({hi}-{x})/({hi}-{lo})))"
            cached = float(normalised[i, j]) if normalised is not None else 0.0
            ws.write_formula(r, c0 + j, f, fm.kind["score"], cached)
        row_rng = f"{xl_col_to_name(c0)}{r + 1}:{xl_col_to_name(cl)}{r + 1}"
        ws.write_formula(
            r, score_col, f"=SUMPRODUCT({w_range},{row_rng})/SUM({w_range})", fm.score,
            float(res.scores[i]),
        )  # fmt: skip
        ws.write_formula(
            r, rank_col, f"=RANK({xl_rowcol_to_cell(r, score_col)},{s_range},0)", fm.kind["int"],
            int(res.ranks[i]),
        )  # fmt: skip
    ws.conditional_format(
        n0, c0, n0 + m - 1, cl,
        {"type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B"},
    )  # fmt: skip
    ws.set_column(0, 0, 40)
    ws.set_column(c0, rank_col, 14)
    ws.freeze_panes(header + 1, 1)


def _ranking_chart(
    wb: Workbook, ws: Worksheet, sheet: str, header: int, last: int, lang: Lang
) -> None:
    t = tr(lang)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": t("chart_ranking"),
            "categories": [sheet, header + 1, 1, last, 1],
            "values": [sheet, header + 1, 4, last, 4],
            "fill": {"color": OPTION_COLOURS[0]},
            "data_labels": {"value": True, "num_format": "0.000"},
        }
    )
    chart.set_title({"name": t("chart_ranking")})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    chart.set_size({"width": 720, "height": 90 + 40 * (last - header)})
    ws.insert_chart(last + 3, 1, chart)


@dataclass(frozen=True)
class _Placed:
    """A table written on a sheet: the sheet's name, its header row and its last row."""

    sheet: str
    header: int
    last: int


def _tco_chart(
    wb: Workbook, ws: Worksheet, table: Table, at: _Placed, *, lang: Lang, currency: str
) -> None:
    """The TCO totals as a stacked column chart beside the table, one series a category."""
    sheet, header, last = at.sheet, at.header, at.last
    t = tr(lang)
    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    for c in range(1, table.df.shape[1]):
        chart.add_series(
            {
                "name": [sheet, header, c],
                "categories": [sheet, header + 1, 0, last, 0],
                "values": [sheet, header + 1, c, last, c],
            }
        )
    chart.set_title({"name": t("chart_tco")})
    chart.set_y_axis(
        {"num_format": money_format(currency), "name": t("axis_money", currency=currency)}
    )
    chart.set_size({"width": 900, "height": 480})
    ws.insert_chart(1, table.df.shape[1] + 1, chart)


@in_report_language
def write_workbook(data: ReportData, lang: Lang, target: Any) -> None:
    """Write the comparison workbook to a path or a binary file object."""
    t = tr(lang)
    tables = build_tables(data, lang)
    wb = xlsxwriter.Workbook(
        target,
        {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False},
    )
    fm = _Formats(wb, data.currency)
    wb.set_properties(
        {"title": neutralise(t("title")), "subject": neutralise(data.scenario.title(lang))}
    )
    for sheet_key in SHEETS:
        name = t(f"sheet.{sheet_key}")[:31]
        if sheet_key == "weighted_sum":
            if data.ranking.method == "wsm" and data.ranking.normalisation == "minmax":
                _live_sheet(wb, fm, data, lang, name)
            continue
        on_sheet = [x for x in tables.values() if x.sheet == sheet_key]
        if not on_sheet and sheet_key == "realisation":
            continue  # no record after go-live: no empty sheet
        ws = wb.add_worksheet(name)
        row = 0
        first_header = None
        for table in on_sheet:
            header, last, row = write_table(ws, fm, table, row)
            first_header = header if first_header is None else first_header
            if table.key == "assumptions" and len(table.df):
                ws.autofilter(header, 0, last, table.df.shape[1] - 1)
            if table.key == "summary":
                _ranking_chart(wb, ws, name, header, last, lang)
                row = max(row, last + 5 + (90 + 40 * (last - header)) // 20)
            if table.key == "tco_totals":
                placed = _Placed(name, header, last)
                _tco_chart(wb, ws, table, placed, lang=lang, currency=data.currency)
                row = max(row, 28)
        if first_header is not None:
            ws.freeze_panes(
                first_header + 1, 1 if sheet_key in ("scores", "tco", "roi", "methods") else 0
            )
        _widths(ws, on_sheet)
        if sheet_key == "assumptions":
            for c, width in enumerate(ASSUMPTION_WIDTHS):
                ws.set_column(c, c, width)
    wb.close()


def to_xlsx_bytes(data: ReportData, lang: Lang) -> bytes:
    """The comparison workbook as bytes (for a download button)."""
    buf = io.BytesIO()
    write_workbook(data, lang, buf)
    return buf.getvalue()
