"""Guided weighting on the Criteria page: a member answers the questions one at a time (never more
than 2n), sees the weights and uses them; both languages."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

USE = "FormSubmitter:elicit:criteria:interests:use-Use these weights"


def criteria_page(lang: str) -> AppTest:
    return open_page("views/criteria.py", lang)


def group_points(at: AppTest) -> list[float]:
    """The four interests' direct points as the page's sliders show them after a save."""
    return [float(cast(float, s.value)) for s in at.slider if str(s.key).startswith("gw-")]


def test_answering_every_question_gives_weights_that_are_used(
    fresh_data: Path,  # noqa: ARG001
) -> None:
    at = criteria_page("en")
    asked = 0
    while any(b.label == "Answer" for b in at.button):
        [go] = [b for b in at.button if b.label == "Answer"]
        go.click().run()  # the first choice each time: a consistent member
        assert not at.exception, [e.value for e in at.exception]
        asked += 1
        assert asked <= 2 * 4
    assert any("All questions answered" in s.value for s in at.success)
    at.button(key=USE).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("saved as direct points" in s.value for s in at.success)
    # the first item chosen every time ranks the interests in the tree's order, and preferring
    # the partial improvement of the top one every time makes each worth less than the one above
    points = group_points(at)
    assert points[0] == 100
    assert points == sorted(points, reverse=True)
    assert len(set(points)) == len(points)


def test_the_panel_speaks_russian(fresh_data: Path) -> None:  # noqa: ARG001
    at = criteria_page("ru")
    assert "Найти веса через выбор" in [s.value for s in at.subheader]
    assert any(b.label == "Ответить" for b in at.button)
