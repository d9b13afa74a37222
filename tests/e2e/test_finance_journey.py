"""The finance user's journey in a real browser: run, keep the base, switch a lever off, run,
keep it, negotiate a price, run, keep it, compare, then download the workbook and the HTML
report and find the comparison in both. Screenshots of every step under
test-artifacts/screenshots/finance-*.png. The Russian finance steps (run, keep, compare, the
workbook and the PDF in Russian) are part of the Russian chair journey (test_chair_journey.py),
one journey for both to spend little suite time."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SHOTS, go

pytestmark = pytest.mark.browser


def run_and_keep(page: Page, settle: Callable, name: str) -> None:
    page.get_by_role("button", name="Run simulation").click()
    settle(page, 1500)
    expect(page.get_by_text("P(NPV > 0): amoCRM").first).to_be_visible()
    page.get_by_role("tab", name="Compare scenarios").click()
    box = page.get_by_label("Name of this scenario")
    box.fill(name)
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name="Keep for comparison").click()
    settle(page, 1500)
    page.get_by_role("tab", name="Compare scenarios").click()
    expect(page.get_by_text(f"Kept “{name}” with the decision").first).to_be_visible()


def download(page: Page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = info.value.path()
    return Path(path).read_bytes()


def test_finance_keeps_compares_and_reports_scenarios(page: Page, settle: Callable) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    go(page, "6 · TCO & ROI")
    run_and_keep(page, settle, "base")
    page.screenshot(path=SHOTS / "finance-1-base-kept.png", full_page=True)

    # a pessimistic case: cross-sales switched off in the levers' editor (the third row's
    # "On" cell: the grid is a canvas, so the click goes to the cell's position)
    page.get_by_text("Assumptions (benefit levers, project outcome)").click()
    settle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 334, box["y"] + 123)
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Save assumptions").click()
    settle(page)
    expect(page.get_by_text("Assumptions saved as a new version").first).to_be_visible()
    run_and_keep(page, settle, "pessimistic")
    page.screenshot(path=SHOTS / "finance-2-pessimistic-kept.png", full_page=True)

    # the lever a buyer pulls: a negotiated amoCRM price (per user per month, as the field says)
    go(page, "3 · Options")
    page.get_by_role("tab", name="Overrides for this decision").click()
    settle(page)
    price = page.get_by_role("textbox", name="Negotiated price, RUB per user per month")
    price.fill("500")
    price.press("Enter")
    settle(page)
    page.locator("button:visible", has_text="Save").first.click()
    settle(page)
    page.screenshot(path=SHOTS / "finance-3-negotiated-price.png", full_page=True)

    go(page, "6 · TCO & ROI")
    run_and_keep(page, settle, "negotiated price")
    expect(page.get_by_text("Green: better than base").first).to_be_visible()
    page.screenshot(path=SHOTS / "finance-4-compared.png", full_page=True)

    go(page, "7 · Report")
    page.screenshot(path=SHOTS / "finance-5-report.png", full_page=True)
    workbook = load_workbook(io.BytesIO(download(page, "Excel workbook")), read_only=True)
    cells = [
        str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row
    ]
    assert "Finance scenarios: each option under each kept set of assumptions" in cells
    assert "negotiated price" in cells
    assert "pessimistic" in cells
    assert "base (baseline)" in cells

    html = download(page, "HTML report").decode("utf-8")
    assert 'id="finance_scenarios"' in html
    assert "negotiated price" in html
    assert 'class="num better"' in html  # the cheaper licences are marked
    assert 'class="num worse"' in html  # so is the pessimistic NPV
