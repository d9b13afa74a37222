"""Issue 19's "done when", in a real browser: a committee of three weighs and scores, each in a
browser of their own; the facilitator reveals the weights, chooses the geometric mean of the
members' priorities and adopts the group's weights, runs the blind scoring round, reveals and
applies it, drags an interest's weight on the Ranking page (the projector) and brands the
decision; the Ranking page, the Report page and the downloaded HTML report name the three raters
and lead with the option they preferred (the English chair's journey); the deck downloaded from
the Report page carries the group's numbers (python-pptx reads it back) and LibreOffice converts
it without an error.

The members weigh the four interests: two give points, one judges pairwise on the verbal scale
(seeded from equal points, then functionality "extremely more important" than deadlines). The
group's interest weights are checked against the geometric mean computed here by hand; the
ranking slide against the application layer's ranking of the stored decision.

No click is repeated: a click lost while the board redraws itself is a defect this test catches.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from crm_select.locales import translate
from crm_select.models.loader import load_catalog
from crm_select.services.decision import open_decision
from crm_select.services.ranking import rank
from crm_select.store.api import (
    Actor,
    create_workspace,
    invite_rater,
    load_scenario,
    open_database,
    open_weighting,
)
from crm_select.store.engine import SQLITE_FILE
from tests.e2e.conftest import ACTION_WITHIN_MS, download, go, paste_scores, shot, streamlit_app
from tests.e2e.test_chair_journey import expected_leader, head, new_page, quick_example, store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]
INTERESTS = ("functionality", "deadlines", "budget", "risk")
MEMBERS = {"vera": ("Vera Lebedeva", "Finance"), "ivan": ("Ivan Sidorov", "Sales"),
           "olga": ("Olga Petrova", "IT")}  # fmt: skip
POINTS = {"vera": (40, 10, 30, 20), "ivan": (20, 20, 40, 20)}
"""The two members who give points, in the order of :data:`INTERESTS`."""
PAIRWISE = (9, 1, 9, 9)
"""Olga's priorities (unnormalised): functionality against each other interest, seeded equal,
then functionality 9 times deadlines; a star of judgements is consistent, so f = 9 d = b = r."""


def t(key: str, **fmt: object) -> str:
    return translate(key, "en", **fmt)


def group_weights() -> list[float]:
    """The geometric mean of the three members' priorities, normalised (AIP, by hand)."""
    members = [*([p / sum(ps) for p in ps] for ps in POINTS.values()),
               [p / sum(PAIRWISE) for p in PAIRWISE]]  # fmt: skip
    means = [math.prod(m[i] for m in members) ** (1 / 3) for i in range(len(INTERESTS))]
    return [g / sum(means) for g in means]


@pytest.fixture
def committee(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """An app whose decision (the example with 2,000 trials) has an open weighting round and
    the three members invited: (URL, data dir, member -> join link)."""
    data = tmp_path / "data"
    data.mkdir()
    db = open_database(f"sqlite:///{data / SQLITE_FILE}")
    try:
        ws = create_workspace(db, quick_example(), "Dmitry Volkov").workspace_id
        chair = Actor.operator(ws)
        links = {
            m: f"/committee_rate?ws={ws}&token="
            + invite_rater(db, chair, m, name, department=dept)
            + "&lang=en"
            for m, (name, dept) in MEMBERS.items()
        }
        open_weighting(db, chair)
    finally:
        db.dispose()
    with streamlit_app(data, tmp_path / "streamlit.log") as url:
        yield url, data, links


def give_points(member: Page, points: tuple[int, ...]) -> None:
    """The interests' points in the form's first level (points is every level's first method)."""
    form = member.get_by_test_id("stForm").first
    for interest, value in zip(INTERESTS, points, strict=True):
        form.get_by_label(t(f"group.{interest}"), exact=True).fill(str(value))
    form.get_by_role("button", name=t("weighting.save")).click()


def judge_pairwise(member: Page) -> None:
    """Pairwise on the interests: equal judgements seeded from the points, then functionality
    extremely more important than deadlines (the slider's left end)."""
    member.get_by_role("radiogroup", name=t("weighting.method")).first.get_by_text(
        t("weighting.method_pairwise")
    ).click()
    seed = member.get_by_role("button", name=t("criteria.ahp_seed", n=3))
    seed.click()
    expect(seed).to_be_hidden()
    pair = t("criteria.pair", a=t("group.functionality"), b=t("group.deadlines"))
    slider = member.get_by_role("slider", name=pair)
    expect(slider).to_have_count(1)
    slider.focus()
    slider.press("Home")
    said = f"{t('group.functionality')} is extremely more important than {t('group.deadlines')}"
    expect(member.get_by_text(said).first).to_be_visible()
    member.get_by_role("button", name=t("weighting.save")).first.click()


def done_weighing(member: Page, share: str) -> None:
    """Wait for the saved weights (``share``: a part of the saved line), then "done weighing"."""
    saved = head("weighting.saved_as", "en")
    expect(member.get_by_text(saved).filter(has_text=share).first).to_be_visible()
    member.get_by_role("button", name=t("weighting.submit")).click()
    done = head("weighting.submitted", "en")
    expect(member.get_by_text(done).first).to_be_visible(timeout=ACTION_WITHIN_MS)


def deck_numbers(path: Path) -> tuple[str, list[float], str, list[float]]:
    """The deck's title slide text, the weights slide's chart values and speaker notes, and the
    ranking slide's chart values."""
    deck = Presentation(io.BytesIO(path.read_bytes()))
    slides = list(deck.slides)
    title: list[Any] = list(slides[0].shapes)
    words = " ".join(s.text_frame.text for s in title if s.has_text_frame)
    assert [s for s in title if s.shape_type == MSO_SHAPE_TYPE.PICTURE], "no logo"
    weights: Any = next(s.chart for s in slides[2].shapes if s.has_chart)
    ranking: Any = next(s.chart for s in slides[3].shapes if s.has_chart)
    notes = slides[2].notes_slide.notes_text_frame.text
    return (
        words,
        list(weights.plots[0].series[0].values),
        notes,
        list(ranking.plots[0].series[0].values),
    )


def test_a_committee_of_three_weighs_scores_and_the_consultant_presents(
    browser: Browser,
    committee: tuple[str, Path, dict[str, str]],
    settle: Callable[..., None],
    tmp_path: Path,
) -> None:
    url, data, links = committee
    members = {m: new_page(browser, url + link, settle) for m, link in links.items()}
    for m, page in members.items():
        expect(page.get_by_text(t("weighting.form_title", n=1)).first).to_be_visible()
        if m in POINTS:
            give_points(page, POINTS[m])
        else:
            judge_pairwise(page)
    for m, page in members.items():
        first = POINTS[m][0] if m in POINTS else round(100 * PAIRWISE[0] / sum(PAIRWISE))
        done_weighing(page, f"{t('group.functionality')} {first}%")
    shot(members["olga"], "committee-1-olga-weighed")

    chair = new_page(browser, url, settle)
    go(chair, t("committee.nav.board"), 800)
    chair.get_by_role("tab", name=t("weighting.tab")).click()
    expect(chair.get_by_text(t("weighting.submitted_count", done=3, total=3)).first).to_be_visible()
    chair.get_by_role("button", name=t("weighting.reveal")).click()
    chair.get_by_text(t("weighting.aggregation_aip_geometric")).click()
    expect(chair.get_by_text(t("weighting.aggregation_shown_aip_geometric")).first).to_be_visible()
    chair.get_by_role("button", name=t("weighting.adopt")).click()
    expect(chair.get_by_text(head("weighting.adopted", "en")).first).to_be_visible()
    shot(chair, "committee-2-weights-adopted")

    chair.get_by_role("button", name=t("committee.board.start")).click()
    expect(chair.get_by_role("button", name=t("committee.board.reveal"))).to_be_visible()
    for m, page in members.items():
        page.reload()
        settle(page)
        paste_scores(page, 5 if m != "ivan" else 4, 1)
        page.get_by_role("button", name=t("committee.rate.submit")).click()
        after = t("committee.rate.submitted").split("{at}")[-1].strip(" .")
        expect(page.get_by_text(after).first).to_be_visible(timeout=ACTION_WITHIN_MS)
    shot(members["vera"], "committee-3-vera-scored")
    for page in members.values():
        page.context.close()

    chair.get_by_role("tab", name=t("committee.tab.live")).click()
    expect(
        chair.get_by_text(t("committee.board.submissions", done=3, total=3)).first
    ).to_be_visible()
    chair.get_by_role("button", name=t("committee.board.reveal")).click()
    apply = chair.get_by_role("button", name=t("committee.scores.apply", n=1))
    apply.click()  # at once: the board's layout must not move under it
    expect(chair.get_by_text(head("committee.scores.applied", "en", n=1)).first).to_be_visible()
    with store(data) as (db, operator):
        raters = [r.name for r in load_scenario(db, operator).raters]
    assert sorted(raters) == sorted(name for name, _ in MEMBERS.values())
    provenance = head("report.note.scores_round", "en", n=1, raters=", ".join(raters))
    expect(chair.get_by_text(provenance).first).to_be_visible()
    shot(chair, "committee-4-applied")
    # Vera and Olga paste 5 for the favourite, Ivan 4; everyone 1 for the others
    leader, score = expected_leader(data, raters, "en", 14 / 3, 1.0)

    go(chair, t("nav.ranking"), 800)
    expect(chair.get_by_text(t("ranking.winner", name=leader)).first).to_be_visible()
    chair.get_by_role("tab", name=t("interests.tab")).click()
    now = chair.get_by_text(head("interests.dynamic_now", "en")).first
    before = now.inner_text()
    thumb = chair.get_by_role(
        "slider", name=t("interests.share", interest=t("group.functionality"))
    )
    thumb.focus()
    thumb.press("End")  # functionality 100 %, the other interests 0
    expect(now).not_to_have_text(before)
    shot(chair, "committee-5-dragged")

    go(chair, t("nav.report"), 1500)
    chair.get_by_text(t("branding.title")).click()
    form = chair.get_by_test_id("stForm").filter(
        has=chair.get_by_role("button", name=t("branding.save"))
    )
    form.get_by_label(t("branding.client"), exact=True).fill("StroyOptTorg LLC")
    form.get_by_label(t("branding.consultant"), exact=True).fill("Acme Consulting")
    logo = tmp_path / "acme.png"
    Image.new("RGB", (240, 80), (200, 80, 20)).save(logo)
    form.locator("input[type=file]").nth(1).set_input_files(str(logo))
    expect(form.get_by_text("acme.png")).to_be_visible()  # the upload's row has moved Save down
    form.get_by_role("button", name=t("branding.save")).click()
    expect(chair.get_by_text(head("branding.saved", "en")).first).to_be_visible()
    settle(chair, 1500)  # a download clicked while the page still runs brings nothing
    expect(chair.get_by_text(t("presentation.recommendation", name=leader)).first).to_be_visible()
    html = download(chair, t("presentation.html"), tmp_path).read_text("utf-8")
    assert provenance in unescape(html)
    assert f"{score:.3f}" in html  # the leader's weighted sum, as computed from the stored decision
    with chair.expect_download(timeout=ACTION_WITHIN_MS) as info:
        chair.get_by_role("button", name=t("presentation.pptx")).click()
    deck = tmp_path / "deck.pptx"
    info.value.save_as(deck)
    shot(chair, "committee-6-report")

    words, weights, notes, scores = deck_numbers(deck)
    assert "Prepared for StroyOptTorg LLC" in words
    assert "by Acme Consulting" in words
    assert weights == pytest.approx(group_weights(), abs=1e-6)
    assert all(MEMBERS[m][0] in notes for m in MEMBERS)  # whose weights, in the notes
    with store(data) as (db, operator):
        stored = load_scenario(db, operator)
    ranked = rank(open_decision(stored, load_catalog())).ranking()
    assert scores == pytest.approx([r.score for r in ranked])

    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice keeps its profile under HOME
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        check=True, timeout=240, capture_output=True, env=env,
    )  # fmt: skip
    assert b"Error" not in done.stderr, done.stderr
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "deck.pdf"), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    assert "StroyOptTorg LLC" in text
