"""2 · Criteria & weights: a criterion added under an interest with a name in the user's
language, renamed, removed after a confirmation that says what goes with it; refusals shown in
the user's language; every change a new version. Both languages, on the b2b example."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select import locales
from crm_select.locales import Lang
from crm_select.models.criteria import Interest
from crm_select.models.scenario import Scenario
from crm_select.store.api import Actor, list_workspaces, load_scenario, lock_weights, open_database
from crm_select.store.api import versions as stored_versions
from tests.app.conftest import app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages

NAMES = {
    "en": ("Mobile app quality", "Ease of use for managers", "Ease of use for sales reps"),
    "ru": ("Качество мобильного приложения", "Удобство для менеджеров", "Удобство для продавцов"),
}


def operator() -> Actor:
    return Actor.operator(list_workspaces(open_database())[0].id, "test")


def stored() -> Scenario:
    return load_scenario(open_database(), operator())


def n_versions() -> int:
    return len(stored_versions(open_database(), operator()))


def page(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> AppTest:
    at = app_in(monkeypatch, lang)
    at.switch_page("views/criteria.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def submit(at: AppTest, form: str) -> None:
    (button,) = [b for b in at.button if str(b.key).startswith(f"FormSubmitter:{form}-")]
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]


def said(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


def tr(key: str, lang: Lang, **fmt: object) -> str:
    return locales.translate(key, lang, **fmt)


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_add_a_criterion(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = page(monkeypatch, lang)
    new, _, _ = NAMES[lang]
    before = n_versions()
    at.selectbox(key="crit_add_group").set_value(Interest.RISK)
    at.text_input(key="crit_add_name").set_value(new)
    submit(at, "criterion_add")
    group = tr("group.risk", lang)
    assert tr("criteria_edit.added", lang, name=new, group=group) in said(at, "success")
    sc = stored()
    added = sc.criteria.groups[-1].criteria[-1]
    assert added.name == {lang: new}
    assert n_versions() == before + 1
    # the new criterion is a row of the risk group's weights and a column raters score ...
    at.switch_page("views/scoring.py").run()
    assert not at.exception
    # ... and until somebody scores it the Ranking page says it is left out, by name
    at.switch_page("views/ranking.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(new in w and tr("gaps.why_no_raters", lang) in w for w in said(at, "warning"))


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_duplicate_and_empty_names_are_refused(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = page(monkeypatch, lang)
    _, existing, _ = NAMES[lang]
    before = n_versions()
    at.text_input(key="crit_add_name").set_value(existing.upper())
    submit(at, "criterion_add")
    assert tr("criteria_edit.error_duplicate_name", lang, name=existing.upper()) in said(
        at, "error"
    )
    at.text_input(key="crit_add_name").set_value("  ")
    submit(at, "criterion_add")
    assert tr("criteria_edit.error_empty_name", lang) in said(at, "error")
    assert n_versions() == before


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_rename_keeps_the_id_and_the_other_language(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = page(monkeypatch, lang)
    _, old, new = NAMES[lang]
    at.selectbox(key="crit_ren").set_value("usability")
    at.text_input(key="crit_ren_name").set_value(new)
    submit(at, "criterion_rename")
    assert tr("criteria_edit.renamed", lang, old=old, new=new) in said(at, "success")
    c = next(c for c in stored().criteria.criteria if c.id == "usability")
    other: Lang = "ru" if lang == "en" else "en"
    assert c.name[lang] == new  # type: ignore[index]
    assert c.name[other] == NAMES[other][1]  # type: ignore[index]


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_remove_asks_and_says_what_goes(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = page(monkeypatch, lang)
    _, name, _ = NAMES[lang]
    at.selectbox(key="crit_rm").set_value("usability").run()
    warning = next(w for w in said(at, "warning") if tr("criteria_edit.goes", lang, name=name) in w)
    assert "Sergey Petrov" in warning  # raters by name, with their cells
    assert "petrov" not in warning
    button = at.button(key="crit_rm_button")
    assert button.disabled  # not before the confirmation
    at.checkbox(key="crit_rm_sure_usability").check().run()
    at.button(key="crit_rm_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert tr("criteria_edit.removed", lang, name=name) in said(at, "success")
    sc = stored()
    assert "usability" not in {c.id for c in sc.criteria.criteria}
    assert all("usability" not in cells for r in sc.scores.values() for cells in r.values())


@pytest.mark.usefixtures("fresh_data")
def test_the_last_criterion_of_an_interest_cannot_go(monkeypatch: pytest.MonkeyPatch) -> None:
    at = page(monkeypatch, "en")
    for gone in ("tco", "upfront_cash"):
        at.selectbox(key="crit_rm").set_value(gone).run()
        at.checkbox(key=f"crit_rm_sure_{gone}").check().run()
        at.button(key="crit_rm_button").click().run()
    at.selectbox(key="crit_rm").set_value("cost_predictability").run()
    assert tr("criteria_edit.error_last_in_group", "en", group="Budget") in said(at, "info")
    assert not [b for b in at.button if b.key == "crit_rm_button"]


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_locked_weights_refuse_a_new_criterion(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = page(monkeypatch, lang)
    lock_weights(open_database(), operator())
    before = n_versions()
    at.text_input(key="crit_add_name").set_value(NAMES[lang][0])
    submit(at, "criterion_add")
    assert tr("criteria_edit.locked", lang) in said(at, "error")
    assert n_versions() == before
