"""The TCO & ROI page shows what each option delivers of every benefit lever (issue 15's
coverage × fit): one table per option, the shares the Monte Carlo applies, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.decision import load_decision
from crm_select.services.simulation import simulate
from tests.app.conftest import fix_language

pytestmark = pytest.mark.slow  # AppTest runs the page

HEADERS = {
    "en": ["Lever", "Coverage", "Fit", "Share", "Benchmark", "Effective"],
    "ru": ["Рычаг", "Охват", "Соответствие", "Доля", "Эталон", "Итог"],
}
LEVERS = {"en": "Cross-sales", "ru": "Кросс-продажи"}


def pert_mean(lo: float, mode: float, hi: float) -> float:
    return (lo + 4 * mode + hi) / 6


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_option_s_lever_shares_are_the_ones_the_monte_carlo_applies(
    app: AppTest, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fix_language(monkeypatch, lang)
    app.session_state["lang"] = lang
    app.switch_page("views/finance.py").run()
    assert not app.exception, [e.value for e in app.exception]
    tables: list[pd.DataFrame] = [
        d.value for d in app.dataframe if list(d.value.columns) == HEADERS[lang]
    ]
    decision = load_decision(EXAMPLE_SCENARIO)
    sim = simulate(decision, trials=200, sensitivity=False)
    assert len(tables) == len(decision.option_ids)  # one per option, in the shortlist's order
    company = decision.scenario.company
    levers = decision.scenario.finance.benefits.levers
    for option, frame in zip(decision.resolved, tables, strict=True):
        shares = sim.option(option.id).lever_shares
        lever, coverage, fit, share, benchmark, effective = HEADERS[lang]
        rows = frame.set_index(lever)
        assert LEVERS[lang] in rows.index
        enabled = [n for n in shares if getattr(levers, n).enabled]
        assert len(rows) == len(enabled)
        for (_, row), name in zip(rows.iterrows(), enabled, strict=True):
            assert row[share] == pytest.approx(shares[name], abs=1e-15)  # the engine's share
            assert row[share] == pytest.approx(row[coverage] * row[fit], abs=1e-15)
            base = (
                company.sales_reps
                if name in ("sales_per_rep", "win_rate", "margin")
                else (company.crm_users)
            )
            assert row[coverage] == pytest.approx(min(1.0, option.users / base))
            u, a = getattr(levers, name).uplift, getattr(levers, name).attribution
            mean = pert_mean(u.min, u.mode, u.max) * (a.min + a.max) / 2  # the example's uniform
            assert row[benchmark] == pytest.approx(mean, rel=1e-12)
            assert row[effective] == pytest.approx(mean * shares[name], rel=1e-12)
    # a grade below full fit lowers a lever's share: the example's options do not all fit
    assert any((t[HEADERS[lang][2]] < 1).any() for t in tables)
