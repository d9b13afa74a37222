"""Offline and at projector widths, in a real browser: the app fetches nothing from the internet
(its favicon is the bundled file), the HTML report never runs wider than the window at 1400 and
1024 px with the payback, expected-shortfall and licence-share columns on screen, and the
TCO & ROI page's tables show every column without scrolling at 1400 px."""

from __future__ import annotations

import io
import urllib.request

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from crm_select.locales import Lang
from crm_select.models.paths import EXAMPLES_DIR, FAVICON
from crm_select.reports.html import to_html
from crm_select.reports.tables import tr
from crm_select.services.decision import load_decision
from crm_select.services.report import report_data
from tests.e2e.conftest import IDLE, go, settle_page, shot

pytestmark = pytest.mark.browser
WIDTHS = (1400, 1024)
# the grids' inner scroller: wider than its box when a column is off screen
GRIDS_OVERFLOWING = """() => [...document.querySelectorAll("[data-testid=stDataFrame] .dvn-scroller")]
    .filter(s => s.clientWidth > 0 && s.scrollWidth > s.clientWidth + 1).length"""


def test_the_app_fetches_nothing_from_the_internet(browser: Browser, server: str) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1800})
    outside: list[str] = []
    ctx.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url),
    )
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(server)
        page.wait_for_selector(IDLE)
        for name in ("5 · Ranking", "2 · Criteria & weights"):
            go(page, name)
        icon = page.evaluate("document.querySelector(\"link[rel='shortcut icon']\").href")
        assert icon.startswith(server), icon
        with urllib.request.urlopen(icon, timeout=10) as served:
            drawn = Image.open(io.BytesIO(served.read()))
        assert drawn.size == Image.open(FAVICON).size
        assert outside == []
    finally:
        ctx.close()


def _report(example: str, lang: Lang) -> str:
    decision = load_decision(EXAMPLES_DIR / example)
    return to_html(report_data(decision, trials=500), lang, charts=False)


@pytest.mark.parametrize(
    ("example", "lang"), [("b2b-distributor.yaml", "en"), ("bank-500.yaml", "ru")]
)
def test_the_html_report_fits_the_window_with_every_column_on_screen(
    browser: Browser, example: str, lang: Lang
) -> None:
    t = tr(lang)
    html = _report(example, lang)
    page = browser.new_page()
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.set_content(html)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            headers = page.locator("th")
            texts = headers.all_inner_texts()
            for wanted in (t("metric.payback"), t("col.es5"), t("col.licence_share")):
                found = [i for i, text in enumerate(texts) if text.startswith(wanted)]
                assert found, wanted
                for i in found:
                    box = headers.nth(i).bounding_box()
                    assert box is not None
                    assert box["x"] >= 0
                    assert box["x"] + box["width"] <= width, (wanted, width)
    finally:
        page.close()


def test_the_finance_tables_show_every_column_at_1400_px(page: Page) -> None:
    go(page, "6 · TCO & ROI")
    page.get_by_role("button", name="Run simulation").click()
    settle_page(page, 1500)
    assert page.locator("[data-testid=stDataFrame]").count() >= 2
    assert page.evaluate(GRIDS_OVERFLOWING) == 0
    shot(page, "finance-tables-1400")
