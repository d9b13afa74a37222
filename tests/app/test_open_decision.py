"""The open decision (and the proven facilitator) survive page switches that drop the URL.

Streamlit clears the query string when the user clicks another page in the sidebar; AppTest
keeps it, so these tests clear it by hand before each switch, as the browser would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.store.api import Actor, create_workspace, get_workspace, open_database
from tests.app.conftest import WORKFLOW_PAGES

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

Two = tuple[tuple[str, str], tuple[str, str]]
APP = str(Path(__file__).resolve().parents[2] / "app.py")
# every page, the workflow's after the committee's, so the walk ends on the first one
PAGES = [
    *WORKFLOW_PAGES[1:],
    "views/committee_board.py",
    "views/committee_rate.py",
    WORKFLOW_PAGES[0],
]


@pytest.fixture
def two(fresh_data: Path) -> Iterator[Two]:  # noqa: ARG001
    """Decisions A (older) and B (newest): ((id, admin code), (id, admin code))."""
    db = open_database()
    base = load_scenario(EXAMPLE_SCENARIO, load_catalog())
    a = create_workspace(db, base.model_copy(update={"name": "Decision A"}), "Chair A")
    b = create_workspace(db, base.model_copy(update={"name": "Decision B"}), "Chair B")
    yield (a.workspace_id, a.admin_code), (b.workspace_id, b.admin_code)
    st.cache_resource.clear()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def click_in_sidebar(at: AppTest, page: str) -> AppTest:
    """A sidebar page click: the browser drops the query string, then the page runs."""
    for key in list(at.query_params):
        del at.query_params[key]
    return ok(at.switch_page(page).run())


def version(ws: str) -> int:
    return get_workspace(open_database(), Actor.operator(ws)).current_version


def everything_shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.error, *at.title)]
    parts += [e.value for e in (*at.sidebar.markdown, *at.sidebar.caption)]
    parts += [str(s.format_func(s.value)) for s in at.sidebar.selectbox if s.value is not None]
    return "\n".join(str(p) for p in parts)


def test_the_older_decision_stays_open_on_every_page_and_takes_the_edit(two: Two) -> None:
    (a, _), (b, _) = two
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["ws"] = a
    ok(at.run())
    for page in PAGES:
        click_in_sidebar(at, page)
        shown = everything_shown(at)
        assert "Decision A" in shown, page
        assert "Decision B" not in shown, page
    click_in_sidebar(at, "views/criteria.py")
    before_a, before_b = version(a), version(b)
    at.slider(key="gw-risk").set_value(0).run()
    ok(at.button(key="save_weights").click().run())
    assert (version(a), version(b)) == (before_a + 1, before_b)


def test_a_refresh_keeps_the_decision_from_the_url(two: Two) -> None:
    (a, _), _ = two
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["ws"] = a
    ok(at.run())
    click_in_sidebar(at, "views/ranking.py")
    assert at.query_params["ws"] == a  # written back, so a refresh of this URL opens A
    again = AppTest.from_file(APP, default_timeout=120)
    again.query_params["ws"] = a
    ok(again.switch_page("views/ranking.py").run())
    assert "Decision A" in everything_shown(again)


def test_an_unknown_decision_is_not_replaced_by_another(two: Two) -> None:  # noqa: ARG001
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["ws"] = "no-such-decision"
    ok(at.switch_page("views/ranking.py").run())
    assert any("no-such-decision" in e.value for e in at.error)
    shown = everything_shown(at)
    assert "Decision A" not in shown
    assert "Decision B" not in shown
    assert not at.dataframe  # nothing ranked
    assert at.sidebar.selectbox[0].value is None  # the picker still offers both


def test_hosted_admin_link_survives_every_page(two: Two, monkeypatch: pytest.MonkeyPatch) -> None:
    (a, code_a), (b, _) = two
    monkeypatch.setenv("CRM_SELECT_HOSTED", "1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["ws"] = a
    at.query_params["code"] = code_a
    ok(at.run())
    for page in PAGES[:-2]:
        click_in_sidebar(at, page)
        assert not any("admin link" in e.value or "admin code" in e.value for e in at.error), page
        assert "Decision A" in everything_shown(at), page
        assert at.query_params["code"] == code_a, page
    click_in_sidebar(at, "views/criteria.py")
    before_a, before_b = version(a), version(b)
    at.slider(key="gw-risk").set_value(0).run()
    ok(at.button(key="save_weights").click().run())
    assert (version(a), version(b)) == (before_a + 1, before_b)


def test_hosted_typed_code_survives_a_page_switch(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    (a, code_a), _ = two
    monkeypatch.setenv("CRM_SELECT_HOSTED", "1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["ws"] = a
    ok(at.switch_page("views/ranking.py").run())
    at.text_input[0].input(code_a)
    ok(at.button[0].click().run())
    ok(at.run())
    assert "Decision A" in everything_shown(at)
    click_in_sidebar(at, "views/finance.py")
    assert "Decision A" in everything_shown(at)
    assert not at.text_input or all(
        ti.label != "Admin code of this decision" for ti in at.text_input
    )


def page_without_access(ws: str) -> list[str]:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["ws"] = ws
    ok(at.switch_page("views/ranking.py").run())
    return [f"{type(e).__name__}:{getattr(e, 'value', '')}" for e in at.main] + [
        f"{type(e).__name__}:{getattr(e, 'value', '')}" for e in at.sidebar
    ]


def test_hosted_ws_without_a_code_shows_nothing_of_the_decision(
    two: Two,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (a, _), _ = two
    monkeypatch.setenv("CRM_SELECT_HOSTED", "1")
    known = page_without_access(a)
    assert not any("Decision A" in e for e in known)
    assert known == page_without_access("no-such-decision")
