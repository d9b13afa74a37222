"""Scoring and Ranking say once, by name, which criteria the ranking leaves out and why, and
list the cells nobody scored in one expander instead of one warning per cell (both languages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from crm_select import locales
from crm_select.locales import Lang
from crm_select.store.api import create_workspace, open_database
from tests.services.test_score_gaps import gappy

pytestmark = pytest.mark.slow  # AppTest runs whole pages

APP = str(Path(__file__).resolve().parents[2] / "app.py")
NAMES = {
    "en": ("Ease of use for managers", "Fit to our sales process", "no rater has scored it"),
    "ru": ("Удобство для менеджеров", "Соответствие нашим процессам продаж", "ни один эксперт"),
}


@pytest.fixture
def opened(fresh_data: Path) -> Iterator[AppTest]:  # noqa: ARG001
    ws = create_workspace(open_database(), gappy(), "Chair").workspace_id
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["ws"] = ws
    yield at
    st.cache_resource.clear()


def unescaped(value: object) -> str:
    return re.sub(r"\\(.)", r"\1", str(value))


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("page", ["views/scoring.py", "views/ranking.py"])
def test_left_out_criteria_named_once(opened: AppTest, page: str, lang: Lang) -> None:
    at = opened
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    usability, process_fit, why = NAMES[lang]
    said = [unescaped(w.value) for w in at.warning]
    gap = [s for s in said if usability in s]
    assert len(gap) == 1, said
    assert process_fit in gap[0]
    assert why in gap[0]
    assert "amoCRM" in gap[0]  # process_fit: not scored for amoCRM, by name
    assert "usability" not in gap[0]
    assert "amocrm" not in gap[0]
    # the unscored cells: a count and one expander, not a warning each
    per_cell = locales.translate("warning.cell_unscored", lang)
    lines = [unescaped(c.value) for c in at.caption] + said
    assert not [s for s in lines if per_cell in s]
    listed = [
        e
        for e in at.expander
        if e.label.startswith(locales.translate("gaps.unscored_list", lang, n=5))
    ]
    assert len(listed) == 1
    table = listed[0].dataframe[0].value
    assert len(table) == 4  # every option has usability unscored
    assert any(usability in cell and process_fit in cell for cell in table.iloc[:, 1])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_ranking_names_its_normalisation(opened: AppTest, lang: Lang) -> None:
    at = opened
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("views/ranking.py").run()
    shown = [unescaped(c.value) for c in at.caption]
    norm = locales.translate("ranking.norm_minmax", lang)
    assert locales.translate("ranking.normalisation", lang, norm=norm) in shown
    assert not [s for s in shown if "minmax" in s]
