"""Anchored rating scales on the pages: the rater sees them while scoring, the Criteria page
edits them, the Scoring page shows them; English and Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_committee_pages import board, click, invite, ok

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def anchor_table(at: AppTest, first_column: str) -> dict[str, dict[str, str]]:
    """Criterion -> point -> meaning, from the anchors tables on the page."""
    out: dict[str, dict[str, str]] = {}
    for table in at.table:
        df = table.value
        if df.index.name == first_column:
            for name, row in df.iterrows():
                out[str(name)] = {str(k): v for k, v in row.items()}
    return out


@pytest.mark.parametrize(
    ("lang", "column", "criterion", "meaning"),
    [
        ("en", "Criterion", "A pilot is possible", "Free pilot"),
        ("ru", "Критерий", "Возможность пилота", "Бесплатный пилот"),
    ],
)
def test_the_rater_sees_the_anchors_beside_the_cells(
    fresh_data: Path,  # noqa: ARG001
    lang: str,
    column: str,
    criterion: str,
    meaning: str,
) -> None:
    at = board()
    ws, token = invite(at, "Anna Lee", "Sales")
    click(at, "Start scoring")
    me = AppTest.from_file(APP, default_timeout=60)
    me.session_state["lang"] = lang
    me.query_params["ws"] = ws
    me.query_params["token"] = token
    ok(me.run())
    ok(me.switch_page("views/committee_rate.py").run())
    shown = anchor_table(me, column)
    assert meaning.lower() in shown[criterion]["5"].lower()
    assert set(shown[criterion]) == {"1", "3", "5"}
    assert any(c.value.startswith(("What the scores mean", "Что означают")) for c in me.caption)


def test_the_criteria_page_edits_anchors_and_the_scoring_page_shows_them(
    fresh_data: Path,  # noqa: ARG001
) -> None:
    at = ok(AppTest.from_file(APP, default_timeout=120).run())
    ok(at.switch_page("views/criteria.py").run())
    editor = at.data_editor(key="anchors_editor")
    first = editor.value.iloc[0]
    assert first["criterion"] == "Fit to our sales process"
    assert first["value"] == 1
    at.session_state["anchors_editor"] = {
        "edited_rows": {0: {"en": "Nothing of our process fits", "value": 0}},
        "added_rows": [{"criterion": "Fit to our sales process", "value": 2, "en": "Few steps"}],
        "deleted_rows": [1],
    }
    ok(at.button(key="FormSubmitter:anchors_form-Save the anchors").click().run())
    assert not at.error, [e.value for e in at.error]
    assert any("Anchors saved" in s.value for s in at.success)

    ok(at.switch_page("views/scoring.py").run())
    shown = anchor_table(at, "Criterion")["Fit to our sales process"]
    assert shown["0"] == "Nothing of our process fits"
    assert shown["2"] == "Few steps"
    assert shown["3"] == ""  # the anchor at 3 was deleted
    assert shown["5"].startswith("Our process runs as it is")


def test_a_point_off_the_scale_is_refused_on_the_criteria_page(
    fresh_data: Path,  # noqa: ARG001
) -> None:
    at = ok(AppTest.from_file(APP, default_timeout=120).run())
    ok(at.switch_page("views/criteria.py").run())
    at.session_state["anchors_editor"] = {
        "edited_rows": {0: {"value": 9}},
        "added_rows": [],
        "deleted_rows": [],
    }
    ok(at.button(key="FormSubmitter:anchors_form-Save the anchors").click().run())
    assert any("from 0 to 5" in e.value for e in at.error), [e.value for e in at.error]
