"""Numbers typed as the user's language writes them (ui/number_field.py), on the company profile
(1 · Decision) in both languages: shown in the language's format, read back with its
separators; bad text or a value out of bounds is refused under the field, naming it, and the
form saves nothing until it is corrected. And the TCO & ROI page's model messages in Russian."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select import locales
from crm_select.locales import Lang
from crm_select.models.scenario import Scenario
from crm_select.store.api import Actor, list_workspaces, load_scenario, open_database
from tests.app.conftest import app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages
NBSP = "\u00a0"
TYPED = {"ru": "26 000,50", "en": "26,000.50"}
"""26,000.5 as a user types it: a plain space between thousands and a decimal comma in
Russian, a comma and a point in English."""


def saved() -> Scenario:
    db = open_database()
    ws = list_workspaces(db)[0].id
    return load_scenario(db, Actor.operator(ws, "test"))


def company_page(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> AppTest:
    at = app_in(monkeypatch, lang)
    at.switch_page("views/decision.py").run()
    assert not at.exception
    return at


def save_company(at: AppTest) -> None:
    (button,) = [b for b in at.button if str(b.key).startswith("FormSubmitter:company-")]
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_money_is_shown_and_read_in_the_users_format(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = company_page(monkeypatch, lang)
    revenue = at.text_input(key="company_annual_revenue")
    before = saved().company.annual_revenue
    assert before == 1_200_000_000  # the example's revenue, shown as the language writes it
    assert revenue.value == (
        "1 200 000 000".replace(" ", NBSP) if lang == "ru" else "1,200,000,000"
    )
    margin = at.text_input(key="company_gross_margin")
    assert margin.value == ("0,22" if lang == "ru" else "0.22")  # not "0.22" in Russian

    labour = at.text_input(key="company_loaded_labour_cost_per_day")
    labour.set_value(TYPED[lang])
    save_company(at)
    assert saved().company.loaded_labour_cost_per_day == 26_000.5
    assert not at.error
    # the saved value comes back in the field (next run), in the language's format
    at.run()
    shown = at.text_input(key="company_loaded_labour_cost_per_day").value
    assert shown == ("26 000,5".replace(" ", NBSP) if lang == "ru" else "26,000.5")
    # and again after leaving the page and coming back (Streamlit forgot the boxes' text)
    at.switch_page("views/home.py").run()
    at.switch_page("views/decision.py").run()
    assert not at.error, [e.value for e in at.error]
    shown = at.text_input(key="company_loaded_labour_cost_per_day").value
    assert shown == ("26 000,5".replace(" ", NBSP) if lang == "ru" else "26,000.5")


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_bad_text_is_refused_naming_the_field_and_the_value_stays(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = company_page(monkeypatch, lang)
    label = locales.translate("company.labour_cost", lang, ccy="RUB")
    before = saved().company.loaded_labour_cost_per_day
    # English separators in Russian (and Russian ones in English) are not a number there
    wrong = TYPED["en" if lang == "ru" else "ru"]
    at.text_input(key="company_loaded_labour_cost_per_day").set_value(wrong)
    at.text_input(key="company_sales_reps").set_value("26")  # a good change beside it
    save_company(at)
    error, refused = [e.value for e in at.error]  # under the box, then under Save
    assert error.startswith(f"{label}: ")
    assert wrong in error
    assert ("не число" if lang == "ru" else "is not a number") in error
    # the form refuses the save, naming the field: nothing is saved, the good change neither
    assert refused == locales.translate("number_field.form_refused", lang, fields=label)
    stored = saved().company
    assert (stored.loaded_labour_cost_per_day, stored.sales_reps) == (before, 25)  # the example's

    # a share outside 0..1 names its bounds; a fraction of a user is refused
    at.text_input(key="company_loaded_labour_cost_per_day").set_value(locales.number(before, lang))
    at.text_input(key="company_gross_margin").set_value("1,5" if lang == "ru" else "1.5")
    at.text_input(key="company_crm_users").set_value("40,5" if lang == "ru" else "40.5")
    save_company(at)
    errors = [e.value for e in at.error]
    margin = locales.translate("company.gross_margin", lang)
    users = locales.translate("company.crm_users", lang)
    assert any(e.startswith(f"{margin}: ") and "0" in e and "1" in e for e in errors), errors
    assert any(e.startswith(f"{users}: ") for e in errors), errors
    stored = saved().company
    assert (stored.gross_margin, stored.crm_users) == (0.22, 40)


@pytest.mark.usefixtures("fresh_data")
def test_model_messages_are_in_russian(monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_in(monkeypatch, "ru")
    at.switch_page("views/finance.py").run()
    at.select_slider[0].set_value(2_000)
    submit = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:run"))
    submit.click().run()
    assert not at.exception, [e.message for e in at.exception]
    [messages] = [e for e in at.expander if e.label.startswith("Сообщения модели")]
    text = " ".join(m.value for m in messages.markdown).replace("\\", "")  # Markdown escapes
    # the example's initial prices are all below the expected share of TCO (50 %–70 %)
    assert "Начальная цена (лицензии и внедрение по предложению) составляет" in text
    assert f"50{NBSP}%–70{NBSP}%" in text
    assert "- Битрикс24 (облако): Начальная цена" in text  # the option's Russian name
    for english in ("initial price", "of TCO", "bitrix24-cloud", "outside the"):
        assert english not in text
