"""Two app processes on one PostgreSQL, as docs/deployment.md describes (hosted mode, no shared
memory between them): a rater scores through one, the facilitator's board on the other shows
it within its refresh interval, and a stale write made through the other process is refused
by the store's version check.

Skipped with a message when no PostgreSQL answers at 127.0.0.1:5432, like the store's tests.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.store.api import (
    authenticate,
    create_workspace,
    invite_rater,
    my_scores,
    open_database,
    start_scoring,
)
from tests.e2e.conftest import new_tab, streamlit_app
from tests.store.conftest import throwaway_database

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
REFRESH_S = 5  # the board's and the rater page's st.fragment(run_every="5s")


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with throwaway_database("crm_select_replicas") as url:
        yield url


class Committee:
    """One decision on the shared database: the admin code, a rater's token, scoring started."""

    def __init__(self, url: str) -> None:
        self.db = open_database(url)
        scenario = load_scenario(EXAMPLE_SCENARIO, load_catalog())
        created = create_workspace(self.db, scenario, "Chair")
        self.ws, self.code = created.workspace_id, created.admin_code
        chair = authenticate(self.db, self.ws, self.code)
        self.token = invite_rater(self.db, chair, "anna", "Anna Lee", department="Sales")
        start_scoring(self.db, chair)
        self.rater = authenticate(self.db, self.ws, self.token)

    def score(self, option: str, criterion: str) -> tuple[float | None, int] | None:
        """(value, row version) of the rater's stored score, or None."""
        for r in my_scores(self.db, self.rater):
            if (r.option, r.criterion) == (option, criterion):
                return r.value, r.version
        return None


@pytest.fixture
def two_apps(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two `streamlit run` processes (hosted mode) on different ports, one DATABASE_URL."""
    env = {"DATABASE_URL": pg_url, "CRM_SELECT_HOSTED": "1"}
    with (
        streamlit_app(tmp_path / "one", tmp_path / "one.log", **env) as one,
        streamlit_app(tmp_path / "two", tmp_path / "two.log", **env) as two,
    ):
        yield one, two


def cell(page: Page, text: str) -> Locator:
    """A table cell by its exact text (the grid draws on a canvas; its cells are in the DOM
    for accessibility, not visible)."""
    return page.locator("td[role=gridcell]", has_text=re.compile(f"^{re.escape(text)}$")).first


def type_score(page: Page, settle: Callable, row: int, value: str) -> None:
    """Open the first criterion's cell of option ``row`` in the first score grid and type."""
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.dblclick(box["x"] + 400, box["y"] + 53 + 35 * row)  # header 35 px, rows 35 px
    editor = page.locator("input.gdg-input")
    editor.wait_for(state="visible", timeout=15_000)
    editor.fill(value)
    page.keyboard.press("Enter")
    settle(page, 1500)


def stored_soon(
    committee: Committee, expected: tuple[float, int]
) -> tuple[float | None, int] | None:
    """The stored score once it equals ``expected`` (or whatever it is after 20 s)."""
    deadline = time.monotonic() + 20
    while (got := committee.score("amocrm", "process_fit")) != expected:
        if time.monotonic() > deadline:
            return got
        time.sleep(0.25)
    return got


def test_two_processes_share_scores_and_refuse_stale_writes(
    browser: Browser, settle: Callable, two_apps: tuple[str, str], pg_url: str, tmp_path: Path
) -> None:
    one, two = two_apps
    committee = Committee(pg_url)
    join = f"/committee_rate?ws={committee.ws}&token={committee.token}"
    board = new_tab(browser, f"{two}/committee_board?ws={committee.ws}&code={committee.code}")
    expect(board.get_by_text("Submitted: 0 of").first).to_be_visible()
    expect(cell(board, "0 / 52")).to_be_attached(timeout=20_000)

    rater = new_tab(browser, f"{one}{join}")
    type_score(rater, settle, 0, "4")
    assert stored_soon(committee, (4.0, 1)) == (4.0, 1)

    # the board on the other process shows it at its next refresh, without a reload
    expect(cell(board, "1 / 52")).to_be_attached(timeout=(REFRESH_S + 5) * 1000)
    board.screenshot(path=tmp_path / "board.png", full_page=True)

    # the same rater in a second window, on the other process, changes the same cell...
    other = new_tab(browser, f"{two}{join}")
    type_score(other, settle, 0, "2")
    assert stored_soon(committee, (2.0, 2)) == (2.0, 2)
    # ...so the first window's write, made from version 1, is refused and nothing is lost
    type_score(rater, settle, 0, "5")
    refused = rater.get_by_text("Someone else changed this score meanwhile").first
    expect(refused).to_be_visible(timeout=20_000)
    assert committee.score("amocrm", "process_fit") == (2.0, 2)
