"""The facilitator drags one interest's weight on the Ranking page and every option's score bar
moves; the gradient view marks where the leader changes (the projector step of issue 19)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-artifacts" / "screenshots")


def test_dragging_an_interest_moves_the_bars(page: Page, settle: Callable) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_role("link", name="5 · Ranking").click()
    settle(page)
    page.get_by_role("tab", name="Sensitivity to interests").click()
    settle(page, 800)
    now = page.get_by_text("Weights now:").first
    assert "First: Bitrix24 (cloud)" in now.inner_text()
    thumb = page.get_by_role("slider", name="Weight of Functionality")
    thumb.focus()
    thumb.press("End")  # functionality 100 %, the other interests 0
    settle(page, 800)
    expect(page.get_by_text(re.compile(r"Functionality 100\s?%")).first).to_be_visible()
    assert "First: 1C:CRM" in page.get_by_text("Weights now:").first.inner_text()
    expect(page.get_by_text("the leader changes from").first).to_be_visible()
    page.screenshot(path=SHOTS / "ranking-interests.png", full_page=True)
