"""The catalog's notes in the report's language: a Russian report or export shows the Russian
note where it used to show the English one (the Sources table of the HTML report, the workbook
and the CSV files)."""

from __future__ import annotations

import html
import io
import re
import zipfile

import openpyxl
import pytest

from crm_select.models.catalog import Catalog
from crm_select.models.i18n_text import Lang
from crm_select.reports.csv_export import to_csv_zip_bytes
from crm_select.reports.excel import to_xlsx_bytes
from crm_select.reports.html import to_html
from crm_select.reports.report_data import ReportData
from crm_select.reports.tables import build_tables

CYRILLIC = re.compile("[А-Яа-яЁё]")


def _pair(note: object) -> dict[str, str]:
    assert isinstance(note, dict), note
    assert note["en"] != note["ru"]
    return note


@pytest.fixture(scope="module")
def notes(catalog: Catalog) -> dict[str, dict[str, str]]:
    """One note of each kind the Sources table shows, for options of the b2b example: a
    licence price's, a source's, an infrastructure figure's and a partner rate card's."""
    amo, onec = catalog.get("amocrm"), catalog.get("1c-crm")
    card = catalog.rate_card("RU")
    assert card is not None
    assert onec.infrastructure.server_cost_year is not None
    return {
        "price": _pair(amo.edition("advanced").pricing.note),
        "source": _pair(onec.sources[0].note),
        "server": _pair(onec.infrastructure.server_cost_year.note),
        "rate": _pair(card.rate(onec.implementation.partner_tier).note),
    }


def _other(lang: Lang) -> Lang:
    return "en" if lang == "ru" else "ru"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_html_report_shows_the_notes_in_its_language(
    b2b: ReportData, notes: dict[str, dict[str, str]], lang: Lang
) -> None:
    page = html.unescape(to_html(b2b, lang, charts=False))
    for kind, note in notes.items():
        assert note[lang] in page, kind
        assert note[_other(lang)] not in page, kind


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_workbook_shows_the_notes_in_its_language(
    b2b: ReportData, notes: dict[str, dict[str, str]], lang: Lang
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(b2b, lang)))
    cells = {
        c
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    }
    for kind, note in notes.items():
        assert note[lang] in cells, kind
        assert note[_other(lang)] not in cells, kind


def test_the_russian_csv_shows_the_russian_notes(
    b2b: ReportData, notes: dict[str, dict[str, str]]
) -> None:
    with zipfile.ZipFile(io.BytesIO(to_csv_zip_bytes(b2b, "ru"))) as z:
        sources = z.read("sources.csv").decode("utf-8-sig")
    for kind, note in notes.items():
        assert note["ru"] in sources, kind
        assert note["en"] not in sources, kind


@pytest.mark.parametrize("example", ["b2b", "bank"])
def test_every_note_in_the_russian_sources_table_is_russian(
    example: str, request: pytest.FixtureRequest
) -> None:
    data: ReportData = request.getfixturevalue(example)
    table = build_tables(data, "ru")["sources"].df
    notes = [n for n in table.iloc[:, -1] if n]
    assert len(notes) >= 2 * len(data.option_ids)  # a price and a rate, at least, per option
    assert [n for n in notes if not CYRILLIC.search(n)] == []
    english = build_tables(data, "en")["sources"].df.iloc[:, -1]
    assert not set(notes) & set(english)
