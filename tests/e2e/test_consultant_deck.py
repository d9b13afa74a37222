"""The consultant's journey in a real browser: brand the decision on the Report page (names,
colour, a logo file), download the deck, and python-pptx reads it back branded with the
application layer's ranking."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.decision import open_decision
from crm_select.services.ranking import rank

pytestmark = pytest.mark.browser


def test_the_consultant_brands_and_downloads_the_deck(
    own_page: Page, settle: Callable, tmp_path: Path
) -> None:
    page = own_page
    page.get_by_role("link", name="7 · Report").click()
    settle(page, 1500)
    page.get_by_text("Branding for the deck and the reports").click()
    form = page.get_by_test_id("stForm").filter(
        has=page.get_by_role("button", name="Save the branding")
    )
    form.get_by_label("Client", exact=True).fill("StroyOptTorg LLC")
    form.get_by_label("Consultant", exact=True).fill("Acme Consulting")
    logo = tmp_path / "acme.png"
    Image.new("RGB", (240, 80), (200, 80, 20)).save(logo)
    form.locator("input[type=file]").nth(1).set_input_files(str(logo))
    settle(page)
    form.get_by_role("button", name="Save the branding").click()
    settle(page, 1500)
    expect(page.get_by_text("Branding saved").first).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("button", name="Client deck (PowerPoint)").click()
    deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
    title: list[Any] = list(deck.slides[0].shapes)
    words = " ".join(s.text_frame.text for s in title if s.has_text_frame)
    assert "Prepared for StroyOptTorg LLC" in words
    assert "by Acme Consulting" in words
    [picture] = [s for s in title if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert picture.image.content_type == "image/png"

    catalog = load_catalog()
    ranked = rank(open_decision(load_scenario(EXAMPLE_SCENARIO, catalog), catalog)).ranking()
    chart: Any = next(s.chart for s in deck.slides[3].shapes if s.has_chart)
    assert list(chart.plots[0].series[0].values) == pytest.approx([r.score for r in ranked])
