"""The client-ready PDF report (fpdf2, DejaVu fonts for Cyrillic)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from crm_select.locales import translate
from crm_select.models.i18n_text import Lang, text
from crm_select.reports.brand import pdf_header
from crm_select.reports.charts import CHART_TITLES, FONT_DIR, ChartSet, report_charts
from crm_select.reports.column_widths import fit_widths
from crm_select.reports.narrative import (
    caveats,
    confidence_card,
    generated_line,
    recommendation,
)
from crm_select.reports.palette import MARK_FILL
from crm_select.reports.report_data import ReportData, in_report_language
from crm_select.reports.tables import Table, build_tables, by_section, formatted, tr

FONT = "DejaVu"
PAGE_W = 180  # A4 width minus margins, mm


class _Report(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        fonts = Path(FONT_DIR)
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(fonts / "DejaVuSans-Oblique.ttf"))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, 15)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(120)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}", align="R")
        self.set_text_color(0)


def _heading(pdf: _Report, title: str, size: int = 14) -> None:
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.55, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _para(pdf: _Report, body: str, size: float = 10, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, body, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _image(pdf: _Report, charts: ChartSet, key: str, width: float, lang: Lang) -> None:
    """The chart centred at ``width`` mm; a note in its place if it could not be drawn."""
    if key in charts.failed:
        _para(pdf, tr(lang)("chart_failed", chart=tr(lang)(CHART_TITLES[key])), 9, "I")
        return
    png = charts.get(key)
    if not png:
        return
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
    height = width * h / w
    if pdf.get_y() + height > pdf.h - 18:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (PAGE_W - width) / 2, w=width)
    pdf.ln(3)


def _table(
    pdf: _Report,
    table: Table,
    data: ReportData,
    lang: Lang,
    columns: list[int] | None = None,
    widths: Sequence[float] | None = None,
    size: float = 7.5,
) -> None:
    cols = columns if columns is not None else list(range(table.df.shape[1]))
    rows = formatted(table, data.currency, lang)
    header = [str(table.df.columns[c]) for c in cols]
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(0, 5, table.title, new_x="LMARGIN", new_y="NEXT")
    align = ["LEFT" if table.kinds.get(c, "text") == "text" else "RIGHT" for c in cols]
    size, w = _unbroken(pdf, [header, *([r[c] for c in cols] for r in rows)], widths, size)
    pdf.set_font(FONT, "", size)
    with pdf.table(
        col_widths=tuple(w),
        width=sum(w),
        text_align=tuple(align),
        headings_style=FontFace(emphasis="BOLD", fill_color=(221, 229, 240)),
        line_height=size * 0.5,
        padding=0.8,
        first_row_as_headings=True,
        repeat_headings=1,
    ) as tbl:
        tbl.row(header)
        for i, r in enumerate(rows):
            row = tbl.row()
            for c in cols:
                mark = table.marks.get((i, c))
                row.cell(r[c], style=FontFace(fill_color=MARK_FILL[mark]) if mark else None)
    if table.note:
        pdf.set_font(FONT, "I", 7)
        pdf.multi_cell(0, 3.5, table.note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


_PADDING = 0.8  # mm each side of a cell's text (the tables' ``padding``)
_SMALLEST = 5.5  # pt: the smallest font a table is set in to keep its words whole


def _unbroken(
    pdf: _Report, lines: list[list[str]], widths: Sequence[float] | None, size: float
) -> tuple[float, list[float]]:
    """The font size and column widths at which no word of the header (bold, ``lines[0]``) or
    of a cell breaks: the widths asked for, widened where a word needs it
    (:func:`fit_widths`), at ``size`` or the largest smaller size down to :data:`_SMALLEST`
    where they all fit; as asked when none does."""
    wanted = list(widths or [PAGE_W / len(lines[0])] * len(lines[0]))
    while True:
        least = [0.0] * len(wanted)
        for i, line in enumerate(lines):
            pdf.set_font(FONT, "B" if i == 0 else "", size)
            for c, cell in enumerate(line):
                # a line breaks at a plain space only (a no-break space holds "4 387 510 ₽")
                word = max((pdf.get_string_width(x) for x in cell.split(" ")), default=0.0)
                least[c] = max(least[c], word + 2 * _PADDING + 0.3)
        fitted = fit_widths(wanted, least)
        if fitted is not None:
            return size, fitted
        if size - 0.5 < _SMALLEST:
            return size, wanted
        size -= 0.5


def _risks(pdf: _Report, facts: Table, data: ReportData, lang: Lang) -> None:
    """The risk facts table, then each shortlisted option's risk notes under its name."""
    _heading(pdf, translate("risks.heading", lang))
    _table(pdf, facts, data, lang, widths=[44, 26, 34, 32, 20, 24], size=7.5)
    for r in data.risks:
        if pdf.get_y() > pdf.h - 40:  # a name never alone at a page's foot
            pdf.add_page()
        _para(pdf, r.name, 10, "B")
        notes = r.notes or (translate("risks.no_notes", lang),)
        for note in notes:
            _para(pdf, f"• {note}", 9)
        pdf.ln(1.5)


@in_report_language
def build_pdf(data: ReportData, lang: Lang) -> FPDF:
    """Lay out the report: title page, recommendation, charts, tables, assumptions, caveats."""
    t = tr(lang)
    sc = data.scenario
    tables = build_tables(data, lang)
    charts = report_charts(data, lang)
    pdf = _Report(f"{t('title')} · {sc.title(lang)}")
    pdf.set_title(t("title"))
    pdf.set_subject(sc.title(lang))
    pdf.set_creator("CRM Select")

    # --- title page ------------------------------------------------------------------
    pdf.add_page()
    pdf_header(pdf, data, lang, FONT)
    pdf.ln(45)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(0, 12, t("title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 14)
    pdf.multi_cell(
        0, 8, t("subtitle", name=sc.title(lang)), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    if sc.company.name:
        pdf.ln(2)
        pdf.multi_cell(
            0, 7, t("company", name=sc.company.name), align="C", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(10)
    if sc.description:
        _para(pdf, text(sc.description, lang), 10, "I")
    pdf.ln(6)
    _heading(pdf, t("recommendation"), 13)
    for line in recommendation(data, lang):
        _para(pdf, line, 11)
    heading, card = confidence_card(data, lang)
    if card:
        pdf.ln(3)
        _heading(pdf, heading, 12)
        for line in card:
            _para(pdf, line, 10)
    if pdf.get_y() < pdf.h - 45:  # the footer line at the page's foot, never over the text
        pdf.set_y(-40)
    else:
        pdf.ln(3)
    _para(pdf, generated_line(data, lang), 8)

    # --- ranking ---------------------------------------------------------------------
    pdf.add_page()
    _heading(pdf, t("ranking"))
    _image(pdf, charts, "ranking", 170, lang)
    _table(pdf, tables["summary"], data, lang, widths=[11, 38, 18, 20, 14, 24, 24, 14, 17], size=7)
    _table(
        pdf,
        tables["methods"],
        data,
        lang,
        columns=list(range(1 + len(data.methods.results))),
        widths=[60] + [24] * len(data.methods.results),
    )

    # --- balance ---------------------------------------------------------------------
    pdf.add_page()
    _heading(pdf, t("balance"))
    _para(pdf, t("balance_text"))
    _image(pdf, charts, "balance", 170, lang)
    _table(pdf, tables["groups"], data, lang, widths=[90, 40])
    if "acceptability" in tables:
        acc = tables["acceptability"]
        _table(
            pdf,
            acc,
            data,
            lang,
            widths=[60] + [120 / (acc.df.shape[1] - 1)] * (acc.df.shape[1] - 1),
        )
    if "confidence_ranks" in tables:
        ranks = tables["confidence_ranks"]
        n = ranks.df.shape[1] - 2  # the ranks and P(highest NPV), then the mean NPV
        _table(pdf, ranks, data, lang, widths=[46] + [106 / n] * n + [28], size=7)
        _table(pdf, tables["confidence_pairs"], data, lang,
               widths=[34, 34, 20, 24, 24, 24, 20], size=7)  # fmt: skip
        _table(pdf, tables["confidence_voi"], data, lang, widths=[62, 30, 30, 28, 30], size=7)
    if "committee" in tables and len(tables["committee"].df):
        com = tables["committee"]
        n = com.df.shape[1]
        _table(pdf, com, data, lang, columns=[0, 1, 2, n - 2, n - 1], widths=[40, 30, 70, 20, 20])

    # --- money -----------------------------------------------------------------------
    pdf.add_page()
    _heading(pdf, t("finance"))
    _image(pdf, charts, "tco", 175, lang)
    _image(pdf, charts, "npv", 170, lang)
    risk = tables["risk"]
    if len(risk.df):
        _table(pdf, risk, data, lang, widths=[28, 14, 22, 14, 14, 16, 14, 14, 16, 14, 14], size=6.5)
    roi = tables["roi"]
    _table(
        pdf,
        roi,
        data,
        lang,
        columns=[0, 1, 2, 3, 5, 11, 13, 14],
        widths=[44, 20, 20, 20, 16, 16, 22, 22],
        size=6.5,
    )
    _table(pdf, tables["lever_shares"], data, lang, widths=[46, 40, 18, 22, 16, 18, 18], size=7)

    if "finance_scenarios" in tables:
        _table(
            pdf,
            tables["finance_scenarios"],
            data,
            lang,
            widths=[24, 22, 17, 17, 17, 17, 12, 13, 12, 12, 17],
            size=6,
        )

    # --- tornado ---------------------------------------------------------------------
    if charts.get("tornado") or "tornado" in charts.failed:
        pdf.add_page()
        _heading(pdf, t("tornado", option=data.option_name(data.winner)))
        _image(pdf, charts, "tornado", 170, lang)
        _table(pdf, tables["tornado"], data, lang, widths=[50, 22, 22, 30, 30, 26], size=7)

    # --- forecast vs actual (after go-live) --------------------------------------------
    if "realisation_kpis" in tables:
        pdf.add_page()
        _heading(pdf, t("forecast_vs_actual"))
        _table(
            pdf,
            tables["realisation_kpis"],
            data,
            lang,
            widths=[30, 15, 22, 20, 20, 20, 14, 14, 12, 13],
            size=6,
        )
        _table(pdf, tables["realisation_levers"], data, lang, widths=[50, 18, 28, 28, 28, 28])
        _table(pdf, tables["realisation_npv"], data, lang, widths=[14, 26, 35, 35, 35, 35])
        _table(pdf, tables["realisation_spend"], data, lang, widths=[60, 40, 40, 30])

    # --- the shortlisted options' risks (the catalog's facts and notes) ----------------
    pdf.add_page()
    _risks(pdf, tables["risk_facts"], data, lang)

    # --- assumptions and caveats -----------------------------------------------------
    pdf.add_page()
    _heading(pdf, t("assumptions"))
    _table(pdf, tables["option_inputs"], data, lang, widths=[44, 28, 26, 16, 24, 24, 18], size=7)
    a = tables["assumptions"]
    _heading(pdf, a.title, 12)
    _para(pdf, a.note, 8, "I")
    for part in by_section(a):
        _table(pdf, part, data, lang, widths=[58, 52, 30, 40], size=7)
    if "anchors" in tables:
        _table(pdf, tables["anchors"], data, lang, widths=[50, 14, 116], size=7)
    _heading(pdf, t("caveats"))
    for line in caveats(data, lang):
        _para(pdf, line, 9)
    return pdf


def to_pdf_bytes(data: ReportData, lang: Lang) -> bytes:
    """The PDF report as bytes."""
    return bytes(build_pdf(data, lang).output())
