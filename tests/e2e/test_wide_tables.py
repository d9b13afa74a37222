"""The TCO & ROI page at 1400 px in a real browser: its tables, the side-by-side comparison of
kept scenarios too, show every column without scrolling sideways (a wide table comes in parts);
at 1024 px in Russian the Ranking page's tables (the place table's long names, all five
methods) and the TCO & ROI page's tables and run form show every column and whole labels. The
HTML report's widths and the app's offline favicon are checked on the consultant's journey
(test_consultant_and_rater.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from crm_select.locales import translate
from tests.e2e.conftest import go, new_tab, settle_page, shot

pytestmark = pytest.mark.browser
# the grids' inner scroller: wider than its box when a column is off screen
GRIDS_OVERFLOWING = """() => [...document.querySelectorAll("[data-testid=stDataFrame] .dvn-scroller")]
    .filter(s => s.clientWidth > 0 && s.scrollWidth > s.clientWidth + 1).length"""


def test_the_finance_tables_show_every_column_at_1400_px(page: Page) -> None:
    go(page, "6 · TCO & ROI")
    page.get_by_role("button", name="Run simulation").click()
    settle_page(page, 1500)
    assert page.locator("[data-testid=stDataFrame]").count() >= 2
    assert page.evaluate(GRIDS_OVERFLOWING) == 0
    shot(page, "finance-tables-1400")
    # the side-by-side comparison (the current assumptions kept once, if nothing is kept yet)
    page.get_by_role("tab", name="Compare scenarios").click()
    if page.get_by_text("No scenario kept yet").count():
        page.get_by_role("button", name="Keep for comparison").click()
        settle_page(page, 1500)
        page.get_by_role("tab", name="Compare scenarios").click()
    settle_page(page, 1500)
    expect(page.get_by_text("Green: better than").first).to_be_visible()
    assert page.evaluate(GRIDS_OVERFLOWING) == 0
    shot(page, "finance-comparison-1400")


# a label cut short: its text box is wider than what it shows, or it runs off the window
CUT_LABELS = """() => [...document.querySelectorAll("[data-testid=stCheckbox] label p, [data-testid=stWidgetLabel] p")]
    .filter(e => e.clientWidth > 0 && (e.scrollWidth > e.clientWidth + 1
        || e.getBoundingClientRect().right > window.innerWidth))
    .map(e => e.textContent)"""


def test_ranking_and_finance_show_every_column_and_label_at_1024_px_in_russian(
    browser: Browser, server: str
) -> None:
    pg = new_tab(browser, server, locale="ru-RU")
    pg.set_viewport_size({"width": 1024, "height": 1400})
    try:
        go(pg, translate("nav.ranking", "ru"), 800)
        # the place table (options' names whole), all methods and their agreement: all columns
        expect(pg.get_by_text(translate("ranking.winner", "ru", name="")).first).to_be_visible()
        expect(
            pg.locator("[data-testid=stDataFrame] th", has_text="PROMETHEE II").first
        ).to_be_attached()
        assert pg.evaluate(GRIDS_OVERFLOWING) == 0
        assert pg.evaluate(CUT_LABELS) == []
        shot(pg, "ranking-1024-ru")

        go(pg, translate("nav.finance", "ru"))
        expect(pg.get_by_text("10 000").first).to_be_visible()  # the trials, grouped
        pg.get_by_role("button", name=translate("finance.run", "ru")).click()
        expect(pg.get_by_text("10 000 испытаний").first).to_be_visible()
        settle_page(pg, 1500)
        # payback, ES5 and the licence share in view: the summary comes in parts
        for key in ("finance.licence_share", "report.col.es5", "finance.payback"):
            header = pg.locator("[data-testid=stDataFrame] th", has_text=translate(key, "ru"))
            expect(header.first).to_be_attached()
        assert pg.evaluate(GRIDS_OVERFLOWING) == 0
        assert "Латинский гиперкуб" in pg.evaluate(
            """() => [...document.querySelectorAll("[data-testid=stCheckbox] label p")]
                .map(e => e.textContent)"""
        )
        assert pg.evaluate(CUT_LABELS) == []
        shot(pg, "finance-tables-1024-ru")
    finally:
        pg.context.close()
