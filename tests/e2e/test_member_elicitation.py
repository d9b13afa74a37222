"""A committee member finds their own weights by answering trade-off questions, in their own
browser through a join link: five questions for the budget's three criteria, the weights shown,
saved as theirs, then "done weighing"; the store holds the weights the answers give."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.store.api import (
    Actor,
    Database,
    authenticate,
    create_workspace,
    invite_rater,
    open_database,
    open_weighting,
    round_member_weights,
    weighting_status,
)
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import ACTION_WITHIN_MS, new_tab, shot, streamlit_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def weighing(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str, str, Database]]:
    """A local app whose decision has an open weighting round and one invited member:
    (app URL, workspace, token, the app's database)."""
    data = tmp_path_factory.mktemp("elicit-data")
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    created = create_workspace(db, load_scenario(EXAMPLE_SCENARIO, load_catalog()), "Chair")
    chair = authenticate(db, created.workspace_id, created.admin_code)
    token = invite_rater(db, chair, "vera", "Vera", department="Finance")
    open_weighting(db, chair)
    with streamlit_app(data, tmp_path_factory.mktemp("elicit-log") / "app.log") as url:
        yield url, created.workspace_id, token, db


@pytest.fixture
def member(browser: Browser) -> Iterator[Page]:
    page = new_tab(browser)
    yield page
    page.context.close()


def test_a_member_answers_trade_offs_in_their_own_browser_and_is_done(
    member: Page, weighing: tuple[str, str, str, Database]
) -> None:
    url, ws, token, db = weighing
    page = member
    page.goto(f"{url}/committee_rate?ws={ws}&token={token}&lang=en")
    heading = page.get_by_text("Your weights (weighting round 1)").first
    expect(heading).to_be_visible(timeout=ACTION_WITHIN_MS)  # a fresh app's first page
    # the levels: the interests, then functionality's, deadlines' and the budget's criteria
    page.get_by_role("radiogroup", name="Weigh by").nth(3).get_by_text(
        "answer trade-off questions"
    ).click()
    progress = page.get_by_text(re.compile(r"question\(s\) answered of at most 6"))
    expect(progress.first).to_contain_text("0 question(s) answered")

    go = page.get_by_role("button", name="Answer")
    for asked in range(1, 6):  # the first choice each time: no radio to click, one event
        expect(go).to_have_count(1)  # the last question's button has left the page
        go.click()
        expect(progress.first).to_contain_text(f"{asked} question(s) answered")
    expect(page.get_by_text("All questions answered (5; 2 skipped").first).to_be_visible()
    # ranked as listed: TCO, up-front cash, predictability; "X" (TCO part of the way) each time
    # leaves 0.1 >= r2 >= r3 >= 0 (predictability's narrowing implied), uniform: E r2 = 2/3 *
    # 0.1, E r3 = 1/3 * 0.1 (order statistics): points 100 : 6.7 : 3.3, TCO 1 / 1.1 = 90.9 %
    expect(page.get_by_text("90.9%").first).to_be_visible()
    shot(page, "member-elicitation-answered")
    page.get_by_role("button", name="Save these weights as mine").click()
    expect(page.get_by_text(re.compile(r"Saved: .*91%")).first).to_be_visible()
    page.get_by_role("button", name="Done weighing").click()
    expect(page.get_by_text("Marked done at").first).to_be_visible()
    shot(page, "member-elicitation-done")

    facilitator = Actor.operator(ws)
    [saved] = [r for r in round_member_weights(db, facilitator, 1) if r.level == "budget"]
    hand = {"tco": 100.0, "upfront_cash": 100 / 15, "cost_predictability": 100 / 30}
    assert saved.points == pytest.approx(hand, abs=0.1)  # points to 0.1, a 1/2000 grid
    [vera] = weighting_status(db, facilitator, 1)
    assert vera.submitted_at is not None
