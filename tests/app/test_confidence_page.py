"""The Ranking page's Confidence tab: the decision card's words are the service's sentences
for the same run, and each number in them is the one its tables show (both languages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_select.locales import translate
from crm_select.models.confidence import ConfidenceSettings
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.confidence import card_lines, confidence
from crm_select.services.decision import load_decision
from crm_select.ui.plain_text import plain

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 2_000


def test_the_card_says_the_numbers_the_tables_show(fresh_data: Path) -> None:  # noqa: ARG001
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("views/ranking.py").run()
    assert not at.exception
    assert any(c.value.startswith("Weights, scores") for c in at.caption)
    at.select_slider(key="conf_trials").set_value(TRIALS).run()
    at.button(key="conf_run").click().run()
    assert not at.exception, [e.value for e in at.exception]

    d = load_decision(EXAMPLE_SCENARIO)
    sim = d.scenario.finance.simulation
    conf = confidence(d, None, ConfidenceSettings(trials=TRIALS, seed=sim.seed))
    c = conf.card
    assert c.runner_up is not None
    for lang in ("en", "ru"):
        if lang == "ru":  # AppTest keeps formatted widget values: switch after the clicks
            at.session_state["lang"] = "ru"
            at.run()
            assert not at.exception, [e.value for e in at.exception]
        names = d.option_names(lang)  # the page names options in the reader's language
        lines = card_lines(conf, lang, names)
        shown = next(i.value for i in at.info if plain(lines[0]) in i.value)
        assert shown == "\n\n".join(plain(line) for line in lines)
        column = translate("report.col.rank_n", lang, n=1)
        npv = translate("confidence.p_best_npv", lang)
        table = next(t.value for t in at.dataframe if {column, npv} <= set(t.value.columns))
        first = dict(zip(table.iloc[:, 0], table[column], strict=True))
        assert first[names[c.recommended]] == c.confidence
        assert first[names[c.runner_up]] == c.runner_up_wins
        assert max(first.values()) == c.confidence
        best = dict(zip(table.iloc[:, 0], table[npv], strict=True))
        assert best[names[c.best_npv]] == max(best.values()) == c.p_best_npv
        pct = f"{round(100 * c.confidence)}{'' if lang == 'en' else chr(160)}%"
        assert pct in lines[0]
        assert names[c.recommended] in lines[0]
        assert names[c.runner_up] in lines[1]


def test_the_report_page_shows_the_reports_decision_card(fresh_data: Path) -> None:  # noqa: ARG001
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("views/report.py").run()
    assert not at.exception, [e.value for e in at.exception]
    lines = card_lines(confidence(load_decision(EXAMPLE_SCENARIO)), "en")
    assert "Decision confidence" in [s.value for s in at.subheader]
    assert "\n\n".join(plain(line) for line in lines) in [i.value for i in at.info]
