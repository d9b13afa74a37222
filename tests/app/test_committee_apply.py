"""The board's decision flow through AppTest: two invited raters complete a round (the
example's uninvited raters are not waited for), the chair reveals and applies it, the Scoring
and Ranking pages use the committee's scores, earlier scores come back, locking applies a
waiting round, and the rater page does not contradict itself after the reveal."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.store.api import Actor, audit_log, list_workspaces, open_database
from tests.app.test_committee_pages import (
    board,
    click,
    edit,
    invite,
    ok,
    rater_page,
    texts,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fresh_data_dir")]  # a fresh database

SCORING = "views/scoring.py"
RANKING = "views/ranking.py"


def scored_round(at: AppTest) -> tuple[AppTest, AppTest]:
    """Ann and Bob (invited) score and submit; the board sees the round complete."""
    ws, ann = invite(at, "Ann Lee", "Sales")
    _, bob = invite(at, "Bob Stone", "IT")
    click(at, "Start scoring")
    assert "Submitted: 0 of 2" in texts(at)  # the example's four raters have no link
    pages = []
    for token, high in ((ann, 5), (bob, 3)):
        me = rater_page(ws, token)
        edit(me, "committee_rate_functionality_0", {0: {"process_fit": high}, 1: {"usability": 2}})
        click(me, "Submit my scores")
        pages.append(me)
    ok(at.run())
    assert "Submitted: 2 of 2" in texts(at)
    assert [m.value for m in at.metric if m.label == "Raters"] == ["2"]
    return pages[0], pages[1]


def test_the_chair_applies_a_revealed_round_and_the_pages_use_it() -> None:
    at = board()
    assert "scores written in its file" in texts(at)
    ann, _ = scored_round(at)
    assert not any(b.label == "Apply round 1 to the decision" for b in at.button)  # blind
    click(at, "Reveal scores")
    assert "Round 1 is revealed" in texts(at)
    click(at, "Apply round 1 to the decision")
    shown = texts(at)
    assert "Round 1's scores are now the decision's" in shown
    assert "uses round 1's scores: Ann Lee, Bob Stone" in shown
    assert not any(b.label == "Apply round 1 to the decision" for b in at.button)

    ok(at.switch_page(SCORING).run())
    assert "uses round 1's scores: Ann Lee, Bob Stone" in texts(at)
    assert at.selectbox(key="score_rater").options == ["Ann Lee", "Bob Stone"]
    grid = at.data_editor(key="editor-ann-lee").value
    assert grid["process_fit"].iloc[0] == 5
    warnings = "\n".join(c.value for c in at.caption if c.value.startswith("⚠"))
    assert "(Ann Lee)" in warnings  # names, not ids
    assert "ann-lee" not in warnings
    assert "process_fit" not in warnings
    ok(at.switch_page(RANKING).run())

    ok(ann.run())
    rater = texts(ann)
    assert "applied round 1's scores" in rater
    assert "frozen" in rater
    assert "You can still change scores" not in rater  # no contradiction after the reveal


def test_the_files_scores_come_back_as_a_new_version() -> None:
    at = board()
    scored_round(at)
    click(at, "Reveal scores")
    click(at, "Apply round 1 to the decision")
    [pick] = [s for s in at.selectbox if (s.key or "").startswith("committee_score_set_en_")]
    [file_scores] = [o for o in pick.options if "file's own scores" in o]
    pick.set_value(file_scores)
    ok(at.run())
    click(at, "Use these scores")
    assert "scores written in its file: Elena Ivanova" in texts(at)
    ok(at.switch_page(SCORING).run())
    assert "Elena Ivanova" in at.selectbox(key="score_rater").options


def test_use_acts_on_a_set_chosen_in_the_same_run() -> None:
    """A click that arrives with a choice changed in the same run (the page was still being
    drawn after the change) acts on the new choice: Use brings back the file's scores."""
    at = board()
    scored_round(at)
    click(at, "Reveal scores")
    click(at, "Apply round 1 to the decision")
    [pick] = [s for s in at.selectbox if (s.key or "").startswith("committee_score_set_en_")]
    [file_scores] = [o for o in pick.options if "file's own scores" in o]
    pick.set_value(file_scores)
    click(at, "Use these scores")  # no run between the choice and the click
    assert "scores written in its file: Elena Ivanova" in texts(at)


def test_lock_acts_on_a_choice_made_in_the_same_run() -> None:
    """As Use: Lock with "keep" chosen in the click's own run keeps the revealed round out."""
    at = board()
    scored_round(at)
    click(at, "Reveal scores")
    radio = at.radio(key="committee_lock_pending_en")
    [keep] = [o for o in radio.options if o.startswith("lock with the scores")]
    at.checkbox(key="committee_lock_sure").check()
    ok(at.run())
    at.radio(key="committee_lock_pending_en").set_value(keep)
    click(at, "Lock the decision")  # no run between the choice and the click
    assert "read-only" in texts(at)
    assert "uses round 1's scores" not in texts(at)


def test_locking_applies_the_revealed_round() -> None:
    at = board()
    scored_round(at)
    click(at, "Reveal scores")
    radio = at.radio(key="committee_lock_pending_en")
    assert radio.value == "apply round 1, then lock (the committee's scores decide)"
    at.checkbox(key="committee_lock_sure").check()
    ok(at.run())
    click(at, "Lock the decision")
    assert "uses round 1's scores: Ann Lee, Bob Stone" in texts(at)
    assert "read-only" in texts(at)


def test_the_board_speaks_russian_through_the_apply() -> None:
    at = board()
    scored_round(at)
    click(at, "Reveal scores")
    at.radio(key="lang").set_value("ru")
    ok(at.run())
    assert "Решение использует оценки, записанные в его файле" in texts(at)
    assert "Раунд 1 раскрыт" in texts(at)
    click(at, "Применить раунд 1 к решению")
    assert "Решение использует оценки раунда 1: Ann Lee, Bob Stone" in texts(at)


def test_the_chair_unlocks_the_weights_with_the_reason_typed_last() -> None:
    """Starting scoring locks the weights; unlocking records the reason in the box when the
    button is clicked (read from the session, not the one the button was drawn with)."""
    at = board()
    invite(at, "Ann Lee", "Sales")
    click(at, "Start scoring")
    assert "locked" in texts(at)
    at.text_input(key="committee_unlock_reason").input("first draft")
    at.checkbox(key="committee_unlock_sure").check()
    ok(at.run())
    at.text_input(key="committee_unlock_reason").input("the sponsor moved budget to 40 %")
    click(at, "Unlock weights")
    assert not at.exception
    db = open_database()
    [ws] = list_workspaces(db)
    said = " ".join(str(r) for r in audit_log(db, Actor.operator(ws.id)))
    assert "the sponsor moved budget to 40 %" in said
    assert "first draft" not in said
