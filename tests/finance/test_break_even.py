"""The break-even uplift, attribution and the outcome reading (issue 15).

References: the hand-computed cash flows of the test option (costs 10,000 then 12,000 a year;
benefit 20,000 a year at the benchmark, half of it in the go-live year), numpy-financial's NPV,
and re-runs of the simulation at the solved scale.
"""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest

from finance.break_even import break_even
from finance.engine import simulate

from .conftest import build, fixed

RANDOM_LEVERS = {
    "benefits": {
        "levers": {
            "sales_per_rep": {
                "enabled": True,
                "uplift": {"kind": "pert", "min": 0.0, "mode": 0.1, "max": 0.2},
            },
            "margin": {
                "enabled": True,
                "uplift": {"kind": "pert", "min": 0.0, "mode": 0.02, "max": 0.04},
            },
            "retention": {"enabled": True, "uplift": {"kind": "uniform", "min": 0.0, "max": 0.02}},
        }
    }
}


def test_break_even_of_the_hand_computed_option() -> None:
    s, r = build()
    (b,) = break_even(s, r, trials=200)
    # NPV(s) = s * PV(benefits) - PV(costs): linear, so s* = PV(costs) / PV(benefits)
    pv_costs = npf.npv(0.1, [10_000, 12_000, 12_000, 12_000])
    pv_benefits = npf.npv(0.1, [0, 10_000, 20_000, 20_000])
    assert b.scale == pytest.approx(pv_costs / pv_benefits, abs=1e-4)
    assert b.npv_without_benefit == pytest.approx(-pv_costs)
    assert b.npv_at_benchmark == pytest.approx(pv_benefits - pv_costs)


def test_break_even_times_the_benchmark_gives_zero_npv_on_a_re_run() -> None:
    s, r = build(deterministic=False, finance=RANDOM_LEVERS)
    (b,) = break_even(s, r, trials=3000, seed=4)
    assert b.scale is not None
    assert 1 < b.scale < 10  # beyond the benchmark: the bracket [1, MAX_SCALE]
    again = simulate(s, r, trials=3000, seed=4, uplift_scale={r[0].id: b.scale})
    assert abs(again.options[0].npv["mean"]) <= 1e-3 * abs(b.npv_without_benefit)
    # at the benchmark: the main run's own mean NPV (same trials and seed)
    main = simulate(s, r, trials=3000, seed=4)
    assert b.npv_at_benchmark == pytest.approx(main.options[0].npv["mean"], rel=1e-12)


def test_fixed_uplifts_scaled_by_hand_break_even_too() -> None:
    """An independent re-run: the scenario with its (fixed) uplifts multiplied by s*."""
    s, r = build()
    (b,) = break_even(s, r, trials=200)
    assert b.scale is not None
    scaled, r2 = build(
        finance={
            "benefits": {
                "levers": {"sales_per_rep": {"enabled": True, "uplift": fixed(0.10 * b.scale)}}
            }
        }
    )
    assert simulate(scaled, r2, trials=200).options[0].npv["mean"] == pytest.approx(0.0, abs=1.0)


def test_all_levers_off_loses_money_in_every_trial_and_never_breaks_even() -> None:
    names = ("sales_per_rep", "win_rate", "cross_sales", "retention", "margin", "admin")
    off = {"benefits": {"levers": {n: {"enabled": False, "uplift": fixed(0.1)} for n in names}}}
    s, r = build(deterministic=False, finance=off)
    res = simulate(s, r, trials=2000, seed=3, keep_trials=True)
    assert res.trial_data is not None
    assert (res.trial_data.npv < 0).all()
    (b,) = break_even(s, r, trials=500)
    assert b.scale is None


def test_attribution_takes_its_share_of_the_uplift() -> None:
    half = {
        "benefits": {
            "levers": {
                "sales_per_rep": {"enabled": True, "uplift": fixed(0.10), "attribution": fixed(0.5)}
            }
        }
    }
    s, r = build(finance=half)
    o = simulate(s, r, trials=200).options[0]
    assert o.benefits_by_year == pytest.approx([0, 5_000, 10_000, 10_000])
    (b,) = break_even(s, r, trials=200)
    (whole,) = break_even(*build(), trials=200)
    assert whole.scale is not None
    assert b.scale == pytest.approx(2 * whole.scale, abs=2e-4)


def test_outcome_shares_and_their_paybacks_add_up_to_p_npv_positive() -> None:
    s, r = build(deterministic=False)
    o = simulate(s, r, trials=20_000, seed=11).options[0]
    sh, pos = o.outcome_shares, o.p_npv_positive_by_outcome
    # the trials of each outcome follow the configured probabilities within Monte Carlo error
    # (saas 36 / 40 / 24, consultants move 5 points from failure to partial)
    for kind, p in (("full", 0.36), ("partial", 0.45), ("failure", 0.19)):
        assert abs(sh[kind] - p) <= 4 * np.sqrt(p * (1 - p) / 20_000)
    total = sum(sh[k] * (pos[k] or 0.0) for k in ("full", "partial", "failure"))
    assert total == pytest.approx(o.p_npv_positive, abs=1e-12)
