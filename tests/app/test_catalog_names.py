"""Options are named in the user's language: the English UI shows no Russian edition or product
name, the Russian UI shows the Russian one (Overview, Options, Ranking on the b2b example)."""

from __future__ import annotations

import re

import pytest

from crm_select.locales import Lang
from tests.app.conftest import app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages

CYRILLIC = re.compile("[а-яА-ЯёЁ]")
ONE_C = {"en": "1C:CRM PROF / CORP 3.1", "ru": "1С:CRM ПРОФ / КОРП 3.1"}
IN_HOUSE = {"en": "In-house IT department", "ru": "Собственный ИТ-отдел"}
BOX = {"en": "1C-Bitrix24 on-premise (boxed)", "ru": "1С-Битрикс24, коробочная версия"}


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_names_in_the_users_language(monkeypatch: pytest.MonkeyPatch, lang: Lang) -> None:
    at = app_in(monkeypatch, lang)
    at.switch_page("views/home.py").run()
    assert not at.exception
    catalog = at.dataframe[0].value
    names, editions = list(catalog.iloc[:, 0]), list(catalog.iloc[:, 4])
    vendors = list(catalog.iloc[:, 1])
    assert ONE_C[lang] in names
    assert BOX[lang] in names
    assert IN_HOUSE[lang] in vendors  # a vendor described in words reads in the user's language
    if lang == "en":
        assert not [n for n in names + editions + vendors if CYRILLIC.search(str(n))]
    else:
        assert "Профессиональный (100 пользователей)" in editions  # Bitrix24 (cloud)
        assert IN_HOUSE["en"] not in vendors
    at.switch_page("views/ranking.py").run()
    assert not at.exception
    ranked = next(d.value for d in at.dataframe if len(d.value) == 4)
    assert {ONE_C[lang], BOX[lang]} <= set(ranked.iloc[:, 1])
    at.switch_page("views/options.py").run()
    assert not at.exception
    shortlist = at.selectbox(key="ovr_option").options  # with each option's edition
    assert f"{ONE_C[lang]} · " in shortlist[-1]
    if lang == "en":
        assert not [n for n in shortlist if CYRILLIC.search(n)]
    else:
        assert "amoCRM · Расширенный" in shortlist
