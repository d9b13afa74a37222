"""A committee member's own weights in the rater form, through AppTest. Points are text boxes in
their language's number format (ui/number_field.py), in both languages: "12,5" is read in
Russian and "12.5" in English; a box with text that is not a number makes the form refuse the
save, naming the interest, and nothing is stored. Pairwise judgements on the verbal scale are
saved as shown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select import locales
from crm_select.locales import Lang
from crm_select.models.loader import load_catalog
from crm_select.models.loader import load_scenario as load_example
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.store.api import (
    Actor,
    create_workspace,
    invite_rater,
    open_database,
    open_weighting,
    round_member_weights,
)
from tests.app.conftest import fix_language, join_link_form, ok

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fresh_data_dir")]

INTERESTS = ("functionality", "deadlines", "budget", "risk")
HALF = {"ru": "12,5", "en": "12.5"}


def member_in_a_weighting_round() -> tuple[str, str]:
    """A decision on the example with Anna invited and weighting round 1 open: (ws, token)."""
    db = open_database()
    ws = create_workspace(db, load_example(EXAMPLE_SCENARIO, load_catalog()), "Chair").workspace_id
    chair = Actor.operator(ws, "test")
    token = invite_rater(db, chair, "anna", "Anna", department="Sales")
    open_weighting(db, chair)
    return ws, token


def stored_points(ws: str) -> dict[str, float] | None:
    """Anna's saved points for the interests in round 1 (None: nothing saved)."""
    records = round_member_weights(open_database(), Actor.operator(ws, "test"), 1)
    return next((r.points for r in records if r.level == "interests"), None)


def save_interests(form: AppTest, lang: Lang) -> None:
    """Press Save of the interests' points form (the first form on the page)."""
    label = locales.translate("weighting.save", lang)
    save = next(
        b for b in form.button if b.label == label and "mw_points_1_interests" in str(b.key)
    )
    ok(save.click().run())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_points_are_typed_in_the_members_language_and_bad_text_stops_the_save(
    lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    fix_language(monkeypatch, lang)
    ws, token = member_in_a_weighting_round()
    form = join_link_form(ws, token, lang)
    boxes = {i: form.text_input(key=f"mw_1_interests_{i}") for i in INTERESTS}
    assert {b.value for b in boxes.values()} == {"10"}  # the default points, a whole number
    boxes["risk"].input("40")  # a good change ...
    boxes["budget"].input("abc")  # ... and text that is no number
    save_interests(form, lang)
    budget = locales.translate("group.budget", lang)
    refused = locales.translate("number_field.form_refused", lang, fields=budget)
    errors = [e.value for e in form.error]
    assert refused in errors, errors
    assert any(e.startswith(f"{budget}: ") and "abc" in e for e in errors), errors
    assert stored_points(ws) is None  # nothing saved, not even the good change

    form.text_input(key="mw_1_interests_budget").input(HALF[lang])
    save_interests(form, lang)
    assert not form.error, [e.value for e in form.error]
    assert stored_points(ws) == {"functionality": 10, "deadlines": 10, "budget": 12.5, "risk": 40}
    # the saved half point comes back in the box as the language writes it
    assert form.text_input(key="mw_1_interests_budget").value == HALF[lang]


def test_a_pairwise_save_stores_the_judgements_shown() -> None:
    """Pairwise on the verbal scale: the seeded star (functionality against each other interest,
    equal), two judgements moved to the scale's ends, saved (Save is a callback: a rerun the
    page's 5 s watch starts cannot drop it); the store holds the judgements, and the form shows
    their weights: f = d, b = 9 f, r = f / 9, i.e. (9, 9, 81, 1) / 100."""
    ws, token = member_in_a_weighting_round()
    form = join_link_form(ws, token, "en")
    ok(form.radio(key="mw_method_1_interests").set_value("pairwise").run())
    [seed] = [b for b in form.button if b.label.startswith("Start from the current points")]
    ok(seed.click().run())
    for other, value in (("Budget", 1 / 9), ("Risk", 9.0)):
        [judged] = [s for s in form.select_slider if s.label == f"Functionality vs {other}"]
        ok(judged.set_value(value).run())
    ok(form.button(key="mw_save_pairs_1_interests").click().run())
    assert not form.error, [e.value for e in form.error]
    [record] = round_member_weights(open_database(), Actor.operator(ws, "test"), 1)
    assert [(a, b, round(v, 9)) for a, b, v in record.judgements or ()] == [
        ("functionality", "deadlines", 1.0),
        ("functionality", "budget", round(1 / 9, 9)),
        ("functionality", "risk", 9.0),
    ]
    shown = [c.value for c in form.caption]
    assert "Saved: Functionality 9%, Deadlines 9%, Budget 81%, Risk 1%" in shown, shown
