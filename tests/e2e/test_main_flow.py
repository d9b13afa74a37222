"""The main flow in a real browser: example -> weight change -> ranking changes -> TCO & ROI.

Screenshots go to test-artifacts/screenshots/, or where $SCREENSHOTS_DIR says
(`make screenshots` refreshes docs/screenshots/, which the README shows).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SHOTS, go

pytestmark = pytest.mark.browser


def leader(page: Page) -> str:
    return page.get_by_text("Leader:").first.inner_text()


def set_slider(page: Page, label: str, key: str) -> None:
    thumb = page.get_by_role("slider", name=label)
    thumb.focus()
    thumb.press(key)


def test_main_flow(page: Page, settle: Callable) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    expect(page.get_by_text("B2B distributor: 40 CRM seats").first).to_be_visible()
    page.screenshot(path=SHOTS / "home.png", full_page=True)

    go(page, "5 · Ranking")
    before = leader(page)
    assert "Bitrix24 (cloud)" in before
    page.screenshot(path=SHOTS / "ranking.png", full_page=True)
    for label in ("Deadlines", "Budget", "Risk"):
        set_slider(page, label, "Home")
        settle(page)
    set_slider(page, "Functionality", "End")
    settle(page)
    after = page.get_by_text("leads instead of").first.inner_text()
    assert "1C:CRM" in after

    go(page, "6 · TCO & ROI")
    page.get_by_role("button", name="Run simulation").click()
    settle(page, 1500)
    expect(page.get_by_text("P(NPV > 0): amoCRM").first).to_be_visible()
    page.screenshot(path=SHOTS / "finance.png", full_page=True)

    go(page, "2 · Criteria & weights")
    page.screenshot(path=SHOTS / "criteria.png", full_page=True)
    go(page, "4 · Scoring")
    page.get_by_role("tab", name="Consensus").click()
    settle(page, 800)
    page.screenshot(path=SHOTS / "scoring.png", full_page=True)


def test_bad_upload_keeps_the_decision(page: Page, settle: Callable, tmp_path: Path) -> None:
    go(page, "1 · Decision")
    page.get_by_role("tab", name="Upload / download").click()
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: broken\ncurrency: RUB\ncompany: {crm_users: -3}\n", "utf-8")
    page.locator("input[type=file]").set_input_files(str(bad))
    settle(page, 800)
    expect(page.get_by_text("The file was not accepted").first).to_be_visible()
    problem = "bad.yaml:3: company.crm_users: must be >= 1, got -3"
    expect(page.get_by_text(problem).first).to_be_visible()
    expect(page.get_by_text("B2B distributor: 40 CRM seats").first).to_be_visible()


def test_russian_switch(page: Page, settle: Callable) -> None:
    page.get_by_text("Русский").click()
    settle(page)
    expect(page.get_by_text("Каталог CRM-решений").first).to_be_visible()
    go(page, "5 · Рейтинг")
    expect(page.get_by_text("Лидер:").first).to_be_visible()
    page.screenshot(path=SHOTS / "ranking-ru.png", full_page=True)
