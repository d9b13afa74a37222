"""No chart can take the process down: names are made visible before rendering, the renderer
runs in a child process, and a chart that cannot be drawn is named, not fatal.

vl-convert aborts its process (Rust panic, exit 134) on a control character in a label; before
these guards the Report page and `crm-select export --html` died with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crm_select.models.catalog import Catalog
from crm_select.models.loader import load_scenario
from crm_select.reports import charts as charts_module
from crm_select.reports import render
from crm_select.reports.charts import report_charts
from crm_select.reports.html import to_html
from crm_select.reports.render import ChartSet, render_pngs, visible
from crm_select.services.decision import open_decision
from crm_select.services.report import ReportData, report_data
from tests.reports.conftest import B2B

pytestmark = pytest.mark.slow  # each test starts the renderer in a child process

BAD = "\x00\x01\x07\x0b\x0c\x1b\ufffe\U0010ffff\x85"
CHARTS = {"ranking", "balance", "tco", "npv", "tornado"}


def bar(label: str) -> dict[str, object]:
    return {
        "data": {"values": [{"a": label, "b": 1}, {"a": "z", "b": 2}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "a", "type": "nominal"},
            "x": {"field": "b", "type": "quantitative"},
        },
    }


@pytest.fixture(scope="module")
def poisoned(catalog: Catalog) -> ReportData:
    """The b2b example with every crashing character in an option, a criterion and a rater
    (set without validation, as a decision stored before stricter rules would be)."""
    scenario = load_scenario(B2B, catalog)
    first = scenario.options[0].catalog_id
    options = [
        o.model_copy(update={"name": f"Opt{BAD}ion"}) if o.id == first else o
        for o in catalog.options
    ]
    groups = [
        g.model_copy(
            update={
                "criteria": [
                    c.model_copy(update={"name": {"en": f"Crit{BAD}", "ru": f"Крит{BAD}"}})
                    for c in g.criteria
                ]
            }
        )
        for g in scenario.criteria.groups
    ]
    scenario = scenario.model_copy(
        update={
            "name": f"Deal{BAD}",
            "criteria": scenario.criteria.model_copy(update={"groups": groups}),
            "raters": [r.model_copy(update={"name": f"{r.name}{BAD}"}) for r in scenario.raters],
        }
    )
    return report_data(
        open_decision(scenario, catalog.model_copy(update={"options": options})), trials=300
    )


def test_visible_drops_controls_and_non_characters_only() -> None:
    assert visible(f"A{BAD}b\tc\nd é ё\u00a0€") == "Ab c d é ё\u00a0€"
    assert visible("plain") == "plain"


def test_control_characters_in_names_still_give_every_chart(poisoned: ReportData) -> None:
    drawn = report_charts(poisoned, "en")
    assert set(drawn.images) == CHARTS, drawn.failed
    assert not drawn.failed
    assert all(png.startswith(b"\x89PNG") for png in drawn.images.values())


def test_a_renderer_crash_costs_only_its_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the sanitiser the child aborts; the other chart is drawn in a second child."""
    monkeypatch.setattr(render, "sanitised", lambda spec: spec)
    drawn = render_pngs({"good": bar("fine"), "bad": bar("x\x00y")})
    assert set(drawn.images) == {"good"}
    assert "exit code" in drawn.failed["bad"]
    assert drawn.order == ("good", "bad")


def test_the_html_report_says_which_chart_is_missing(
    b2b: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    def npv_fails(specs: dict[str, dict[str, object]], scale: float = 2.0) -> ChartSet:
        drawn = render_pngs({k: v for k, v in specs.items() if k != "npv"}, scale)
        return ChartSet(drawn.images, {"npv": "the renderer stopped"}, tuple(specs))

    monkeypatch.setattr(charts_module, "render_pngs", npv_fails)
    html = to_html(b2b, "en")
    assert 'The chart "NPV: P5 - P95 range and median" could not be drawn' in html.replace(
        "&quot;", '"'
    )
    assert html.count("data:image/png;base64,") == 4


def test_export_html_with_a_control_character_never_aborts(
    catalog: Catalog, tmp_path: Path
) -> None:
    """The real CLI in its own process: it writes the report, or refuses the file in one line
    (exit 2) if validation rejects the name; never the renderer's abort (exit 134)."""
    scenario = load_scenario(B2B, catalog).model_dump(mode="json", by_alias=True)
    first = scenario["options"][0]
    source_option = next(o for o in catalog.options if o.id == first["catalog_id"])
    inline = source_option.model_dump(mode="json", by_alias=True)
    inline["name"] = "Opt\x07ion"
    scenario["options"][0] = {"id": first["catalog_id"], "inline": inline}
    source = tmp_path / "poisoned.json"
    source.write_text(json.dumps(scenario), "utf-8")
    out = tmp_path / "r.html"
    done = subprocess.run(
        [str(Path(sys.executable).with_name("crm-select")), "export", str(source), "--html", str(out),
         "--trials", "300"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    if done.returncode == 0:
        assert out.read_text("utf-8").count("data:image/png;base64,") == 5
