"""1 · Decision, "New from the catalog": a blank profile with the default criteria tree, or a
bundled example as the template; nothing is copied from the decision open at the time (the
b2b example, StroyOptTorg, 40 users). Both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_select import locales
from crm_select.locales import Lang
from crm_select.models.scenario import Scenario
from crm_select.store.api import Actor, list_workspaces, load_scenario, open_database
from tests.app.conftest import app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def started(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> AppTest:
    at = app_in(monkeypatch, lang)
    at.switch_page("views/decision.py").run()
    assert not at.exception
    return at


def create(at: AppTest) -> None:
    """Click the form's Create button (its key carries the label, in the user's language)."""
    (button,) = [b for b in at.button if str(b.key).startswith("FormSubmitter:new_decision-")]
    button.click().run()


def newest_scenario() -> Scenario:
    db = open_database()
    ws = list_workspaces(db)[0].id
    return load_scenario(db, Actor.operator(ws, "test"))


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_blank_profile(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = started(monkeypatch, lang)
    assert at.radio(key="new_template").value == "blank"
    at.text_input[0].set_value("Pilot 2027")
    at.text_input[1].set_value("Acme Trading")
    at.text_input(key="new_users").set_value("120")
    at.multiselect[0].set_value(["amocrm", "kommo"])
    create(at)
    assert not at.exception, [e.message for e in at.exception]
    assert locales.translate("new.created_blank", lang) in [s.value for s in at.success]
    sc = newest_scenario()
    assert sc.name == "Pilot 2027"
    assert sc.language == lang
    assert sc.company.name == "Acme Trading"  # not StroyOptTorg LLC
    assert sc.company.crm_users == 120  # not the example's 40
    assert sc.company.annual_revenue == 0
    assert [len(g.criteria) for g in sc.criteria.groups] == [14, 4, 3, 12]
    assert {g.weight for g in sc.criteria.groups} == {25}
    assert sc.finance_scenarios == []
    # every page opens on it
    for page in ("views/criteria.py", "views/scoring.py", "views/ranking.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_example_as_template(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = started(monkeypatch, lang)
    at.radio(key="new_template").set_value("bank-500").run()
    new_form = [w for w in at.text_input if w.form_id == "new_decision"]
    assert len(new_form) == 1  # no blank-profile fields
    at.text_input[0].set_value("Bank, second look")
    at.multiselect[0].set_value(["creatio", "1c-crm"])
    create(at)
    assert not at.exception, [e.message for e in at.exception]
    assert locales.translate("new.created_example", lang) in [s.value for s in at.success]
    sc = newest_scenario()
    assert sc.company.name == "АО «Волга-Кредит Банк»"
    assert sc.company.crm_users == 500
    assert [o.option_id for o in sc.options] == ["creatio", "1c-crm"]
    assert sc.raters == []


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_refused_company_profile_names_the_rule(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = started(monkeypatch, lang)
    label = locales.translate("company.cross_sell_revenue", lang, ccy="RUB")
    [field] = [n for n in at.text_input if n.label == label]
    field.set_value(locales.number(1e12, lang))
    (save,) = [b for b in at.button if str(b.key).startswith("FormSubmitter:company-")]
    save.click().run()
    assert not at.exception
    limit = locales.money(1.2e9 * 0.7, "RUB", lang)  # the b2b example's existing revenue
    assert [e.value for e in at.error] == [
        locales.translate("company.error_cross_sell", lang, limit=limit)
    ]


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_nameless_decision_is_refused_in_words(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = started(monkeypatch, lang)
    at.text_input[0].set_value(" ")
    at.multiselect[0].set_value(["amocrm"])
    create(at)
    assert [e.value for e in at.error] == [locales.translate("new.error_no_name", lang)]
    at.text_input[0].set_value("Named")
    at.multiselect[0].set_value([])
    create(at)
    assert [e.value for e in at.error] == [locales.translate("new.error_no_options", lang)]
