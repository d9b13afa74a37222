"""An in-app chart that fails to build is a message in its place; the page goes on."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.ui import charts

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`


def test_a_failing_chart_leaves_the_ranking_page_working(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("no chart today")

    monkeypatch.setattr(charts, "ranking_bars", broken)
    app.switch_page("views/ranking.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert any("could not be drawn (ValueError: no chart today)" in w.value for w in app.warning)
    assert any("Rank" in d.value.columns for d in app.dataframe)  # the rest of the page is there
