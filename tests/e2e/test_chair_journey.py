"""The chair's journey in a real browser, from the first click to the downloaded report.

The chair opens the facilitator board, invites two raters and starts scoring; each rater opens
their join link in a browser context of their own, pastes a block of scores into every grid and
submits; the chair sees the round complete (the example's uninvited raters are not waited for),
reveals it and applies it to the decision. The Ranking page, the Report page and the downloaded
HTML report then name the two raters and lead with the option they preferred, the one the
application layer computes from the stored decision. Screenshots of every step go to
test-artifacts/screenshots/chair-*.png (or $SCREENSHOTS_DIR).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from crm_select.models.loader import load_catalog
from crm_select.services.decision import open_decision, prepare
from crm_select.services.ranking import rank
from crm_select.store.api import Actor, list_workspaces, load_scenario, open_database
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import (
    ACTION_WITHIN_MS,
    go,
    paste_scores,
    shot,
    streamlit_app,
    wait_until,
)

pytestmark = pytest.mark.browser
RATERS = {"Anna Smith": ("Sales", 5, 1), "Boris Orlov": ("IT", 4, 2)}
FAVOURITE = "1C:CRM"  # the last option: both raters score it high and every other option low


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An app of its own (the journey changes its decision), with its data dir."""
    data = tmp_path / "data"
    data.mkdir()
    with streamlit_app(data, tmp_path / "streamlit.log") as url:
        yield url, data


def new_page(browser: Browser, url: str, settle: Callable[..., None]) -> Page:
    ctx = browser.new_context(
        viewport={"width": 1400, "height": 1800},
        locale="en-US",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = ctx.new_page()
    page.set_default_timeout(ACTION_WITHIN_MS)
    page.goto(url)
    settle(page)
    return page


def invite(chair: Page, settle: Callable[..., None], name: str, department: str) -> str:
    """Fill the board's invitation form; returns the join link it shows once."""
    form = chair.get_by_test_id("stForm").filter(
        has=chair.get_by_role("button", name="Invite and create link")
    )
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Department", exact=True).fill(department)
    codes = chair.get_by_test_id("stCode")
    shown = {c.inner_text().strip() for c in codes.all()}  # an earlier rater's link
    form.get_by_role("button", name="Invite and create link").click()
    settle(chair)

    def new_links() -> list[str]:
        return [t for t in (c.inner_text().strip() for c in codes.all()) if t not in shown]

    assert wait_until(chair, lambda: bool(new_links())), f"no join link for {name}"
    [link] = new_links()
    return link


def expected_leader(data: Path) -> tuple[str, float]:
    """The leader and its score as the application layer computes them from the stored
    decision; checks on the way that its scores are the raters' (the consensus of 5 and 4 is
    4.5 on every rated criterion for the favourite, of 1 and 2 is 1.5 for the others)."""
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    try:
        [ws] = list_workspaces(db)
        scenario = load_scenario(db, Actor.operator(ws.id))
    finally:
        db.dispose()
    assert [r.name for r in scenario.raters] == list(RATERS)
    decision = open_decision(scenario, load_catalog())
    dec = prepare(decision)
    favourite = scenario.options[-1].option_id
    for j, c in enumerate(dec.matrix.criteria):
        if dec.matrix.source[c] == "raters":
            for i, o in enumerate(dec.matrix.options):
                assert dec.matrix.values[i, j] == (4.5 if o == favourite else 1.5)
    ranked = rank(decision)
    return decision.option_names()[ranked.winner], float(ranked.scores.max())


def test_the_chair_runs_a_round_and_the_decision_uses_it(
    browser: Browser, app: tuple[str, Path], settle: Callable[..., None], tmp_path: Path
) -> None:
    url, data = app
    chair = new_page(browser, url, settle)
    go(chair, "5 · Ranking", 800)
    expect(chair.get_by_text("Leader:").first).to_contain_text("Bitrix24 (cloud)")
    go(chair, "Facilitator board", 800)
    expect(chair.get_by_text("scores written in its file").first).to_be_visible()
    shot(chair, "chair-1-board")

    chair.get_by_role("tab", name="Raters and links").click()
    links = {name: invite(chair, settle, name, dept) for name, (dept, _, _) in RATERS.items()}
    shot(chair, "chair-2-invited")
    chair.get_by_role("button", name="Start scoring").click()
    settle(chair)
    chair.get_by_role("tab", name="Live").click()
    expect(chair.get_by_text("Submitted: 0 of 2").first).to_be_visible()

    for i, (name, link) in enumerate(links.items(), start=3):
        rater = new_page(browser, link, settle)
        expect(rater.get_by_text(name).first).to_be_visible()
        _, high, low = RATERS[name]
        paste_scores(rater, high, low)
        expect(rater.get_by_text("52 of 52 cells scored").first).to_be_visible()
        rater.get_by_role("button", name="Submit my scores").click()
        # the form reruns every 5 s: wait on the line Submit writes, not on an idle page
        expect(
            rater.get_by_text("You can still change scores until the reveal").first
        ).to_be_visible()
        shot(rater, f"chair-{i}-rater-{name.split()[0].lower()}")
        rater.context.close()

    chair.reload()
    settle(chair, 800)
    chair.get_by_role("tab", name="Live").click()
    expect(chair.get_by_text("Submitted: 2 of 2").first).to_be_visible()
    shot(chair, "chair-5-round-complete")
    chair.get_by_role("button", name="Reveal scores").click()
    settle(chair)
    chair.get_by_role("button", name="Apply round 1 to the decision").click()
    settle(chair, 800)
    expect(chair.get_by_text("Round 1's scores are now the decision's").first).to_be_visible()
    expect(
        chair.get_by_text("uses round 1's scores: Anna Smith, Boris Orlov").first
    ).to_be_visible()
    shot(chair, "chair-6-applied")

    leader, score = expected_leader(data)
    assert FAVOURITE in leader
    go(chair, "5 · Ranking", 800)
    expect(
        chair.get_by_text("uses round 1's scores: Anna Smith, Boris Orlov").first
    ).to_be_visible()
    expect(chair.get_by_text("Leader:").first).to_contain_text(leader)
    shot(chair, "chair-7-ranking")

    go(chair, "4 · Scoring", 800)
    chair.get_by_role("tab", name="Consensus").click()
    settle(chair)
    shot(chair, "chair-8-scoring")

    go(chair, "7 · Report", 800)
    expect(chair.get_by_text(f"Recommendation: {leader}").first).to_be_visible()
    expect(
        chair.get_by_text("uses round 1's scores: Anna Smith, Boris Orlov").first
    ).to_be_visible()
    shot(chair, "chair-9-report")
    with chair.expect_download() as download:
        chair.get_by_role("button", name="HTML report").click()
    html = Path(download.value.path()).read_text("utf-8")
    assert "uses round 1's scores: Anna Smith, Boris Orlov (revealed" in unescape(html)
    assert "Elena Ivanova" not in html  # the example's raters no longer score this decision
    assert f"{score:.3f}" in html  # the leader's weighted sum, as computed from the stored decision
    (tmp_path / "report.html").write_text(html, "utf-8")
