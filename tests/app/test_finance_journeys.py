"""TCO & ROI journeys in AppTest: what a finance user clicks after a run, each rerun reusing the
kept simulation (issue 18, item 1: every one of these crashed with CacheReplayClosureError while
the progress bar was drawn inside the cached simulation)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
FINANCE = "views/finance.py"


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_simulation(at: AppTest, trials: int = 2_000) -> AppTest:
    ok(at.switch_page(FINANCE).run())
    at.select_slider[0].set_value(trials)
    submit = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:run"))
    return ok(submit.click().run())


#: the P(NPV > 0) column's label, the same in both languages
P_NPV = "P(NPV > 0)"


def summary(at: AppTest) -> pd.DataFrame:
    """The summary table (the one with a P(NPV > 0) column in either language)."""
    return next(d.value for d in at.dataframe if P_NPV in d.value.columns)


def new_session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    return ok(at.run())


def test_reruns_after_a_run_reuse_the_simulation(app: AppTest) -> None:
    run_simulation(app)
    first = summary(app)
    # any rerun (here: picking another option in a tab) replays the kept result
    app.selectbox(key="tco_option").set_value(app.selectbox(key="tco_option").options[-1])
    ok(app.run())
    pd.testing.assert_frame_equal(summary(app), first)


def test_keep_for_comparison_after_a_run(app: AppTest) -> None:
    run_simulation(app)
    ok(app.button(key="keep_run").click().run())
    assert summary(app) is not None


def test_save_assumptions_after_a_run(app: AppTest) -> None:
    run_simulation(app)
    submit = next(b for b in app.button if b.key and b.key.startswith("FormSubmitter:levers"))
    ok(submit.click().run())
    assert any("saved" in s.value for s in app.success)


def test_switching_language_after_a_run(app: AppTest) -> None:
    run_simulation(app)
    before = summary(app)
    app.sidebar.radio(key="lang").set_value("ru")
    ok(app.run())
    after = summary(app)
    # the same run (the form keeps trials and seed across the switch) under Russian headers
    assert list(after.columns) != list(before.columns)
    assert list(before[P_NPV]) == list(after[P_NPV])


def test_a_second_session_with_the_same_trials_and_seed(app: AppTest) -> None:
    run_simulation(app)
    first = summary(app)
    other = new_session()
    run_simulation(other)
    pd.testing.assert_frame_equal(summary(other), first)


def comparison(at: AppTest) -> pd.DataFrame:
    """The TCO & ROI page's side-by-side table of kept scenarios, its parts joined (a wide
    table is shown in parts that each repeat the option and the scenario)."""
    parts = [d.value for d in at.dataframe if "Scenario" in d.value.columns]
    labels = ["Option", "Scenario"]
    whole = parts[0]
    for part in parts[1:]:
        assert part[labels].equals(whole[labels])
        whole = pd.concat([whole, part.drop(columns=labels)], axis=1)
    return whole


def keep(at: AppTest, name: str) -> AppTest:
    at.text_input(key="scenario_name").set_value(name)
    return ok(at.button(key="keep_run").click().run())


def disable_lever(at: AppTest, row: int) -> AppTest:
    at.session_state["levers_editor"] = {
        "edited_rows": {row: {"On": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    submit = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:levers"))
    return ok(submit.click().run())


def test_kept_scenarios_are_compared_and_survive_a_reload(app: AppTest) -> None:
    run_simulation(app)
    assert any("No scenario kept yet" in i.value for i in app.info)
    keep(app, "base")
    assert any("Kept “base”" in s.value for s in app.success)
    first = comparison(app)
    assert list(first["Scenario"].unique()) == ["base (baseline)"]
    keep(app, "base")  # the same name again replaces it, and says so
    assert any("Replaced “base”" in s.value for s in app.success)
    assert list(comparison(app)["Scenario"].unique()) == ["base (baseline)"]

    disable_lever(app, 2)  # cross-sales off: a pessimistic case
    run_simulation(app)
    table = comparison(app)
    # the changed assumptions show as "current assumptions" next to the kept base
    assert set(table["Scenario"]) == {"current assumptions", "base (baseline)"}
    keep(app, "pessimistic")
    table = comparison(app).set_index(["Option", "Scenario"])
    assert set(table.index.get_level_values(1)) == {"base (baseline)", "pessimistic"}
    for option in table.index.get_level_values(0).unique():
        base, worse = table.loc[(option, "base (baseline)")], table.loc[(option, "pessimistic")]
        assert worse["NPV P50"] < base["NPV P50"]
        assert worse["NPV P50 minus baseline"] == pytest.approx(worse["NPV P50"] - base["NPV P50"])
        assert worse["TCO (mean)"] == base["TCO (mean)"]

    # a new session on the same decision (a reload) finds both, in the order kept
    other = new_session()
    run_simulation(other)
    again = comparison(other)
    assert list(again["Scenario"].unique()) == ["base (baseline)", "pessimistic"]
    pd.testing.assert_frame_equal(again, comparison(app))

    # and one can go
    other.selectbox(key="remove_which").set_value("base")
    ok(other.button(key="remove_scenario").click().run())
    assert list(comparison(other)["Scenario"].unique()) == ["pessimistic (baseline)"]


def test_outcome_probabilities_are_edited_on_the_page(app: AppTest) -> None:
    ok(app.switch_page(FINANCE).run())

    def save(edits: dict[int, dict[str, float]]) -> AppTest:
        app.session_state["outcomes_editor"] = {
            "edited_rows": edits,
            "added_rows": [],
            "deleted_rows": [],
        }
        submit = next(b for b in app.button if b.key and b.key.startswith("FormSubmitter:outcomes"))
        return ok(submit.click().run())

    # shares, as the levers' editor takes them (shown "50 %", "50,0 %" in Russian)
    save({1: {"Full value": 0.5, "Partial value": 0.3, "Failure": 0.2}})
    assert any("Outcome probabilities saved" in s.value for s in app.success)
    frame = next(d for d in app.dataframe if "Delivery type" in d.value.columns).value
    assert frame.set_index("delivery").loc["saas", "Full value"] == pytest.approx(0.5)
    save({0: {"Full value": 0.9}})
    assert any("must add up to 100 %" in e.value for e in app.error)


def test_the_negotiated_price_states_its_unit(app: AppTest) -> None:
    ok(app.switch_page("views/options.py").run())
    app.selectbox(key="ovr_option").set_value("amocrm")
    ok(app.run())
    assert "per user per month" in app.text_input(key="ovr_price_amocrm").label


def test_a_run_over_the_memory_budget_is_refused_on_the_page(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100,000 trials of the example need more than a 64 MB budget: the page says so in the
    user's language, no traceback (issue 12, bounded memory)."""
    monkeypatch.setenv("CRM_SELECT_MEMORY_BUDGET_MB", "64")
    ok(app.switch_page(FINANCE).run())
    app.select_slider[0].set_value(100_000)
    submit = next(b for b in app.button if b.key and b.key.startswith("FormSubmitter:run"))
    ok(submit.click().run())
    assert any("the memory budget is 64 MB" in e.value for e in app.error)
    app.sidebar.radio(key="lang").set_value("ru")
    ok(app.run())  # the run is asked for again, and refused in the user's language
    assert any("бюджет памяти — 64 МБ" in e.value for e in app.error)
