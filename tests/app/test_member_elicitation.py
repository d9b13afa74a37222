"""A committee member who cannot say "budget is 25 %" finds their own weights by answering
questions in the rater form, through AppTest in both languages: trade-off questions for the
budget's three criteria, swing questions for the four interests; they see the weights, adjust
them as points and save them as their own weights of the open weighting round."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import TextInput

from crm_select.store.api import Actor, audit_log, open_database, round_member_weights
from tests.app.conftest import click, fix_language, join_link_form, ok

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fresh_data_dir")]

APP = str(Path(__file__).resolve().parents[2] / "app.py")
WORDS = {
    "en": {
        "invite": "Invite and create link",
        "open": "Open a weighting round",
        "save": "Save these weights as mine",
        "asked": "4 question(s) answered of at most 6; 1 skipped",
        "saved": "Saved: ",
    },
    "ru": {
        "invite": "Пригласить и создать ссылку",
        "open": "Открыть раунд взвешивания",
        "save": "Сохранить эти веса как мои",
        "asked": "Отвечено вопросов: 4 из не более чем 6; пропущено как следующих из прежних ответов: 1",
        "saved": "Сохранено: ",
    },
}

SHARES = {"en": ["57.1%", "28.6%", "14.3%"], "ru": ["57,1\xa0%", "28,6\xa0%", "14,3\xa0%"]}


def open_round(lang: str) -> tuple[str, str]:
    """The facilitator invites Anna and opens a weighting round: her join link's ws and token."""
    board = AppTest.from_file(APP, default_timeout=120)
    board.session_state["lang"] = lang
    ok(board.run(), strict=True)
    ok(board.switch_page("views/committee_board.py").run(), strict=True)
    board.text_input(key="committee_name").input("Anna")
    board.text_input(key="committee_dept").input("Finance")
    click(board, WORDS[lang]["invite"], strict=True)
    query = parse_qs(urlsplit(board.code[-1].value).query)
    click(board, WORDS[lang]["open"], strict=True)
    return query["ws"][0], query["token"][0]


def answer(at: AppTest, level: str, method: str, value: object) -> None:
    """Answer the level's current question with ``value`` (a choice's id or swing points)."""
    step = f":{level}:{method}:q"
    [ask] = [w for w in (*at.radio, *at.slider) if step in str(w.key)]
    ask.set_value(value)
    [go] = [b for b in at.button if str(b.key) == f"{ask.key}:go"]
    ok(go.click().run(), strict=True)


def points_inputs(at: AppTest, level: str, method: str) -> dict[str, TextInput]:
    """The level's adjustable points by item id (text boxes in the language's number format)."""
    mark = f":{level}:{method}:points:"
    return {
        str(n.key).rsplit(":", 1)[1]: n
        for n in at.text_input
        if mark in str(n.key) and not str(n.key).endswith(("shown", "value"))
    }


def saved_shares(ws: str, level: str) -> tuple[int, dict[str, float]]:
    """Anna's stored weights of ``level`` (version, shares), read by the facilitator."""
    db = open_database()
    [record] = [r for r in round_member_weights(db, Actor.operator(ws), 1) if r.level == level]
    assert record.points is not None
    total = sum(record.points.values())
    return record.version, {k: v / total for k, v in record.points.items()}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_member_answers_trade_offs_adjusts_and_saves_their_own_weights(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fix_language(monkeypatch, lang)
    w = WORDS[lang]
    ws, token = open_round(lang)
    form = join_link_form(ws, token, lang, strict=True)
    form.radio(key="mw_method_1_budget").set_value("tradeoff")
    ok(form.run(), strict=True)

    answer(form, "budget", "tradeoff", "upfront_cash")  # improve the upfront cash first,
    answer(form, "budget", "tradeoff", "tco")  # then the TCO (the last place is implied)
    answer(form, "budget", "tradeoff", "equal")  # TCO all the way = upfront cash half the way
    answer(form, "budget", "tradeoff", "equal")  # predictability all the way = cash a quarter
    assert any(w["asked"] in str(p.text) for p in form.get("progress")), "4 asked, 1 implied"
    assert not [b for b in form.button if str(b.key).endswith(":go")]  # no question left
    shown = [str(v) for table in form.table for v in table.value.iloc[:, 0]]
    assert all(p in shown for p in SHARES[lang]), shown  # 4/7, 2/7, 1/7 as the page shows them

    # by hand: swings 1 : 1/2 : 1/4 (both "equal" answers fix the ratios) -> 4/7, 2/7, 1/7
    points = points_inputs(form, "budget", "tradeoff")
    assert {k: n.value for k, n in points.items()} == {  # as the language writes them
        "upfront_cash": "100,0" if lang == "ru" else "100.0",
        "tco": "50,0" if lang == "ru" else "50.0",
        "cost_predictability": "25,0" if lang == "ru" else "25.0",
    }
    click(form, w["save"], strict=True)
    version, shares = saved_shares(ws, "budget")
    assert version == 1
    assert shares == pytest.approx(
        {"upfront_cash": 4 / 7, "tco": 2 / 7, "cost_predictability": 1 / 7}, abs=1e-12
    )
    assert any(w["saved"] in c.value for c in form.caption)

    # adjusted: predictability as important as the TCO -> 100 : 50 : 50 = 1/2, 1/4, 1/4
    points_inputs(form, "budget", "tradeoff")["cost_predictability"].set_value("50")
    click(form, w["save"], strict=True)
    version, shares = saved_shares(ws, "budget")
    assert version == 2
    assert shares == pytest.approx(
        {"upfront_cash": 0.5, "tco": 0.25, "cost_predictability": 0.25}, abs=1e-12
    )
    events = [
        e for e in audit_log(open_database(), Actor.operator(ws)) if e.action == "weights.member"
    ]
    assert [e.payload.get("elicited") for e in events] == ["tradeoff, 4 answers"] * 2


def test_a_member_weighs_the_four_interests_by_swing_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fix_language(monkeypatch, "en")
    ws, token = open_round("en")
    form = join_link_form(ws, token, "en", strict=True)
    form.radio(key="mw_method_1_interests").set_value("tradeoff")
    ok(form.run(), strict=True)
    [method] = [r for r in form.radio if str(r.key).endswith(":interests:method")]
    ok(method.set_value("swing").run(), strict=True)
    for first in ("functionality", "budget", "deadlines"):  # risk last, implied
        answer(form, "interests", "swing", first)
    for swing in (60.0, 30.0, 10.0):  # budget, deadlines, risk against functionality's 100
        answer(form, "interests", "swing", swing)
    click(form, "Save these weights as mine", strict=True)
    _, shares = saved_shares(ws, "interests")
    # by hand: 100 + 60 + 30 + 10 = 200 points
    assert shares == pytest.approx(
        {"functionality": 0.5, "budget": 0.3, "deadlines": 0.15, "risk": 0.05}, abs=1e-12
    )
