"""The client deck: python-pptx reads it back with the services' numbers (native charts, titles,
notes, branding), both languages; LibreOffice converts it and one slide renders to PNG."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.slide import Slide

from crm_select.models.catalog import Catalog
from crm_select.models.confidence import ConfidenceSettings
from crm_select.models.i18n_text import Lang
from crm_select.models.loader import load_scenario
from crm_select.models.scenario import Scenario
from crm_select.models.weights_source import Aggregation, WeightsChoice, WeightsSource
from crm_select.services import report
from crm_select.services.confidence import Confidence, confidence, group_label
from crm_select.services.decision import open_decision
from crm_select.services.edits import BrandingEdit, set_branding
from crm_select.services.ranking import rank
from crm_select.services.report import ReportData, report_data
from scoring.weights import tree_weights
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


_built: dict[tuple[int, Lang], tuple[ReportData, bytes]] = {}


def deck_of(data: ReportData, lang: Lang) -> bytes:
    """The deck's bytes, built once per report data and language (the data is kept, so its id
    is not reused)."""
    key = (id(data), lang)
    if key not in _built:
        _built[key] = (data, report.pptx(data, lang))
    return _built[key][1]


def slides_of(data: ReportData, lang: Lang) -> list[Slide]:
    deck = Presentation(io.BytesIO(deck_of(data, lang)))
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


def words_on(slide: Slide) -> str:
    """Every text on the slide (titles, text boxes), one string."""
    shapes: list[Any] = list(slide.shapes)
    return " ".join(s.text_frame.text for s in shapes if s.has_text_frame)


def chart_on(slide: Slide) -> Any:
    """The slide's one chart (python-pptx types it loosely)."""
    [chart] = [s.chart for s in slide.shapes if s.has_chart]  # type: ignore[attr-defined]
    return chart


def test_the_deck_has_every_slide_with_its_title(data: ReportData) -> None:
    slides = slides_of(data, "en")
    titles = [title_of(s) for s in slides]
    winner = data.option_name(data.winner)
    assert titles == [
        data.scenario.title("en"),
        "The question and the shortlist",
        "What matters: the weights by interest",
        f"Ranking: {winner} comes first",
        "How sure are we? Decision confidence",
        "What is worth finding out before signing",
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
    chart = chart_on(slides_of(data, "en")[6])
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


@pytest.fixture(scope="module")
def joint(branded: Scenario, catalog: Catalog) -> Confidence:
    """The confidence service's own run for the deck's decision, trials and seed."""
    return confidence(open_decision(branded, catalog), run=ConfidenceSettings(trials=1000))


def test_the_confidence_slide_shows_the_service_s_numbers(
    data: ReportData, joint: Confidence
) -> None:
    """P(ranks first) and P(highest NPV) per option, most often first on top, equal to the
    confidence service's for the same decision and seed; the card's sentences beside them."""
    slide = slides_of(data, "en")[4]
    chart = chart_on(slide)
    order = sorted(joint.options, key=lambda o: -joint.joint.first_rank[joint.options.index(o)])
    assert list(chart.plots[0].categories) == [joint.names[o] for o in order]  # as the card
    first, best = chart.plots[0].series
    assert (first.name, best.name) == ("Ranks first", "Highest NPV")
    p_first = [float(joint.joint.first_rank[joint.options.index(o)]) for o in order]
    assert list(first.values) == pytest.approx(p_first, abs=1e-15)
    assert list(best.values) == pytest.approx([joint.npv.p_best[o] for o in order], abs=1e-15)
    assert sum(best.values) == pytest.approx(1.0)  # one option has the highest NPV in each trial
    words = words_on(slide)
    rec = joint.card.recommended
    assert f"Recommended: {joint.names[rec]}" in words
    assert f"ranks first in {round(100 * joint.card.confidence)}% of 1,000 joint trials" in words
    notes = notes_of(slide)
    assert f"1,000 joint trials with seed {joint.seed}" in notes
    assert "CRM Select" in notes


def test_the_value_of_information_slide_lists_the_largest_groups(
    data: ReportData, joint: Confidence
) -> None:
    """The five input groups worth most to pin down, largest first, with the service's EVPPI,
    and the expected value of perfect information on everything."""
    slide = slides_of(data, "en")[5]
    [table] = [s.table for s in slide.shapes if s.has_table]  # type: ignore[attr-defined]
    largest = sorted(joint.groups, key=lambda g: -(g.money.evppi if g.money else 0.0))[:5]
    names = {o: data.option_name(o) for o in joint.options}
    cells = [[table.cell(i, j).text.replace("\u00a0", " ") for j in range(5)]
             for i in range(1, len(table.rows))]  # fmt: skip
    assert [r[0] for r in cells] == [group_label(joint, g.key, "en", names) for g in largest]
    money = [g.money.evppi if g.money else None for g in largest]
    assert [r[1] for r in cells] == ["–" if m is None else f"RUB {m:,.0f}" for m in money]
    assert [r[4] for r in cells] == [names[g.decision.low.winner] for g in largest]
    words = words_on(slide)
    assert f"RUB {joint.card.evpi / 1e6:.1f}M" in words.replace("\u00a0", " ")
    assert f"The 5 largest of {len(joint.groups)} input groups" in notes_of(slide)


def test_the_russian_confidence_slides(data: ReportData) -> None:
    slides = slides_of(data, "ru")
    assert title_of(slides[4]) == "Насколько мы уверены? Уверенность в решении"
    assert title_of(slides[5]) == "Что стоит выяснить до подписания"
    first, best = chart_on(slides[4]).plots[0].series
    assert (first.name, best.name) == ("На первом месте", "Наибольшая NPV")
    words = words_on(slides[4])
    assert "Рекомендация:" in words
    assert "1 000 совместных испытаний" in notes_of(slides[4]).replace("\u00a0", " ")


def test_without_a_confidence_run_the_deck_has_no_confidence_slides(data: ReportData) -> None:
    titles = [title_of(s) for s in slides_of(replace(data, confidence=None), "en")]
    assert len(titles) == 8
    assert not any("sure" in t or "worth finding" in t for t in titles)


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (apt-get install libreoffice-impress-nogui) or poppler-utils is not "
    "installed; .ci/run installs both",
)
def test_libreoffice_converts_the_deck_and_every_slide_renders(
    data: ReportData, tmp_path: Path
) -> None:
    """LibreOffice (headless, the Debian package) converts the English and the Russian deck to
    PDF without an error, one page per slide with the slides' titles, and every page renders to
    a drawn PNG (kept under test-artifacts/ to look at)."""
    langs: tuple[Lang, ...] = ("en", "ru")
    decks = [tmp_path / f"deck-{lang}.pptx" for lang in langs]
    for lang, deck in zip(langs, decks, strict=True):
        deck.write_bytes(deck_of(data, lang))
    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice writes its profile under HOME
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, decks)],
        check=True, timeout=240, capture_output=True, env=env,
    )  # fmt: skip
    assert b"Error" not in done.stderr, done.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        titles = [title_of(s) for s in slides_of(data, lang)]
        pdf = tmp_path / f"deck-{lang}.pdf"
        assert pdf.stat().st_size > 10_000
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, timeout=60)
        pages = next(ln for ln in info.stdout.decode().splitlines() if ln.startswith("Pages:"))
        assert int(pages.split()[1]) == len(titles)
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, timeout=60
        ).stdout.decode("utf-8")
        flat = " ".join(text.split())
        for title in titles:
            assert " ".join(title.split()) in flat
        stem = tmp_path / f"s-{lang}"
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(stem)], check=True,
                       timeout=120)  # fmt: skip
        pngs = sorted(tmp_path.glob(f"s-{lang}-*.png"))
        assert len(pngs) == len(titles)
        for i, png in enumerate(pngs, start=1):
            with Image.open(png) as img:
                assert img.width > 600
                colours = img.convert("RGB").getcolors(maxcolors=1_000_000) or []
            assert len(colours) > 50, f"{lang} slide {i} is blank"  # drawn text or a chart
            shutil.copy(png, ARTIFACTS / f"deck-{lang}-{i:02d}.png")


def table_column(slide: Slide, column: int) -> list[str]:
    """The texts of one column of the slide's table, without its header."""
    [table] = [s.table for s in slide.shapes if s.has_table]  # type: ignore[attr-defined]
    return [row.cells[column].text for row in list(table.rows)[1:]]


def test_the_shortlist_names_the_options_in_the_deck_s_language(data: ReportData) -> None:
    ru = table_column(slides_of(data, "ru")[1], 0)
    en = table_column(slides_of(data, "en")[1], 0)
    assert "1С-Битрикс24, коробочная версия" in ru  # the catalog's Russian name
    assert "1C-Bitrix24 on-premise (boxed)" in en
    assert not set(ru) & {"1C-Bitrix24 on-premise (boxed)", "Bitrix24 (cloud)"}


def test_the_weights_slide_s_notes_say_whose_weights_and_how_aggregated(
    data: ReportData, branded: Scenario
) -> None:
    """Group weights adopted from a weighting round (AIJ): the weights slide's speaker notes
    carry the provenance line, who adopted which weights from which round, how, when."""
    source = WeightsSource(
        choice=WeightsChoice.GROUP,
        workspace="ws1",
        round=2,
        members=["Anna", "Boris", "Chen"],
        aggregation=Aggregation.AIJ_GEOMETRIC,
        effective=tree_weights(branded.criteria).effective,
        adopted_by="Fiona",
        adopted_at=dt.datetime(2026, 11, 28, 21, 5, tzinfo=dt.UTC),
    )
    adopted = replace(data, scenario=branded.model_copy(update={"weights_source": source}))
    en = notes_of(slides_of(adopted, "en")[2])
    assert (
        "Weights: group of 3 members (Anna, Boris, Chen; AIJ, the priorities of the geometric "
        "mean of the members' judgements), weighting round 2, adopted by Fiona at 2026-11-28"
    ) in en
    ru = notes_of(slides_of(adopted, "ru")[2])
    assert (
        "Веса: группа из 3 участников (Anna, Boris, Chen; AIJ — приоритеты среднего "
        "геометрического суждений участников), раунд взвешивания 2, приняты: Fiona, 28.11.2026"
    ) in ru
    assert "Weights: group" not in notes_of(slides_of(data, "en")[2])  # nobody adopted any


def test_the_russian_deck_names_no_option_in_english(data: ReportData) -> None:
    """Every chart's categories and every table cell of the Russian deck: no option's English
    name (the catalog's, with or without its edition) where the Russian one differs."""
    english = {"Bitrix24 (cloud)", "1C-Bitrix24 on-premise (boxed)", "1C:CRM PROF / CORP 3.1"}
    english |= {ro.name for ro in data.resolved}  # "amoCRM · Advanced": with the edition
    texts: list[str] = []
    for slide in slides_of(data, "ru"):
        for shape in slide.shapes:
            if shape.has_chart:
                texts += [str(c) for c in shape.chart.plots[0].categories]  # type: ignore[attr-defined]
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]  # type: ignore[attr-defined]
    assert "Битрикс24 (облако)" in texts
    assert not [t for t in texts if any(name in t for name in english)]
