"""A report is titled and described in its own language: the example's name and description
come in English and Russian, and the HTML, PDF, workbook and deck in Russian show the Russian
ones (in English the English ones). The reference is the example file itself, read as YAML."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from pptx import Presentation

from crm_select.models.i18n_text import Lang
from crm_select.services import report
from crm_select.services.report import ReportData
from tests.reports.conftest import B2B
from tests.reports.test_report_language import _deck_text, _other, _pdf_text

EXAMPLE: dict[str, Any] = yaml.safe_load(B2B.read_text(encoding="utf-8"))
TITLE: dict[Lang, str] = EXAMPLE["name"]
ABOUT: dict[Lang, str] = EXAMPLE["description"]


def test_the_example_is_titled_in_both_languages() -> None:
    assert set(TITLE) == set(ABOUT) == {"en", "ru"}
    assert "дистрибьютор" in TITLE["ru"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_format_titles_the_report_in_its_language(
    b2b: ReportData, lang: Lang, tmp_path: Path
) -> None:
    html = report.html(b2b, lang)
    pdf = _pdf_text(b2b, lang, tmp_path)
    deck = _deck_text(b2b, lang)
    for fmt, text in {"html": html, "pdf": pdf, "deck": deck}.items():
        assert TITLE[lang] in text, (fmt, lang)
        assert TITLE[_other(lang)] not in text, (fmt, lang)
    first_words = " ".join(ABOUT[lang].split()[:6])  # the PDF and deck wrap the description
    assert first_words in " ".join(html.split()), lang
    assert first_words in pdf, lang
    assert " ".join(ABOUT[_other(lang)].split()[:6]) not in pdf, lang
    workbook = load_workbook(io.BytesIO(report.xlsx(b2b, lang)))
    assert workbook.properties.subject == TITLE[lang]
    deck_file = Presentation(io.BytesIO(report.pptx(b2b, lang)))
    assert deck_file.core_properties.title == TITLE[lang]


def test_one_rendering_does_not_retitle_another(b2b: ReportData) -> None:
    """Rendering in Russian first leaves the English rendering English (the data keeps both)."""
    assert TITLE["ru"] in report.html(b2b, "ru")
    english = report.html(b2b, "en")
    assert TITLE["en"] in english
    assert TITLE["ru"] not in english
    assert b2b.scenario.name == TITLE  # both languages kept
