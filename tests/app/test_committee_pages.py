"""Live committee pages through AppTest: facilitator board and rater link on a fresh database."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.store.api import (
    Actor,
    invite_rater,
    list_workspaces,
    open_database,
    raters,
    rotate_admin_code,
)
from tests.app.conftest import click as click  # re-exported: test_anchors, test_committee_apply
from tests.app.conftest import ok as ok
from tests.app.conftest import rater_page as rater_page

# AppTest runs whole pages: kept out of `make test-fast`; a fresh database per test
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fresh_data_dir")]

APP = str(Path(__file__).resolve().parents[2] / "app.py")
BOARD = "views/committee_board.py"
RATE = "views/committee_rate.py"


def board() -> AppTest:
    at = ok(AppTest.from_file(APP, default_timeout=60).run())
    return ok(at.switch_page(BOARD).run())


def invite(at: AppTest, name: str, department: str) -> tuple[str, str]:
    """Invite through the board's form; returns (workspace id, token) from the shown link."""
    at.text_input(key="committee_name").input(name)
    at.text_input(key="committee_dept").input(department)
    [send] = [b for b in at.button if b.label == "Invite and create link"]
    ok(send.click().run())
    link = at.code[-1].value
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path.endswith("committee_rate")
    return query["ws"][0], query["token"][0]


def edit(at: AppTest, key: str, rows: dict[int, dict[str, float]]) -> AppTest:
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return ok(at.run())


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.error, *at.success)]
    parts += [e.value for e in (*at.subheader, *at.warning)]
    return "\n".join(str(p) for p in parts)


def test_board_opens_in_local_mode_without_a_code() -> None:
    at = board()
    assert at.title[0].value == "Facilitator board"
    assert any(b.label == "Start scoring" for b in at.button)


def test_invited_rater_scores_and_the_board_sees_the_submission() -> None:
    at = board()
    ws, token = invite(at, "Anna Lee", "Sales")
    click(at, "Start scoring")
    assert "Submitted: 0 of" in texts(at)

    me = rater_page(ws, token)
    assert "Anna Lee" in texts(me)
    [grid] = [d for d in me.data_editor if d.key == "committee_rate_functionality_0"]
    assert list(grid.value.columns)[:1] == ["option"]
    edit(me, "committee_rate_functionality_0", {0: {"process_fit": 4}, 1: {"usability": 2}})
    assert not me.error, [e.value for e in me.error]
    values = me.data_editor(key="committee_rate_functionality_1").value
    assert values.iloc[0]["process_fit"] == 4
    assert values.iloc[1]["usability"] == 2
    click(me, "Submit my scores")
    assert "Submitted at" in texts(me)

    ok(at.run())
    assert "Submitted: 1 of" in texts(at)
    assert "Consensus leader" in [m.label for m in at.metric]
    # the quick decision card under the live ranking: the leader's confidence in words
    assert "How sure is the committee?" in texts(at)
    assert any(i.value.startswith("Recommended\\: ") for i in at.info), texts(at)


def test_a_wrong_token_is_refused() -> None:
    at = board()
    ws, _ = invite(at, "Bob", "IT")
    me = rater_page(ws, "not-a-real-token")
    assert any("link is not valid" in e.value for e in me.error)
    assert not me.data_editor


def test_hosted_mode_needs_the_admin_code(monkeypatch: pytest.MonkeyPatch) -> None:
    at = board()
    ws, token = invite(at, "Bob", "IT")
    monkeypatch.setenv("CRM_SELECT_HOSTED", "1")
    hosted = AppTest.from_file(APP, default_timeout=60)
    hosted.query_params["ws"] = ws
    hosted.query_params["code"] = token  # a rater's link is not an admin code
    ok(hosted.run())
    ok(hosted.switch_page(BOARD).run())
    assert any("admin code is not valid" in e.value for e in hosted.error)
    assert not any(b.label == "Start scoring" for b in hosted.button)
    assert not hosted.sidebar.selectbox  # no list of other decisions
    code = rotate_admin_code(open_database(), Actor.operator(ws))
    hosted.query_params["code"] = code
    ok(hosted.run())
    assert any(b.label == "Start scoring" for b in hosted.button)


def test_hosted_mode_without_a_link_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    board()
    monkeypatch.setenv("CRM_SELECT_HOSTED", "1")
    at = ok(AppTest.from_file(APP, default_timeout=60).run())
    assert any("admin link" in e.value for e in at.error)
    assert not at.dataframe


def test_scores_stay_blind_until_the_reveal() -> None:
    at = board()
    ws, ann = invite(at, "Ann", "Sales")
    _, bob = invite(at, "Bob", "IT")
    click(at, "Start scoring")
    a = rater_page(ws, ann)
    edit(a, "committee_rate_functionality_0", {0: {"process_fit": 5}})
    b = rater_page(ws, bob)
    edit(b, "committee_rate_functionality_0", {0: {"process_fit": 1}})

    assert "hidden until the facilitator reveals" in texts(b)
    assert not b.dataframe or all(d.editing_mode != "read_only" for d in b.dataframe)
    grid = b.data_editor(key="committee_rate_functionality_1").value
    assert grid.iloc[0]["process_fit"] == 1  # only Bob's own value

    click(at, "Reveal scores")
    ok(b.run())
    [others] = [d for d in b.dataframe if d.editing_mode == "read_only"]
    assert {"Ann", "Bob"} <= set(others.value.columns)
    assert "frozen" in texts(b)
    assert any(b.label == "Start round 2" for b in at.button)


def test_a_stale_write_is_reported_and_the_form_reloads() -> None:
    at = board()
    ws, token = invite(at, "Ann", "Sales")
    click(at, "Start scoring")
    first = rater_page(ws, token)
    second = rater_page(ws, token)
    edit(first, "committee_rate_functionality_0", {0: {"process_fit": 4}})
    edit(second, "committee_rate_functionality_0", {0: {"process_fit": 2}})
    assert any("Someone else changed this score" in e.value for e in second.error)
    grid = second.data_editor(key="committee_rate_functionality_1").value
    assert grid.iloc[0]["process_fit"] == 4  # reloaded from the store, nothing overwritten


def test_a_locked_decision_is_read_only() -> None:
    at = board()
    ws, token = invite(at, "Ann", "Sales")
    click(at, "Start scoring")
    at.checkbox(key="committee_lock_sure").check()
    ok(at.run())
    click(at, "Lock the decision")
    assert "read-only" in texts(at)
    assert not any(b.label in ("Reveal scores", "Lock the decision") for b in at.button)
    assert not any(t.key == "committee_name" for t in at.text_input)

    me = rater_page(ws, token)
    assert "your scores are read-only" in texts(me)
    assert not any(b.label == "Submit my scores" for b in me.button)
    edit(me, "committee_rate_functionality_0", {0: {"process_fit": 4}})
    assert any("locked" in e.value for e in me.error)


def test_workspace_has_the_invited_raters() -> None:
    at = board()
    ws, _ = invite(at, "Ольга Кузнецова", "Финансы")
    db = open_database()
    assert ws in [w.id for w in list_workspaces(db)]
    ids = [r.id for r in raters(db, Actor.operator(ws))]
    assert "olga-kuznetsova" in ids


def oidc_app(ws: str, email: str | None, page: str) -> AppTest:
    """The app with an identity provider configured and (optionally) a signed-in user."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x"}
    at.query_params["ws"] = ws
    if email is not None:
        at.user["is_logged_in"] = True
        at.user["email"] = email
    else:
        at.user["is_logged_in"] = False
    ok(at.run())
    return ok(at.switch_page(page).run())


def test_single_sign_on_identifies_facilitator_and_rater(monkeypatch: pytest.MonkeyPatch) -> None:
    at = board()
    at.text_input(key="committee_email").input("ann@example.com")
    ws, _ = invite(at, "Ann", "Sales")
    db = open_database()
    boss = next(r for r in raters(db, Actor.operator(ws)) if r.role.value == "facilitator")
    invite_rater(db, Actor.operator(ws), boss.id, boss.name, email="boss@example.com")
    monkeypatch.setenv("CRM_SELECT_HOSTED", "1")

    anonymous = oidc_app(ws, None, BOARD)
    assert any(b.label == "Sign in" for b in anonymous.button)
    assert not any(b.label == "Start scoring" for b in anonymous.button)

    facilitator = oidc_app(ws, "boss@example.com", BOARD)
    assert any(b.label == "Start scoring" for b in facilitator.button)

    stranger = oidc_app(ws, "eve@example.com", BOARD)
    assert any("not invited" in e.value for e in stranger.error)

    rater = oidc_app(ws, "ann@example.com", RATE)
    assert "Ann" in " ".join(c.value for c in rater.caption)
    rater_on_board = oidc_app(ws, "ann@example.com", BOARD)
    assert not any(b.label == "Start scoring" for b in rater_on_board.button)


def test_a_discussed_cell_takes_comments_on_the_board_and_the_rater_page() -> None:
    at = board()
    ws, ann = invite(at, "Ann", "Sales")
    click(at, "Start scoring")
    a = rater_page(ws, ann)
    edit(a, "committee_rate_functionality_0", {0: {"process_fit": 5}})
    click(at, "Reveal scores")
    at.run()
    [discuss] = [b for b in at.button if b.key and b.key.startswith("committee_discuss_")][:1]
    ok(discuss.click().run())
    assert "Under discussion" in texts(at)
    at.text_area[0].input("Demo showed the pipeline view")
    [post] = [b for b in at.button if b.label == "Post"]
    ok(post.click().run())
    assert "Demo showed the pipeline view" in [x.value for x in at.text]

    a = rater_page(ws, ann)
    assert "Demo showed the pipeline view" in [x.value for x in a.text]
    a.text_area[0].input("Agreed, but reports are weak")
    [post] = [b for b in a.button if b.label == "Post"]
    ok(post.click().run())
    assert "Agreed, but reports are weak" in [x.value for x in a.text]
