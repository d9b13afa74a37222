"""The Report page shows a message in place of a chart that could not be drawn, and the rest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.reports import charts as charts_module
from crm_select.reports.render import ChartSet, JsonSpec, render_pngs

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`


def test_a_chart_that_fails_is_a_message_not_a_crash(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def tco_fails(specs: dict[str, JsonSpec], scale: float = 2.0) -> ChartSet:
        drawn = render_pngs({k: v for k, v in specs.items() if k != "tco"}, scale)
        return ChartSet(drawn.images, {"tco": "the renderer stopped (exit code 134)"}, tuple(specs))

    monkeypatch.setattr(charts_module, "render_pngs", tco_fails)
    app.switch_page("views/report.py").run()
    assert not app.exception, [e.message for e in app.exception]
    [warning] = [w.value for w in app.warning if "could not be drawn" in w.value]
    assert "exit code 134" in warning
    images = [e for e in app.main if getattr(e, "type", None) == "image"]
    assert len(images) == 4
