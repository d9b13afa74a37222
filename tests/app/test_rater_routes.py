"""The rater page's routes: the join link carries the facilitator's language, and the menu's
"Score (rater link)" explains itself to the facilitator instead of ending the journey."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def invite_link(at: AppTest, name: str) -> dict[str, list[str]]:
    at.text_input(key="committee_name").input(name)
    at.text_input(key="committee_dept").input("Sales")
    [send] = [b for b in at.button if b.label == "Invite and create link"]
    ok(send.click().run())
    return parse_qs(urlsplit(at.code[-1].value).query)


def test_join_links_carry_the_language_and_open_in_it(fresh_data: Path) -> None:  # noqa: ARG001
    at = ok(AppTest.from_file(APP, default_timeout=120).run())
    ok(at.switch_page("views/committee_board.py").run())
    query = invite_link(at, "Anna Lee")
    assert query["lang"] == ["en"]  # the facilitator's language when inviting

    for language, title in (("ru", "Ваши оценки"), ("en", "Your scores")):
        rater = AppTest.from_file(APP, default_timeout=120)
        rater.query_params.update(ws=query["ws"][0], token=query["token"][0], lang=language)
        ok(rater.run())
        assert rater.title[0].value == title


def test_the_rater_menu_entry_leads_the_facilitator_to_the_board(app: AppTest) -> None:
    ok(app.switch_page("views/committee_rate.py").run())
    assert any("personal join links" in i.value for i in app.info)
    links = [e for e in app.main if getattr(e, "type", None) == "page_link"]
    assert links
    assert not app.error
