"""The client deck: python-pptx reads it back with the services' numbers (native charts, titles,
notes, branding), both languages; LibreOffice converts it and one slide renders to PNG."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.slide import Slide

from crm_select.models.catalog import Catalog
from crm_select.models.i18n_text import Lang
from crm_select.models.loader import load_scenario
from crm_select.models.scenario import Scenario
from crm_select.services import report
from crm_select.services.decision import open_decision
from crm_select.services.edits import BrandingEdit, set_branding
from crm_select.services.ranking import rank
from crm_select.services.report import ReportData, report_data
from tests.reports.conftest import B2B

pytestmark = pytest.mark.slow  # builds the report data and renders the charts
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-artifacts" / "screenshots")


def logo(colour: tuple[int, int, int], size: tuple[int, int], fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


@pytest.fixture(scope="module")
def branded(catalog: Catalog) -> Scenario:
    edit = BrandingEdit(
        "StroyOptTorg LLC", "Acme Consulting", "#2E7D32",
        client_logo=logo((46, 125, 50), (300, 100)),
        consultant_logo=logo((200, 80, 20), (200, 200), "JPEG"),
    )  # fmt: skip
    return set_branding(load_scenario(B2B, catalog), edit)


@pytest.fixture(scope="module")
def data(branded: Scenario, catalog: Catalog) -> ReportData:
    return report_data(open_decision(branded, catalog), trials=1000)


def slides_of(data: ReportData, lang: Lang) -> list[Slide]:
    deck = Presentation(io.BytesIO(report.pptx(data, lang)))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    return list(deck.slides)


def title_of(slide: Slide) -> str:
    title = slide.shapes.title
    assert title is not None
    return title.text


def notes_of(slide: Slide) -> str:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    return frame.text


def chart_on(slide: Slide) -> Any:
    """The slide's one chart (python-pptx types it loosely)."""
    [chart] = [s.chart for s in slide.shapes if s.has_chart]  # type: ignore[attr-defined]
    return chart


def test_the_deck_has_every_slide_with_its_title(data: ReportData) -> None:
    slides = slides_of(data, "en")
    titles = [title_of(s) for s in slides]
    winner = data.option_name(data.winner)
    assert titles == [
        data.scenario.name,
        "The question and the shortlist",
        "What matters: the weights by interest",
        f"Ranking: {winner} comes first",
        "Total cost of ownership over 5 years, by category",
        "Net present value: the range of outcomes",
        "Risks and caveats",
        "Next steps",
    ]
    for s in slides:
        notes = notes_of(s)
        assert "CRM Select" in notes
        assert "1,000 trials" in notes or "1 000" in notes


def test_the_title_slide_names_client_and_consultant_with_both_logos(data: ReportData) -> None:
    shapes: list[Any] = list(slides_of(data, "en")[0].shapes)
    words = " ".join(s.text_frame.text for s in shapes if s.has_text_frame)
    assert "Prepared for StroyOptTorg LLC" in words
    assert "by Acme Consulting" in words
    pictures = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert sorted(p.image.content_type for p in pictures) == ["image/jpeg", "image/png"]


def test_ranking_chart_is_native_with_the_ranking_service_s_scores(
    data: ReportData, branded: Scenario, catalog: Catalog
) -> None:
    chart = chart_on(slides_of(data, "en")[3])
    ranked = rank(open_decision(branded, catalog)).ranking()
    assert list(chart.plots[0].categories) == [data.option_name(r.option) for r in ranked]
    [series] = chart.plots[0].series
    assert list(series.values) == pytest.approx([r.score for r in ranked], abs=1e-12)


def test_weights_chart_shows_each_interest_s_share(data: ReportData) -> None:
    chart = chart_on(slides_of(data, "en")[2])
    [series] = chart.plots[0].series
    assert sum(series.values) == pytest.approx(1.0)
    assert list(chart.plots[0].categories) == ["Functionality", "Deadlines", "Budget", "Risk"]
    shares = {"functionality": 35, "deadlines": 20, "budget": 25, "risk": 20}  # the file's points
    assert list(series.values) == pytest.approx([v / 100 for v in shares.values()], abs=1e-9)


def test_tco_chart_is_a_native_stacked_bar_adding_up_to_each_option_s_tco(
    data: ReportData,
) -> None:
    chart = chart_on(slides_of(data, "en")[4])
    assert "STACKED" in str(chart.chart_type)
    names = list(chart.plots[0].categories)
    assert names == [data.option_name(o) for o in data.option_ids]
    totals = [sum(s.values[i] for s in chart.plots[0].series) for i in range(len(names))]
    assert totals == pytest.approx([data.sim_option(o).tco for o in data.option_ids], rel=1e-9)


def test_the_russian_deck_speaks_russian(data: ReportData) -> None:
    titles = [title_of(s) for s in slides_of(data, "ru")]
    assert titles[1] == "Вопрос и короткий список"
    assert titles[-1] == "Следующие шаги"
    assert next(iter(chart_on(slides_of(data, "ru")[2]).plots[0].categories)) == "Функциональность"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (apt-get install libreoffice-impress-nogui) or poppler-utils is not "
    "installed; .ci/run installs both",
)
def test_libreoffice_converts_the_deck_and_a_slide_renders(
    data: ReportData, tmp_path: Path
) -> None:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(report.pptx(data, "en"))
    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice writes its profile under HOME
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        check=True, timeout=180, capture_output=True, env=env,
    )  # fmt: skip
    pdf = tmp_path / "deck.pdf"
    assert pdf.stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    assert data.scenario.name in text
    assert "Next steps" in text
    subprocess.run(
        ["pdftoppm", "-f", "4", "-l", "4", "-r", "60", "-png", str(pdf), str(tmp_path / "s")],
        check=True, timeout=60,
    )  # fmt: skip
    [png] = tmp_path.glob("s-*.png")
    with Image.open(png) as img:
        assert img.width > 600
        colours = img.convert("RGB").getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # a drawn chart, not a blank page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, ARTIFACTS / "deck-ranking.png")
