"""The TCO & ROI page at 1400 px in a real browser: its tables, the side-by-side comparison of
kept scenarios too, show every column without scrolling sideways (a wide table comes in parts). The HTML report's widths and the app's
offline favicon are checked on the consultant's journey (test_consultant_and_rater.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import go, settle_page, shot

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
