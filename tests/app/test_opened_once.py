"""A page opens its scenario's decision once (:func:`crm_select.ui.compute.decision`), and an edit
shows at once: renaming a criterion on the Criteria page renames it on the Ranking and Scoring
pages (English and Russian, on the b2b example)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.locales import Lang
from crm_select.models.loader import load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.ui import compute
from crm_select.ui.cache import catalog
from tests.app.conftest import app_in

OLD = {"en": "Ease of use for managers", "ru": "Удобство для менеджеров"}
NEW = {"en": "Usability for the sales floor", "ru": "Удобство для отдела продаж"}


def test_one_scenario_object_is_opened_once() -> None:
    scenario = load_scenario(EXAMPLE_SCENARIO, catalog())
    first = compute.decision(scenario)
    assert compute.decision(scenario) is first
    same_content = scenario.model_copy(deep=True)
    assert compute.decision(same_content) is not first  # another object: opened anew
    assert compute.decision(same_content).option_ids == first.option_ids


def test_an_edited_copy_is_opened_with_its_edit() -> None:
    scenario = load_scenario(EXAMPLE_SCENARIO, catalog())
    before = compute.decision(scenario).criterion_names("en")
    criteria = scenario.criteria.model_copy(deep=True)
    usability = next(c for g in criteria.groups for c in g.criteria if c.id == "usability")
    usability.name = {"en": "Renamed", "ru": "Переименован"}
    edited = scenario.model_copy(update={"criteria": criteria})
    assert compute.decision(edited).criterion_names("en")["usability"] == "Renamed"
    assert compute.decision(scenario).criterion_names("en") == before


def shown(at: AppTest) -> list[str]:
    """Every text the page shows: messages, tables (cells, columns, index), select options."""
    out = [
        str(e.value)
        for kind in ("markdown", "caption", "text", "info", "warning", "success", "title")
        for e in getattr(at, kind)
    ]
    for d in at.dataframe:
        frame = d.value
        out += [str(c) for c in frame.columns] + [str(i) for i in frame.index]
        out += [str(x) for x in frame.astype(str).to_numpy().ravel()]
    out += [str(o) for s in at.selectbox for o in s.options]
    out += [str(e.proto.columns) for e in at.get("arrow_data_frame")]  # editors' column labels
    return out


@pytest.mark.slow  # AppTest runs whole pages
@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_renamed_criterion_is_named_anew_on_every_page(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = app_in(monkeypatch, lang)
    for page in ("views/ranking.py", "views/scoring.py"):
        at.switch_page(page).run()
        assert any(OLD[lang] in s for s in shown(at)), page
    at.switch_page("views/criteria.py").run()
    at.selectbox(key="crit_ren").set_value("usability")
    at.text_input(key="crit_ren_name").set_value(NEW[lang])
    (save,) = [b for b in at.button if str(b.key).startswith("FormSubmitter:criterion_rename-")]
    save.click().run()
    assert not at.exception, [e.message for e in at.exception]
    for page in ("views/ranking.py", "views/scoring.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        texts = shown(at)
        assert any(NEW[lang] in s for s in texts), page
        assert not any(OLD[lang] in s for s in texts), page
