"""A rater's join link opens the scoring form directly: no "Page not found" pop-up, in the
language the link carries (the facilitator's when inviting), at the link's path or the root."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.store.api import authenticate, create_workspace, invite_rater, open_database
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import IDLE, SHOTS, new_tab, streamlit_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def invited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A local app with one decision and one invited rater: (app URL, workspace, token)."""
    data = tmp_path_factory.mktemp("rater-data")
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    created = create_workspace(db, load_scenario(EXAMPLE_SCENARIO, load_catalog()), "Chair")
    chair = authenticate(db, created.workspace_id, created.admin_code)
    token = invite_rater(db, chair, "olga", "Ольга", department="Продажи")
    with streamlit_app(data, tmp_path_factory.mktemp("rater-log") / "app.log") as url:
        yield url, created.workspace_id, token


@pytest.fixture
def english_browser(browser: Browser) -> Iterator[Page]:
    page = new_tab(browser)
    yield page
    page.context.close()


@pytest.mark.parametrize("path", ["committee_rate", ""])
def test_join_link_opens_the_form_in_the_links_language(
    english_browser: Page, settle: Callable, invited: tuple[str, str, str], path: str
) -> None:
    url, ws, token = invited
    page = english_browser
    page.goto(f"{url}/{path}?ws={ws}&token={token}&lang=ru")
    page.wait_for_selector(IDLE)
    settle(page, 1500)
    expect(page.get_by_role("heading", name="Ваши оценки")).to_be_visible()
    expect(page.get_by_text("Ольга").first).to_be_visible()
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_text("Страница не найдена").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"rater-link-{path or 'root'}.png", full_page=True)
