"""How the benchmarks are read (issue 15): levels or compounding, stated on every result; decay
after the ramp; the margin uplift relative or in points; the satisfaction-to-churn link.

Hand references on the test option: go-live at half a year, ramp [1], margin 50 %, revenue
1,000,000 (600,000 from existing customers), sales per rep +10 % on 400,000 of new business.
"""

from __future__ import annotations

from typing import Any

import pytest

from crm_select.services.simulation import benefit_reading
from finance.base_case import base_case
from finance.engine import simulate

from .conftest import build, fixed


def only(lever: str, uplift: float, **benefits: Any) -> dict[str, Any]:
    levers = {
        n: {"enabled": n == lever, "uplift": fixed(uplift if n == lever else 0.0)}
        for n in ("sales_per_rep", "win_rate", "cross_sales", "retention", "margin", "admin")
    }
    return {"benefits": {"levers": levers, **benefits}}


def benefits(finance: dict[str, Any]) -> list[float]:
    s, r = build(finance=finance)
    return base_case(s, r)[r[0].id].benefits


def test_decay_fades_the_benefit_after_the_ramp() -> None:
    # 20,000 a full year; the go-live year half of it; then 10 % less each year after the plateau
    assert benefits(only("sales_per_rep", 0.10, decay=0.1)) == pytest.approx(
        [0, 10_000, 18_000, 16_200]
    )
    assert benefits(only("sales_per_rep", 0.10)) == pytest.approx([0, 10_000, 20_000, 20_000])


def test_the_margin_uplift_relative_or_in_points() -> None:
    # relative: 2 % of the 50 % margin on 1,000,000; points: 2 points of margin on it
    assert benefits(only("margin", 0.02))[2] == pytest.approx(1_000_000 * 0.5 * 0.02)
    assert benefits(only("margin", 0.02, margin_uplift="points"))[2] == pytest.approx(
        1_000_000 * 0.02
    )


def test_the_satisfaction_to_churn_link_is_explicit() -> None:
    # +3 points of satisfaction at 1/3 point of churn each: 1 point of churn kept on 600,000
    linked = only("retention", 0.03, satisfaction_to_churn=1 / 3)
    assert benefits(linked)[2] == pytest.approx(600_000 * 0.01 * 0.5)
    # unset: the uplift is already in points of churn
    assert benefits(only("retention", 0.01))[2] == pytest.approx(600_000 * 0.01 * 0.5)


def test_every_result_states_the_reading_in_force() -> None:
    s, r = build()
    res = simulate(s, r, trials=100)
    assert "benefits read as levels" in res.conventions_in_force[-1]
    assert benefit_reading(s, "en") == "benchmarks as levels"
    s, r = build(finance={"benefits": {"compounding": True, "decay": 0.05}})
    res = simulate(s, r, trials=100)
    assert "compounding" in res.conventions_in_force[-1]
    assert "fading 5.0% a year" in res.conventions_in_force[-1]
    assert benefit_reading(s, "ru") == "эталоны с накоплением"
