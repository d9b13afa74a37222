"""Each member weighs, through AppTest in both languages: the facilitator opens a weighting
round, three members weigh the interests in their forms (blind), the board shows each member's
weights beside the group's after the reveal, who is far, and adopting the group's weights
writes them into the decision with their provenance on the Ranking page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.models.weights_source import Aggregation
from crm_select.services.weights import weights
from crm_select.store.api import (
    Actor,
    authenticate,
    list_workspaces,
    load_scenario,
    open_database,
    submit_member_weights,
)
from tests.app.conftest import click, fix_language, join_link_form, ok

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fresh_data_dir")]

APP = str(Path(__file__).resolve().parents[2] / "app.py")
BOARD = "views/committee_board.py"
POINTS = {  # functionality, deadlines, budget, risk
    "Anna": (40, 20, 30, 10),
    "Boris": (50, 10, 20, 20),
    "Chen": (10, 10, 10, 70),
}
INTERESTS = ("functionality", "deadlines", "budget", "risk")
WORDS = {
    "en": {
        "open": "Open a weighting round",
        "reveal": "Reveal the weights",
        "adopt": "Adopt",
        "save": "Save",
        "invite": "Invite and create link",
        "far": "Far from the group: Chen",
        "aip": "Group weights: AIP",
        "hidden": "stay hidden until you reveal",
        "group": "Group",
        "provenance": "Weights: group of 3 members (Anna, Boris, Chen; AIP",
        "form": "Your weights (weighting round 1)",
        "others": "Everyone's weights",
        "open_next": "Open weighting round 2",
    },
    "ru": {
        "open": "Открыть раунд взвешивания",
        "reveal": "Раскрыть веса",
        "adopt": "Принять",
        "save": "Сохранить",
        "invite": "Пригласить и создать ссылку",
        "far": "Далеко от группы: Chen",
        "aip": "Веса группы: AIP",
        "hidden": "скрыты, пока вы их не раскроете",
        "group": "Группа",
        "provenance": "Веса: группа из 3 участников (Anna, Boris, Chen; AIP",
        "form": "Ваши веса (раунд взвешивания 1)",
        "others": "Веса всех участников",
        "open_next": "Открыть раунд взвешивания 2",
    },
}


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.error, *at.success)]
    parts += [e.value for e in (*at.subheader, *at.warning)]
    return "\n".join(str(p) for p in parts)


def start(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    ok(at.run())
    return ok(at.switch_page(BOARD).run())


def invite(at: AppTest, name: str, lang: str) -> tuple[str, str]:
    at.text_input(key="committee_name").input(name)
    at.text_input(key="committee_dept").input("Sales")
    click(at, WORDS[lang]["invite"])
    query = parse_qs(urlsplit(at.code[-1].value).query)
    return query["ws"][0], query["token"][0]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_three_members_weigh_and_the_facilitator_adopts_the_group(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fix_language(monkeypatch, lang)
    w = WORDS[lang]
    board = start(lang)
    tokens = {name: invite(board, name, lang) for name in POINTS}
    click(board, w["open"])
    assert w["hidden"] in texts(board)
    forms: dict[str, AppTest] = {}

    for name, (ws, token) in tokens.items():
        form = join_link_form(ws, token, lang)
        assert w["form"] in texts(form)
        for interest, value in zip(INTERESTS, POINTS[name], strict=True):
            form.text_input(key=f"mw_1_interests_{interest}").input(str(value))
        save = next(b for b in form.button if b.label == w["save"])  # the interests' form
        ok(save.click().run())
        assert not form.error, [e.value for e in form.error]
        forms[name] = form
    assert "Chen" not in texts(ok(forms["Anna"].run()))  # blind: nobody sees the others

    ok(board.run())
    click(board, w["reveal"])
    shown = texts(board)
    assert w["aip"] in shown
    assert w["far"] in shown  # Chen puts 70 % on risk, the others 10-20 %
    interests = next(
        d.value for d in board.dataframe if w["group"] in getattr(d.value, "columns", [])
    )
    assert {"Anna", "Boris", "Chen"} <= set(interests.columns)
    click(board, w["adopt"])
    revealed = texts(ok(forms["Anna"].run()))
    assert w["others"] in revealed
    assert w["far"] in revealed

    ws_id = next(iter(tokens.values()))[0]
    sc = load_scenario(open_database(), Actor.operator(ws_id))
    shares = weights(sc.criteria).group_shares
    # by hand: the mean of (0.4, 0.5, 0.1), (0.2, 0.1, 0.1), (0.3, 0.2, 0.1), (0.1, 0.2, 0.7)
    assert [shares[i] for i in INTERESTS] == pytest.approx([1 / 3, 0.4 / 3, 0.2, 1 / 3])
    assert [w.id for w in list_workspaces(open_database())] == [ws_id]
    ranking = ok(board.switch_page("views/ranking.py").run())
    assert w["provenance"] in "\n".join(c.value for c in ranking.caption)


AGGREGATION_WORDS = {
    "en": {
        "aij": "AIJ: the geometric mean of their judgements",
        "unavailable": "AIJ is not available: it pools pairwise judgements, and Anna gave points",
        "aij_help": "AIJ: the members' pairwise judgements pooled by their geometric mean",
        "provenance": "(Anna, Boris, Chen; AIJ, the priorities of the geometric mean",
    },
    "ru": {
        "aij": "AIJ: среднее геометрическое их суждений",
        "unavailable": "AIJ недоступен: он объединяет попарные суждения, а баллами взвешивали Anna",
        "aij_help": "AIJ: попарные суждения участников объединяются средним геометрическим",
        "provenance": "(Anna, Boris, Chen; AIJ — приоритеты среднего геометрического",
    },
}
# each member's judgements of the interests: functionality vs deadlines, vs budget, vs risk
PAIRS = {"Anna": (3, 2, 4), "Boris": (1, 1 / 2, 2), "Chen": (5, 3, 1)}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_facilitator_aggregates_judgements_when_everyone_judged_pairwise(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round 1: Anna gives points, so AIJ is not offered (the two AIP means are) and the page
    says why; round 2 (each starting from their round-1 weights): Anna judges pairwise too, AIJ
    is chosen and adopted, and the Ranking page's provenance line names it."""
    fix_language(monkeypatch, lang)
    w, a = WORDS[lang], AGGREGATION_WORDS[lang]
    board = start(lang)
    tokens = {name: invite(board, name, lang) for name in PAIRS}
    click(board, w["open"])
    db = open_database()
    members = {name: authenticate(db, ws, token) for name, (ws, token) in tokens.items()}

    def judged(name: str) -> list[tuple[str, str, float]]:
        x, y, z = PAIRS[name]
        return [("functionality", "deadlines", x), ("functionality", "budget", y),
                ("functionality", "risk", z)]  # fmt: skip

    submit_member_weights(db, members["Anna"], "interests", points={"functionality": 1},
                          expected_version=0)  # fmt: skip
    for name in ("Boris", "Chen"):
        submit_member_weights(db, members[name], "interests", judgements=judged(name),
                              expected_version=0)  # fmt: skip
    ok(board.run())
    click(board, w["reveal"])
    offered = board.radio(key="weighting_aggregation_1")
    assert a["aij"] not in offered.options  # the two means of their priorities stay offered
    assert len(offered.options) == 2
    assert a["unavailable"] in texts(board)

    click(board, w["open_next"])
    submit_member_weights(db, members["Anna"], "interests", judgements=judged("Anna"),
                          expected_version=1)  # round 2 starts from her round-1 points  # fmt: skip
    ok(board.run())
    click(board, w["reveal"])
    radio = board.radio(key="weighting_aggregation_2")
    assert a["aij"] in radio.options
    assert a["unavailable"] not in texts(board)
    ok(radio.set_value(Aggregation.AIJ_GEOMETRIC).run())
    assert a["aij_help"] in texts(board)
    click(board, w["adopt"])
    sc = load_scenario(open_database(), Actor.operator(next(iter(tokens.values()))[0]))
    assert sc.weights_source is not None
    assert sc.weights_source.aggregation is Aggregation.AIJ_GEOMETRIC
    ranking = ok(board.switch_page("views/ranking.py").run())
    assert a["provenance"] in "\n".join(c.value for c in ranking.caption)


@pytest.mark.parametrize(("lang", "state"), [("en", "open"), ("ru", "открыты")])
def test_the_board_says_the_weights_are_open_in_full(
    lang: str, state: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The weights' state is a badge with its whole word (a metric cut "открыты" to "откр…")."""
    fix_language(monkeypatch, lang)
    board = start(lang)
    assert any(f"{state}]" in m.value for m in board.markdown if "badge" in m.value)
