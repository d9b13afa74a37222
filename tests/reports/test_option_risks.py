"""The catalog's risk notes reach the reader: the report's risk section (HTML and PDF), the
workbook's Risks sheet, the CSV files and the deck's risks slide show each shortlisted option's
notes in the report's language, beside its risk facts. Every expected text is read from
data/vendors.yaml itself, not from the code under test."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from pptx import Presentation

from crm_select.locales import translate
from crm_select.models.i18n_text import Lang
from crm_select.models.paths import CATALOG_PATH
from crm_select.reports.csv_export import to_csv_zip_bytes
from crm_select.reports.excel import to_xlsx_bytes
from crm_select.reports.html import to_html
from crm_select.reports.pdf import to_pdf_bytes
from crm_select.reports.report_data import ReportData
from crm_select.reports.tables import build_tables
from crm_select.services import report


@cache
def _yaml_options() -> dict[str, dict[str, Any]]:
    """The catalog file's options by id, as YAML reads them (no model, no code under test)."""
    raw = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    return {o["id"]: o for o in raw["options"]}


def yaml_notes(option_id: str, lang: Lang) -> list[str]:
    """An option's risk notes in ``lang`` as the YAML file writes them."""
    return [n[lang] for n in _yaml_options()[option_id]["risk"]["notes"]]


def _other(lang: Lang) -> Lang:
    return "en" if lang == "ru" else "ru"


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def test_every_note_of_the_examples_shortlists_is_bilingual() -> None:
    """The premise of the tests below: each shortlisted option of the examples has notes, each
    with its own text in each language."""
    for oid in ("amocrm", "bitrix24-cloud", "bitrix24-box", "1c-crm", "creatio", "custom-agency"):
        notes = _yaml_options()[oid]["risk"]["notes"]
        assert len(notes) >= 3, oid
        assert all(n["en"] != n["ru"] for n in notes), oid


@pytest.mark.parametrize("example", ["b2b", "bank"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_report_data_carries_each_option_s_facts_and_notes(
    example: str, lang: Lang, request: pytest.FixtureRequest
) -> None:
    data: ReportData = request.getfixturevalue(example)
    risks = data.in_language(lang).risks
    assert [r.option_id for r in risks] == data.option_ids  # shortlist order
    for r in risks:
        raw = _yaml_options()[r.option_id]["risk"]
        assert list(r.notes) == yaml_notes(r.option_id, lang)
        assert r.russia.value == raw["russia"]
        assert r.data_residency_ru == raw["data_residency_ru"]
        assert r.lifecycle.value == raw.get("lifecycle", "active")
        assert r.end_of_support == raw.get("end_of_support")
        assert (r.lock_in, r.vendor_viability) == (raw["lock_in"], raw["vendor_viability"])


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_facts_table_reads_the_catalog_s_facts(b2b: ReportData, lang: Lang) -> None:
    table = build_tables(b2b, lang)["risk_facts"].df
    assert len(table) == len(b2b.option_ids)
    for (_, row), oid in zip(table.iterrows(), b2b.option_ids, strict=True):
        raw = _yaml_options()[oid]["risk"]
        assert row.iloc[0] == b2b.in_language(lang).option_name(oid)
        assert row.iloc[1] == translate(f"russia.{raw['russia']}", lang)
        residency = {True: "yes", False: "no", None: "unknown"}[raw["data_residency_ru"]]
        assert row.iloc[2] == translate(f"risks.residency.{residency}", lang)
        assert row.iloc[4] == {"en": f"{raw['lock_in']} of 5", "ru": f"{raw['lock_in']} из 5"}[lang]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_html_report_lists_each_option_s_notes_in_its_language(
    b2b: ReportData, lang: Lang
) -> None:
    page = html.unescape(to_html(b2b, lang, charts=False))
    section = page[page.index(translate("risks.heading", lang)) :]
    section = section[: section.index(f"<h2>{translate('report.assumptions', lang)}")]
    for oid in b2b.option_ids:
        assert f"<h3>{b2b.in_language(lang).option_name(oid)}</h3>" in section
        for mine, theirs in zip(yaml_notes(oid, lang), yaml_notes(oid, _other(lang)), strict=True):
            assert f"<li>{mine}</li>" in section, mine
            assert theirs not in page, theirs


@pytest.mark.slow  # renders the charts and the PDF
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_russian_pdf_lists_the_russian_notes_not_the_english(
    bank: ReportData, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(to_pdf_bytes(bank, "ru"))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60)
    text = _squash(out.stdout.decode("utf-8"))
    section = text[text.index(translate("risks.heading", "ru")) :]
    for oid in bank.option_ids:
        for ru, en in zip(yaml_notes(oid, "ru"), yaml_notes(oid, "en"), strict=True):
            assert _squash(ru) in section, ru
            assert _squash(en) not in text, en


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_workbook_has_a_risks_sheet_in_its_language(b2b: ReportData, lang: Lang) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(b2b, lang)))
    name = translate("report.sheet.risks", lang)
    assert book.sheetnames.index(name) == book.sheetnames.index("ROI") + 1
    cells = [c for row in book[name].iter_rows(values_only=True) for c in row if c is not None]
    for oid in b2b.option_ids:
        for mine, theirs in zip(yaml_notes(oid, lang), yaml_notes(oid, _other(lang)), strict=True):
            assert mine in cells, mine
            assert theirs not in cells, theirs


def test_the_russian_csv_has_one_row_per_note(b2b: ReportData) -> None:
    with zipfile.ZipFile(io.BytesIO(to_csv_zip_bytes(b2b, "ru"))) as z:
        notes = z.read("risk_notes.csv").decode("utf-8-sig")
    expected = [n for oid in b2b.option_ids for n in yaml_notes(oid, "ru")]
    assert len(notes.strip().splitlines()) == 1 + len(expected)  # no note holds a line break
    for oid in b2b.option_ids:
        for ru, en in zip(yaml_notes(oid, "ru"), yaml_notes(oid, "en"), strict=True):
            assert ru in notes.replace('""', '"'), ru
            assert en not in notes, en


@pytest.mark.slow  # builds the deck with its charts
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_risks_slide_keeps_its_caveats_and_notes_the_leading_options_risks(
    bank: ReportData, lang: Lang
) -> None:
    deck = Presentation(io.BytesIO(report.pptx(bank, lang)))
    title = translate("report.deck.risks_title", lang)
    [slide] = [
        s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text == title
    ]
    body = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert translate("report.caveat_failure", lang) in body
    assert translate("report.caveat_tco", lang) in body
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    notes = frame.text
    ranking = [e.option for e in bank.ranking.ranking()]
    for oid in ranking[:2]:  # the recommended option and the fallback
        assert f"{bank.in_language(lang).option_name(oid)}:" in notes
        for mine, theirs in zip(yaml_notes(oid, lang), yaml_notes(oid, _other(lang)), strict=True):
            assert f"• {mine}" in notes, mine
            assert theirs not in notes, theirs
    leading = {n for oid in ranking[:2] for n in yaml_notes(oid, lang)}
    others = {n for oid in ranking[2:] for n in yaml_notes(oid, lang)} - leading
    assert others  # the other options' own notes stay in the report, off the slide
    assert not [n for n in others if n in notes]
    assert "CRM Select" in notes  # the provenance is still there
