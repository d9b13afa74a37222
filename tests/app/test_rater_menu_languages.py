"""The menu's "Score (rater link)" explains itself to the facilitator and leads to the board,
in both languages (issue 18: it was a dead end)."""

from __future__ import annotations

import pytest

from crm_select import locales
from crm_select.locales import Lang
from tests.app.conftest import app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_facilitator_is_sent_to_the_board(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = app_in(monkeypatch, lang)
    at.switch_page("views/committee_rate.py").run()
    assert not at.exception
    assert not at.error
    assert locales.translate("auth.rater_page_for_facilitator", lang) in [i.value for i in at.info]
    [link] = [e for e in at.main if getattr(e, "type", None) == "page_link"]
    assert link.proto.label == locales.translate("auth.to_board", lang)
    assert link.proto.page == "committee_board"
