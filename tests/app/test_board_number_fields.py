"""The board's department weighting set is typed as the user's language writes numbers (text
boxes through ui/number_field.py, not ``st.number_input``'s "35.00"): shown as "35", read back
with a decimal comma in Russian; a value out of bounds is refused under the box, naming it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.store.api import Actor, list_workspaces, open_database, weighting_sets
from tests.app.conftest import app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages
BOARD = "views/committee_board.py"
WORDS = {
    "en": ("Save the department's weights", "12.5", "Budget", "between 0 and 100"),
    "ru": ("Сохранить веса отдела", "12,5", "Бюджет", "от 0 до 100"),
}


def sets() -> dict[str, dict[str, float]]:
    db = open_database()
    ws = list_workspaces(db)[0].id
    return {s.department: s.weights for s in weighting_sets(db, Actor.operator(ws, "test"))}


def save(at: AppTest, label: str) -> None:
    [button] = [b for b in at.button if str(b.key).startswith("FormSubmitter:committee_weights")]
    assert label in str(button.label)
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_department_set_is_typed_in_the_users_format(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    label, typed, budget, bounds = WORDS[lang]
    at = app_in(monkeypatch, lang)  # the language fixed: AppTest formats the radios' values
    at.switch_page(BOARD).run()
    assert not at.exception, [e.value for e in at.exception]
    boxes = {g: at.text_input(key=f"committee_w_{g}") for g in ("functionality", "budget")}
    assert boxes["functionality"].value == "35"  # the example's points, not "35.00"
    at.text_input(key="committee_set_dept").input("Finance")
    boxes["budget"].input(typed)
    save(at, label)
    assert sets()["Finance"]["budget"] == 12.5
    assert sets()["Finance"]["functionality"] == 35

    at.text_input(key="committee_w_budget").input("250")
    save(at, label)
    refusal = " ".join(str(e.value) for e in at.error)
    assert budget in refusal
    assert bounds in refusal.replace("\u00a0", " ")
    assert sets()["Finance"]["budget"] == 12.5  # the box kept its last good number
