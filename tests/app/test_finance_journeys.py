"""TCO & ROI journeys in AppTest: what a finance user clicks after a run, each rerun reusing the
kept simulation (issue 18, item 1: every one of these crashed with CacheReplayClosureError while
the progress bar was drawn inside the cached simulation)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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


def summary(at: AppTest) -> pd.DataFrame:
    """The summary table (the one with a P(NPV > 0) column in either language)."""
    return next(d.value for d in at.dataframe if any("NPV > 0" in c for c in d.value.columns))


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
    assert list(before.iloc[:, 1]) == list(after.iloc[:, 1])


def test_a_second_session_with_the_same_trials_and_seed(app: AppTest) -> None:
    run_simulation(app)
    first = summary(app)
    other = new_session()
    run_simulation(other)
    pd.testing.assert_frame_equal(summary(other), first)
