"""AHP on the example's real criteria tree (16 functionality criteria) and the weighted product
on the Ranking page, clicked as a chair would (issue 18, items 4 and 5)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.models.criteria import WeightingMethod
from crm_select.models.ranking_settings import Method, Normalisation
from crm_select.reports.chart_specs import LINE, ROW, label_lines, rows_height

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str) -> None:
    """Click the first button whose label starts with ``label`` (the tree is re-read each time)."""
    next(b for b in at.button if b.label.startswith(label)).click().run()
    assert not at.exception, [e.value for e in at.exception]


def ahp_on_the_example(app: AppTest) -> AppTest:
    visit(app, "views/criteria.py")
    app.radio(key="weight_method").set_value(WeightingMethod.AHP).run()
    assert not app.exception
    assert not app.error  # no red box of unjudged pairs
    return app


def test_ahp_weighs_sixteen_criteria_from_fifteen_judgements_and_saves(app: AppTest) -> None:
    ahp_on_the_example(app)
    captions = [c.value for c in app.caption]
    assert "0 of 120 pairs judged; 15 linking every item are enough for weights." in captions
    assert app.button(key="save_weights").disabled  # nothing is weighed yet: save says why
    assert any("Weights appear once" in i.value for i in app.info)

    while any(b.label.startswith("Start from the current points") for b in app.button):
        click(app, "Start from the current points")
    captions = [c.value for c in app.caption]
    assert "15 of 120 pairs judged; 15 linking every item are enough for weights." in captions
    # the sliders speak the verbal scale and say which side is preferred
    assert any(
        re.fullmatch(r".+ is (\w+ )+more important than .+", c)
        or c.endswith("are equally important")
        for c in captions
    )
    unchecked = [i.value for i in app.info if i.value.startswith("Consistency cannot be checked")]
    assert len(unchecked) == 5  # four groups of criteria and the interests, each a spanning tree
    assert not app.button(key="save_weights").disabled

    # one more judgement closes a cycle: consistency becomes measurable for that group
    click(app, "Add judgement")  # the interests' suggested pair
    ratios = [m.value for m in [*app.success, *app.warning] if "Consistency ratio" in m.value]
    assert len(ratios) == 1
    unchecked = [i.value for i in app.info if i.value.startswith("Consistency cannot be checked")]
    assert len(unchecked) == 4

    app.button(key="save_weights").click().run()
    assert not app.exception
    assert any("saved" in s.value for s in app.success)
    visit(app, "views/ranking.py")
    visit(app, "views/criteria.py")
    # the saved judgements come back: no level is waiting, nothing to seed
    assert not any(b.label.startswith("Start from the current points") for b in app.button)
    assert app.radio(key="weight_method").value is WeightingMethod.AHP


def test_removing_a_link_says_what_is_unlinked_instead_of_failing(app: AppTest) -> None:
    ahp_on_the_example(app)
    click(app, "Start from the current points")  # the four interests: 3 judgements
    removes = [b for b in app.button if "-rm-" in str(b.key)]
    assert len(removes) == 3
    removes[0].click().run()
    assert not app.exception
    assert not app.error
    assert any(i.value.startswith("Not yet compared") for i in app.info)
    assert app.button(key="save_weights").disabled


def test_weighted_product_names_floored_cells_by_name(app: AppTest) -> None:
    visit(app, "views/ranking.py")
    app.selectbox(key="rank_method").set_value(Method.WPM).run()
    for norm in Normalisation:
        app.selectbox(key="rank_norm_wpm").set_value(norm).run()
        assert not app.exception, norm
    floor = [w.value for w in app.warning if w.value.startswith("Weighted product:")]
    assert len(floor) == 1
    assert "amoCRM / " in floor[0]
    assert "amocrm/" not in floor[0]
    assert "_" not in floor[0]
    warnings = [c.value for c in app.caption if c.value.startswith("⚠")]
    assert warnings
    assert not any("petrov" in w for w in warnings)  # neither "(petrov)" nor "excluded petrov"
    assert any("excluded Sergey Petrov" in w for w in warnings)


def ranks_by_method(at: AppTest, method: str) -> dict[str, int]:
    """One column of the "All methods" table: option name -> rank."""
    df = next(d.value for d in at.dataframe if method in d.value.columns and "Rank" not in d.value)
    return {str(k): int(v) for k, v in df[method].items()}


def shown_ranks(at: AppTest) -> dict[str, int]:
    df = next(d.value for d in at.dataframe if "Rank" in d.value.columns)
    return {str(o): int(r) for o, r in zip(df["Option"], df["Rank"], strict=True)}


def test_one_weight_set_drives_the_whole_ranking_page(app: AppTest) -> None:
    visit(app, "views/ranking.py")
    assert any("use the saved weights" in c.value for c in app.caption)
    saved = shown_ranks(app)
    assert ranks_by_method(app, "Weighted sum") == saved

    for g in ("budget", "deadlines", "risk"):
        app.slider(key=f"wi-{g}").set_value(0)
    app.slider(key="wi-functionality").set_value(100).run()
    assert not app.exception
    said = [i.value for i in app.info if "what-if shares (not saved)" in i.value]
    assert said == [
        "The chart, all methods, stability and rank acceptability below use the what-if shares "
        "(not saved): Functionality 100%, Deadlines 0%, Budget 0%, Risk 0%."
    ]
    moved = shown_ranks(app)
    assert moved != saved
    # the all-methods table now ranks with the same (what-if) weights as the chart
    assert ranks_by_method(app, "Weighted sum") == moved

    app.button(key="wi-reset").click().run()
    assert not app.exception
    assert shown_ranks(app) == saved
    assert ranks_by_method(app, "Weighted sum") == saved


def test_page_charts_keep_their_rows_and_speak_the_locale(fresh_data: Path) -> None:  # noqa: ARG001
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=120)
    at.session_state["lang"] = "ru"
    at.run()
    visit(at, "views/ranking.py")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs
    for spec in specs:
        # the container sets the width only: a chart keeps the height its rows ask for
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert spec["config"]["locale"]["number"]["decimal"] == ","
    bars = next(s for s in specs if s["layer"][0]["mark"]["type"] == "bar")
    names = bars["layer"][0]["encoding"]["y"]["sort"]  # the options, best first
    assert "1С-Битрикс24, коробочная версия" in names  # 31 characters: wraps onto two lines
    assert bars["height"] == rows_height(names) > 4 * ROW
    # each row has room for its name's lines and a blank line's gap to the next row's name
    axis = bars["layer"][0]["encoding"]["y"]["axis"]
    lines = max(len(label_lines(n)) for n in names)
    assert bars["height"] / len(names) - lines * axis["labelLineHeight"] >= LINE
