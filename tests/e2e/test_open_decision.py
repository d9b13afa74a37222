"""The open decision survives every sidebar click, in local and in hosted mode (real browser).

Two decisions, A (older) and B (newest), are stored before the app starts. The browser opens A,
visits every page through the sidebar, changes a weight and saves it: A gets the new version,
B does not. Streamlit drops the query string on every sidebar click, which AppTest cannot show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.store.api import Actor, Database, create_workspace, get_workspace, open_database
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import IDLE, SHOTS, new_tab, streamlit_app

pytestmark = pytest.mark.browser
PAGES = [
    "1 · Decision",
    "2 · Criteria & weights",
    "3 · Options",
    "4 · Scoring",
    "5 · Ranking",
    "6 · TCO & ROI",
    "7 · Report",
    "Facilitator board",
    "Score (rater link)",
    "Overview",
]


class Two:
    """Decisions A (older) and B (newest) in one SQLite file, with their admin codes."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.db: Database = open_database(f"sqlite:///{data / SQLITE_FILE}")
        base = load_scenario(EXAMPLE_SCENARIO, load_catalog())
        a = create_workspace(self.db, base.model_copy(update={"name": "Decision A"}), "Chair A")
        b = create_workspace(self.db, base.model_copy(update={"name": "Decision B"}), "Chair B")
        self.a, self.code_a, self.b = a.workspace_id, a.admin_code, b.workspace_id

    def versions(self) -> tuple[int, int]:
        return tuple(  # type: ignore[return-value]
            get_workspace(self.db, Actor.operator(ws)).current_version for ws in (self.a, self.b)
        )


@pytest.fixture
def two(tmp_path: Path) -> Two:
    return Two(tmp_path)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    pg = new_tab(browser)
    yield pg
    pg.context.close()


def sidebar_click(page: Page, settle: Callable, name: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=name).click()
    settle(page)


def walk_and_edit(page: Page, settle: Callable, two: Two, mode: str) -> None:
    sidebar = page.locator("[data-testid='stSidebar']")
    for name in PAGES:
        sidebar_click(page, settle, name)
        shown = sidebar.aria_snapshot()  # the picker's value is not inner text
        assert "Decision A" in shown, name
        assert "Decision B" not in shown, name
        assert "admin link" not in page.locator("[data-testid='stMain']").inner_text(), name
        assert f"ws={two.a}" in page.url, (name, page.url)
    page.reload()
    page.wait_for_selector(IDLE)
    assert "Decision A" in sidebar.aria_snapshot()
    sidebar_click(page, settle, "2 · Criteria & weights")
    before_a, before_b = two.versions()
    thumb = page.get_by_role("slider", name="Risk")
    thumb.focus()
    thumb.press("Home")
    settle(page)
    page.get_by_role("button", name="Save weights").click()
    settle(page, 800)
    page.screenshot(path=SHOTS / f"open-decision-{mode}.png", full_page=True)
    assert two.versions() == (before_a + 1, before_b)


def test_local_mode_keeps_the_older_decision_on_every_page(
    tab: Page, settle: Callable, two: Two, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_app(two.data, tmp_path / "local.log") as url:
        tab.goto(f"{url}/?ws={two.a}")
        tab.wait_for_selector(IDLE)
        walk_and_edit(tab, settle, two, "local")


def test_hosted_mode_keeps_the_admin_on_every_page(
    tab: Page, settle: Callable, two: Two, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_app(two.data, tmp_path / "hosted.log", CRM_SELECT_HOSTED="1") as url:
        tab.goto(f"{url}/?ws={two.a}&code={two.code_a}")
        tab.wait_for_selector(IDLE)
        walk_and_edit(tab, settle, two, "hosted")
        assert f"code={two.code_a}" in tab.url
