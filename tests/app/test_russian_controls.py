"""The TCO & ROI and Ranking pages' controls write numbers as the language does: the trials and
samples sliders "10 000" (not "10000"), the seeds text boxes in the locale's format (not
``st.number_input``'s "42.00"), typed seeds read back; the methods side by side under short
headers (all five in view at 1024 px; the full name in the tooltip). And the guided weighting's
points on the Criteria page, "66,7" in Russian."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.locales import Lang
from tests.app.conftest import app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages
NBSP = "\u00a0"  # CLDR's Russian group separator
GROUPED = {
    "ru": ["2" + NBSP + "000", "10" + NBSP + "000", "50" + NBSP + "000", "100" + NBSP + "000"],
    "en": ["2,000", "10,000", "50,000", "100,000"],
}
"""The TCO & ROI page's trial counts, written by hand as each language groups thousands."""


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def options_of(at: AppTest, key: str) -> list[str]:
    """A select slider's choices as the page shows them."""
    return list(at.select_slider(key=key).proto.options)


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_finance_run_form_writes_numbers_as_the_language_does(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = visit(app_in(monkeypatch, lang), "views/finance.py")
    assert options_of(at, "finance_trials") == GROUPED[lang]
    seed = at.text_input(key="finance_seed")
    assert not at.number_input  # no sprintf "42.00" anywhere on the run form
    assert seed.value is not None
    assert seed.value.isdigit()  # an identifier: its digits, no group separators, no ".00"
    assert at.checkbox(key="finance_lhs").label == (
        "Латинский гиперкуб" if lang == "ru" else "Latin hypercube sampling"
    )


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_ranking_pages_samples_seeds_and_methods_table(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    at = visit(app_in(monkeypatch, lang), "views/ranking.py")
    samples = options_of(at, "smaa_n")
    assert ("10" + NBSP + "000" if lang == "ru" else "10,000") in samples
    assert "10000" not in samples
    assert at.text_input(key="smaa_seed").value == "0"
    assert at.text_input(key="conf_seed").value is not None
    assert not at.number_input

    # a typed seed is read back
    at.text_input(key="smaa_seed").set_value("7").run()
    assert not at.exception
    assert at.text_input(key="smaa_seed").value == "7"
    assert not at.error

    # the methods side by side: short headers, the full names in the tooltips
    full = (
        ["Взвешенная сумма", "Взвешенное произведение"]
        if lang == "ru"
        else ["Weighted sum", "Weighted product"]
    )
    configs = [json.loads(d.proto.columns or "{}") for d in at.dataframe]
    methods = [c for c in configs if full[0] in c]
    assert len(methods) == 2  # the ranks and the Spearman agreement
    for config in methods:
        assert config[full[0]]["label"] == "WSM"
        assert config[full[0]]["help"] == full[0]
        assert config[full[1]]["label"] == "WPM"
