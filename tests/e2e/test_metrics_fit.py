"""The pages' headline figures (``st.metric``) show their whole label and value at 1024 px in
Russian, the longer language: a projector's width cuts "Пользователе…" or "откр…" otherwise."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import IDLE, settle_page, shot

pytestmark = pytest.mark.browser
# a metric's label or value cut with an ellipsis: its text box is wider than what it shows
CUT_METRICS = """() => [...document.querySelectorAll(
        "[data-testid=stMetricLabel] p, [data-testid=stMetricLabel] div, [data-testid=stMetricValue] div")]
    .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.textContent)"""


def test_the_overview_metrics_are_whole_at_1024_px_in_russian(
    browser: Browser, server: str
) -> None:
    ctx = browser.new_context(viewport={"width": 1024, "height": 1400}, locale="ru-RU")
    pg = ctx.new_page()
    try:
        pg.goto(server)
        pg.wait_for_selector(IDLE)
        settle_page(pg)
        pg.get_by_text("Русский", exact=True).click()
        settle_page(pg)
        assert pg.get_by_text("Пользователи", exact=True).count() == 1
        assert pg.locator("[data-testid=stMetricLabel]").count() == 5
        # the catalog's price date in the Russian form, not ISO
        assert pg.get_by_text(re.compile(r"цены на \d{2}\.\d{2}\.\d{4}\.")).count() == 1
        shot(pg, "overview-metrics-1024-ru")
        assert pg.evaluate(CUT_METRICS) == []
    finally:
        ctx.close()
