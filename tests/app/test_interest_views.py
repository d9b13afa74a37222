"""The Ranking page's sensitivity to interests: the gradient view names every leader change and
dragging one interest re-ranks as the service says, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.decision import OpenDecision, open_decision
from crm_select.services.interest_sensitivity import dynamic_view, interest_sensitivity
from crm_select.ui.plain_text import plain
from tests.app.conftest import open_page

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`


@pytest.fixture(scope="module")
def decision() -> OpenDecision:
    catalog = load_catalog()
    return open_decision(load_scenario(EXAMPLE_SCENARIO, catalog), catalog)


def ranking_page(lang: str) -> AppTest:
    return open_page("views/ranking.py", lang)


@pytest.mark.parametrize(
    ("lang", "tab", "change", "groups"),
    [
        ("en", "Sensitivity to interests", "the leader changes from",
         ("functionality", "deadlines", "budget", "risk")),
        # AppTest formats a picked option in the test's language, not the page's: the Russian
        # page is read at its default interest (the first) without picking
        ("ru", "Чувствительность к интересам", "лидер меняется", ("functionality",)),
    ],
)  # fmt: skip
def test_every_leader_change_of_the_gradient_is_named(
    fresh_data: Path,  # noqa: ARG001
    decision: OpenDecision,
    lang: str,
    tab: str,
    change: str,
    groups: tuple[str, ...],
) -> None:
    at = ranking_page(lang)
    assert tab in [t.label for t in at.tabs]
    changes = interest_sensitivity(decision).changes
    names = decision.option_names(lang)  # type: ignore[arg-type]
    for group in groups:
        if lang == "en":
            at.selectbox(key="grad_group").set_value(group).run()
        assert not at.exception
        said = [i.value for i in at.info if change in i.value]
        ours = [c for c in changes if c.group == group]
        assert len(said) == len(ours)
        for c, line in zip(ours, said, strict=True):
            assert plain(names[c.before]) in line
            assert plain(names[c.after]) in line
    if lang == "en":  # drag the budget to 90 %: the bars rank as the service says
        at.selectbox(key="dyn_group").set_value("budget").run()
        at.slider(key="dyn_budget").set_value(90).run()
        assert not at.exception
        leader = dynamic_view(decision, "budget", 0.9).leader
        [now] = [c.value for c in at.caption if c.value.startswith("Weights now:")]
        assert "Budget 90" in now
        assert now.endswith(f"First: {plain(names[leader])}.")
