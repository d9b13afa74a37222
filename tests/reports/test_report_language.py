"""Every report format names options and warnings in the report's language: a Russian report
shows the catalog's Russian names (``names: {ru: ...}``) of the options and of their editions
(in the price list), an English one the English names, and the warnings table says in words
what each warning concerns (no raw ids)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from crm_select.models.i18n_text import Lang
from crm_select.reports.tables import warnings_table
from crm_select.services import report
from crm_select.services.report import ReportData

# the b2b example's Bitrix24 (cloud), on its "Standard (50 users)" plan: the catalog's names
NAMES: dict[Lang, str] = {"ru": "Битрикс24 (облако)", "en": "Bitrix24 (cloud)"}
EDITIONS: dict[Lang, str] = {"ru": "Стандартный (50 пользователей)", "en": "Standard (50 users)"}


def _other(lang: Lang) -> Lang:
    return "en" if lang == "ru" else "ru"


def _pdf_text(data: ReportData, lang: Lang, tmp_path: Path) -> str:
    path = tmp_path / f"{lang}.pdf"
    path.write_bytes(report.pdf(data, lang))
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60, text=True
    )
    return " ".join(out.stdout.split())  # the PDF wraps long names across lines


def _xlsx_text(data: ReportData, lang: Lang) -> str:
    wb = load_workbook(io.BytesIO(report.xlsx(data, lang)), read_only=True)
    return "\n".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


def _csv_text(data: ReportData, lang: Lang) -> str:
    with zipfile.ZipFile(io.BytesIO(report.csv_zip(data, lang))) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist())


def _deck_text(data: ReportData, lang: Lang) -> str:
    prs = Presentation(io.BytesIO(report.pptx(data, lang)))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                texts += [str(c) for c in shape.chart.plots[0].categories]
    return "\n".join(texts)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_format_names_the_edition_in_the_report_language(
    b2b: ReportData, lang: Lang, tmp_path: Path
) -> None:
    texts = {
        "html": report.html(b2b, lang),
        "pdf": _pdf_text(b2b, lang, tmp_path),
        "xlsx": _xlsx_text(b2b, lang),
        "csv": _csv_text(b2b, lang),
        "recommendation": " ".join(report.recommendation(b2b, lang)),
    }
    for fmt, text in texts.items():
        assert NAMES[lang] in text, (fmt, lang)
        assert NAMES[_other(lang)] not in text, (fmt, lang)
        if fmt in ("xlsx", "csv"):  # the price list names the edition priced
            assert EDITIONS[lang] in text, (fmt, lang)
            assert EDITIONS[_other(lang)] not in text, (fmt, lang)
    # the deck names options (the chart categories and the headline) in the language too
    deck = _deck_text(b2b, lang)
    assert b2b.in_language(lang).option_name("bitrix24-cloud") in deck


def test_the_data_itself_stays_language_neutral(b2b: ReportData) -> None:
    """Rendering in Russian does not change what an English rendering shows afterwards."""
    assert b2b.in_language("ru").option_name("bitrix24-cloud") == NAMES["ru"]
    assert b2b.option_name("bitrix24-cloud") == NAMES["en"]
    assert b2b.in_language("en").option_name("bitrix24-cloud") == NAMES["en"]


def test_the_report_names_options_as_the_pages_do(b2b: ReportData) -> None:
    """One display name per option on every surface: the product, with " · edition" only when
    two options share it (never nested brackets)."""
    from crm_select.services.decision import open_decision

    d = open_decision(b2b.scenario, b2b.catalog)
    for lang in ("en", "ru"):
        assert {o: b2b.in_language(lang).option_name(o) for o in b2b.option_ids} == (
            d.option_names(lang)
        )
    assert b2b.option("bitrix24-cloud").label("ru") == (
        "Битрикс24 (облако) · Стандартный (50 пользователей)"
    )


@pytest.mark.parametrize(
    ("lang", "where", "headline"),
    [
        ("ru", "Sergey Petrov", "Пропущенные оценки исключаются"),
        ("en", "Sergey Petrov", "Missing scores are excluded"),
    ],
)
def test_warnings_name_what_they_concern_in_the_report_language(
    b2b: ReportData, lang: Lang, where: str, headline: str
) -> None:
    df = warnings_table(b2b.in_language(lang), lang).df
    cells = "\n".join(str(v) for v in df.to_numpy().ravel())
    # no raw codes or ids: the rater, the criteria and the options by name
    for raw in ("missing_scores", "zero_variance_criterion", "petrov", "partner_availability"):
        assert raw not in cells, raw
    assert "amocrm:" not in cells
    assert "bitrix24-cloud" not in cells
    assert where in cells
    assert headline in cells
    assert b2b.in_language(lang).option_name("bitrix24-cloud") in cells
