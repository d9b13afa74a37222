"""The PDF's text has the ranking in the chosen language and its pages render; HTML is escaped."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from crm_select import locales
from crm_select.models.paths import CATALOG_PATH
from crm_select.reports.html import to_html
from crm_select.reports.pdf import to_pdf_bytes
from crm_select.reports.report_data import ReportData
from crm_select.reports.tables import build_tables

pytestmark = pytest.mark.slow  # renders the charts and the PDF
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return out.stdout.decode("utf-8")


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s)


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ("Рейтинг", "Рекомендация", "Оговорки", "70 %", "34 %")),
        ("en", ("Ranking", "Recommendation", "Caveats", "70 %", "34 %")),
    ],
)
def test_pdf_text_has_the_ranking(
    bank: ReportData, tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    txt = _squash(_pdf_text(to_pdf_bytes(bank, lang), tmp_path))  # type: ignore[arg-type]
    for w in words:
        assert w in txt, w
    ranking = [bank.in_language(lang).option_name(r.option) for r in bank.ranking.ranking()]  # type: ignore[arg-type]
    short = [name.split(" (")[0][:20] for name in ranking]
    positions = [txt.find(s) for s in short]
    assert all(p >= 0 for p in positions), dict(zip(short, positions, strict=True))
    winner_sentence = txt.find(short[0])
    assert winner_sentence < txt.find(short[-1])


@needs_poppler
def test_pdf_pages_render(b2b: ReportData, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(to_pdf_bytes(b2b, "en"))
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")], check=True, timeout=120
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 5
    assert all(p.stat().st_size > 1000 for p in pages)


def test_html_is_self_contained(b2b: ReportData) -> None:
    html = to_html(b2b, "en")
    assert html.startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in html
    assert b2b.option_name(b2b.winner) in html


def test_html_escapes_user_text(hostile: ReportData) -> None:
    html = to_html(hostile, "en", charts=False)
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "<b>x</b>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("lang", "title", "anchor"),
    [
        ("en", "What the points of each rating scale mean", "A free pilot on our own data"),
        ("ru", "Что означают баллы шкал оценок", "Бесплатный пилот на наших данных"),
    ],
)
def test_the_appendix_prints_the_anchors(
    b2b: ReportData, tmp_path: Path, lang: str, title: str, anchor: str
) -> None:
    html = to_html(b2b, lang, charts=False)  # type: ignore[arg-type]
    appendix = html[html.index('<table id="anchors">') :]
    assert title in appendix
    assert anchor in appendix
    rows = appendix[: appendix.index("</table>")].count("<tr>") - 1
    assert rows == 3 * len(b2b.scenario.criteria.rated)
    if shutil.which("pdftotext"):
        pdf_text = _squash(_pdf_text(to_pdf_bytes(b2b, lang), tmp_path))  # type: ignore[arg-type]
        assert title in pdf_text
        assert anchor in pdf_text


@needs_poppler
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_table_breaks_a_word(b2b: ReportData, tmp_path: Path, lang: str) -> None:
    """Narrow columns widen to their longest word (or the table's font shrinks) instead of
    breaking it: the Russian risk table once printed "Частичны / й" and "безубыточ / ности".
    A broken header word shows in the text as two pieces, the first no word of the catalogs."""
    words = {
        w
        for table in build_tables(b2b, lang).values()  # type: ignore[arg-type]
        for column in table.df.columns
        for w in re.findall(r"[^\W\d_]+", str(column))
        if len(w) >= 6
    }
    texts = [*locales.catalog(lang).values(), CATALOG_PATH.read_text(encoding="utf-8")]
    known = {w for v in texts for w in re.findall(r"[^\W\d_]+", v)}  # words, not pieces
    text = _pdf_text(to_pdf_bytes(b2b, lang), tmp_path)  # type: ignore[arg-type]
    found = set(re.findall(r"[^\W\d_]+(?:[’'][^\W\d_]+)*", text))  # "option's" one word
    broken = {
        (w, w[:k])
        for w in words
        for k in range(3, len(w))
        if w[:k] in found and w[k:] in found and w[:k] not in known
    }
    assert sorted(broken) == []
