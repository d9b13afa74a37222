"""Property tests (hypothesis): monotonicity and identities of the finance model."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance import metrics
from finance.base_case import base_case
from finance.engine import simulate

from .conftest import build, fixed

money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@settings(max_examples=40)
@given(extra_a=money, extra_b=money, impl=money)
def test_more_cost_never_raises_npv(extra_a: float, extra_b: float, impl: float) -> None:
    lo, hi = sorted((extra_a, extra_b))
    npvs = []
    for extra in (lo, hi):
        s, r = build(
            finance={
                "cost_overrides": {
                    "saas-a": {"support": fixed(extra), "implementation": fixed(impl)}
                }
            }
        )
        npvs.append(base_case(s, r)["saas-a"].npv)
    assert npvs[1] <= npvs[0] + 1e-6 * max(1.0, abs(npvs[0]))


@settings(max_examples=60)
@given(
    cost=st.floats(min_value=1, max_value=1e7),
    flows=st.lists(st.floats(min_value=0, max_value=1e7), min_size=1, max_size=10),
    r1=st.floats(min_value=-0.9, max_value=2.0),
    dr=st.floats(min_value=0.0, max_value=2.0),
)
def test_higher_rate_never_raises_npv_when_costs_come_first(
    cost: float, flows: list[float], r1: float, dr: float
) -> None:
    cf = np.array([-cost, *flows])
    assert metrics.npv(r1 + dr, cf) <= metrics.npv(r1, cf) + 1e-9 * np.abs(cf).sum()


@settings(max_examples=60)
@given(
    cost=st.floats(min_value=1, max_value=1e6),
    flows=st.lists(st.floats(min_value=1, max_value=1e6), min_size=1, max_size=8),
)
def test_irr_zeroes_npv_and_matches_numpy_financial(cost: float, flows: list[float]) -> None:
    cf = np.array([-cost, *flows])
    r = float(metrics.irr(cf))
    assert abs(metrics.npv(r, cf)) <= 1e-6 * np.abs(cf).sum()
    ref = npf.irr(cf)
    if np.isfinite(ref):
        assert r == pytest.approx(ref, rel=1e-6, abs=1e-8)


@settings(max_examples=30)
@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=2, max_size=8))
def test_zero_benefits_give_roi_minus_100(costs: list[float]) -> None:
    c = np.array(costs)
    pvc = metrics.present_value(0.1, c)
    if pvc > 0:
        assert float(metrics.roi(np.zeros(()), pvc)) == pytest.approx(-1.0)


def test_irr_with_two_roots_and_no_bracket_returns_the_one_near_the_guess() -> None:
    # -100 + 230 x - 132 x^2 = 0 at r = 10 % and 20 %; P < 0 at both ends of the bisection
    # bracket, so only Newton's method can find a root
    cf = np.array([[-100.0, 230.0, -132.0], [-100.0, 60.0, 60.0]])
    r = metrics.irr(cf, guess=0.12)
    assert r[0] == pytest.approx(0.10, abs=1e-9)
    assert r[1] == pytest.approx(npf.irr(cf[1]), abs=1e-9)
    assert metrics.irr(cf[0], guess=0.25) == pytest.approx(0.20, abs=1e-9)


def test_irr_vectorised_reports_rows_without_irr() -> None:
    cf = np.array([[-100, 60, 60], [-100, -5, -5], [100, 5, 5], [-100, 0, 0]], dtype=float)
    r = metrics.irr(cf)
    assert r[0] == pytest.approx(npf.irr(cf[0]))
    assert np.isnan(r[1:]).all()


def test_engine_zero_benefit_roi_is_minus_100_per_trial() -> None:
    s, r = build(
        deterministic=False,
        finance={
            "benefits": {
                "levers": {
                    k: {"enabled": False, "uplift": fixed(0.0)}
                    for k in ("sales_per_rep", "cross_sales", "retention", "margin", "admin")
                }
            }
        },
    )
    o = simulate(s, r, trials=1000).options[0]
    assert o.roi["p5"] == pytest.approx(-1.0)
    assert o.roi["p95"] == pytest.approx(-1.0)
