"""After go-live in a real browser: start the record, upload two quarters of actuals, see the
fan chart with them. Screenshot: test-artifacts/screenshots/after-go-live.png."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from crm_select.models.realisation import PeriodKind, next_period, period_label, period_start

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-artifacts" / "screenshots")


def next_quarters() -> list[str]:
    """The two quarters after today's (the page's default decision date)."""
    q = PeriodKind.QUARTER
    first = next_period(period_start(period_label(dt.date.today(), q), q), q)
    return [period_label(first, q), period_label(next_period(first, q), q)]


def test_two_quarters_of_actuals_on_the_fan_chart(
    page: Page, settle: Callable, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_role("link", name="8 · After go-live").click()
    settle(page)
    page.get_by_role("button", name="Record the baseline from the company profile").click()
    settle(page)
    expect(page.get_by_text("The baseline is recorded").first).to_be_visible()
    labels = next_quarters()
    csv = tmp_path / "actuals.csv"
    csv.write_text(
        "kind,name,period,value,unit\n"
        f"kpi,sales_per_rep,{labels[0]},3750000,money\n"
        f"kpi,sales_per_rep,{labels[1]},3850000,money\n"
    )
    page.get_by_role("tab", name="Enter actuals").click()
    settle(page)
    page.locator("input[type=file]").set_input_files(str(csv))
    settle(page, 800)
    page.get_by_role("tab", name="Enter actuals").click()  # a rerun may show the first tab
    settle(page)
    page.get_by_role("button", name="Store the uploaded actuals").click()
    settle(page, 1500)
    expect(page.get_by_text("2 value(s) stored.").first).to_be_visible()
    page.get_by_role("tab", name="Forecast vs actual").click()
    settle(page, 1500)
    expect(page.get_by_role("heading", name="Sales per rep")).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    page.screenshot(path=SHOTS / "after-go-live.png", full_page=True)
