"""The report shows what each option delivers of every benefit lever (coverage × fit): the
table the TCO & ROI page shows per option, in the workbook's ROI sheet, the PDF, the HTML and
the CSV, in both languages."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from crm_select.models.i18n_text import Lang
from crm_select.reports.tables import build_tables
from crm_select.services import report
from crm_select.services.decision import open_decision
from crm_select.services.report import ReportData
from crm_select.services.simulation import lever_breakdown

pytestmark = pytest.mark.slow  # builds the report data

TITLE = {
    "en": "Benefit levers per option: coverage × fit",
    "ru": "Рычаги выгоды по вариантам: охват × соответствие",
}


def test_the_table_holds_every_option_s_enabled_levers_with_the_engine_s_shares(
    b2b: ReportData,
) -> None:
    table = build_tables(b2b, "en")["lever_shares"]
    assert table.sheet == "roi"
    df = table.df
    levers = b2b.scenario.finance.benefits.levers
    enabled = [
        n for n in type(levers).model_fields if n != "allow_overlap" and getattr(levers, n).enabled
    ]
    assert len(df) == len(b2b.option_ids) * len(enabled)
    for o in b2b.option_ids:
        rows = df[df["Option"] == b2b.option_name(o)]
        engine = b2b.sim_option(o).lever_shares  # what the Monte Carlo applied
        assert list(rows["Share"]) == pytest.approx([engine[n] for n in enabled], abs=1e-15)
        assert list(rows["Effective"]) == pytest.approx(
            list(rows["Benchmark"] * rows["Share"]), rel=1e-12
        )
    # the page's per-option tables (the service's) hold the same numbers
    decision = open_decision(b2b.scenario, b2b.catalog, b2b.measures)
    for o, shares in lever_breakdown(decision).items():
        assert [x.share for x in shares] == [b2b.sim_option(o).lever_shares[n] for n in enabled]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_workbook_pdf_html_and_csv_carry_it(
    b2b: ReportData, lang: Lang, tmp_path: Path
) -> None:
    wb = load_workbook(io.BytesIO(report.xlsx(b2b, lang)), read_only=True)
    roi = next(ws for ws in wb.worksheets if ws.title.startswith(("ROI", "Окупаем")))
    assert TITLE[lang] in [c for row in roi.iter_rows(values_only=True) for c in row if c]
    assert TITLE[lang] in report.html(b2b, lang)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.pdf(b2b, lang))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout
    flat = " ".join(text.decode("utf-8").split())
    assert TITLE[lang] in flat
    assert {"en": "Cross-sales", "ru": "Кросс-продажи"}[lang] in flat
    with zipfile.ZipFile(io.BytesIO(report.csv_zip(b2b, lang))) as z:
        assert any(n.endswith("lever_shares.csv") for n in z.namelist())
