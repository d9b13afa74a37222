"""Monte Carlo engine: deterministic equality, convergence to analytic means, LHS, seeds."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest

from finance.engine import simulate
from finance.result import CONVENTIONS

from .conftest import build, fixed, option


def test_all_fixed_equals_hand_cash_flows() -> None:
    s, r = build()
    res = simulate(s, r, trials=500)
    o = res.option("saas-a")
    costs = [10_000, 12_000, 12_000, 12_000]
    benefits = [0, 10_000, 20_000, 20_000]
    net = [b - c for b, c in zip(benefits, costs, strict=True)]
    assert o.costs_by_year == pytest.approx(costs)
    assert o.benefits_by_year == pytest.approx(benefits)
    assert o.npv["mean"] == pytest.approx(npf.npv(0.1, net))
    assert o.npv["p5"] == pytest.approx(o.npv["p95"])
    assert o.irr["mean"] == pytest.approx(npf.irr(net))
    pvc = npf.npv(0.1, costs)
    assert o.roi["mean"] == pytest.approx(npf.npv(0.1, net) / pvc)
    # TCO: the project (10,000) and licences from the decision to 3 years after go-live at
    # half a year: 3.5 years x 12,000
    assert o.tco == pytest.approx(10_000 + 3.5 * 12_000)
    assert sum(o.costs_by_year) == pytest.approx(sum(costs))
    assert o.base_case.npv == pytest.approx(o.npv["mean"])
    assert o.p_npv_positive == 1.0


def test_conventions_on_every_result() -> None:
    s, r = build()
    d = simulate(s, r, trials=200).to_dict()
    assert d["conventions"] == CONVENTIONS
    assert all(o["conventions"] == CONVENTIONS for o in d["options"])
    assert "Excel" in CONVENTIONS


def _linear(kind: str) -> dict:
    """Costs linear in uncertain inputs: partner days and the sales uplift vary."""
    return {
        "benefits": {
            "levers": {
                "sales_per_rep": {
                    "enabled": True,
                    "uplift": {"kind": kind, "min": 0.0, "mode": 0.1, "max": 0.3}
                    if kind != "uniform"
                    else {"kind": "uniform", "min": 0.0, "max": 0.3},
                }
            }
        },
    }


@pytest.mark.parametrize("kind", ["pert", "triangular", "uniform"])
def test_mc_mean_converges_to_analytic_mean(kind: str) -> None:
    opt = option(effort=(5, 10, 30), weeks=(52, 52, 52))
    s, r = build(options=[opt], finance=_linear(kind))
    res = simulate(s, r, trials=40_000, seed=3)
    o = res.option("saas-a")
    u = s.finance.benefits.levers.sales_per_rep.uplift
    effort_mean = (5 + 4 * 10 + 30) / 6
    # go-live exactly at 1 year: benefits in years 2 and 3, 400,000 * u * 0.5 each.
    disc = np.array([1, 1.1**-1, 1.1**-2, 1.1**-3])
    pv_cost = effort_mean * 1000 + 12_000 * disc[1:].sum()
    pv_ben = 400_000 * u.mean * 0.5 * disc[2:].sum()
    expected = pv_ben - pv_cost
    assert abs(o.npv["mean"] - expected) < 4 * o.npv["se"]


def test_lhs_lowers_standard_error() -> None:
    opt = option(effort=(5, 10, 30), weeks=(52, 52, 52))
    s, r = build(options=[opt], finance=_linear("pert"))
    means_mc, means_lhs = [], []
    for seed in range(12):
        means_mc.append(
            simulate(s, r, trials=2000, seed=seed, lhs=False, sensitivity=False)
            .options[0]
            .npv["mean"]
        )
        means_lhs.append(
            simulate(s, r, trials=2000, seed=seed, lhs=True, sensitivity=False)
            .options[0]
            .npv["mean"]
        )
    assert np.std(means_lhs) < 0.5 * np.std(means_mc)


def test_same_seed_same_json_different_seed_differs() -> None:
    s, r = build(deterministic=False)
    a = simulate(s, r, trials=3000, seed=11, chunk_size=1000).to_json()
    b = simulate(s, r, trials=3000, seed=11, chunk_size=1000, threads=1).to_json()
    c = simulate(s, r, trials=3000, seed=12, chunk_size=1000).to_json()
    assert a == b
    assert a != c


def test_default_risk_outcome_shares_and_abandonment() -> None:
    s, r = build(deterministic=False)
    o = simulate(s, r, trials=20_000, seed=5).options[0]
    # saas defaults 36/40/24 (schema 9, the independent evidence's split), consultants move
    # 5 points failure -> partial; a third of failures abandoned
    assert o.outcome_shares["full"] == pytest.approx(0.36, abs=0.015)
    assert o.outcome_shares["partial"] == pytest.approx(0.45, abs=0.015)
    assert o.outcome_shares["failure"] == pytest.approx(0.19, abs=0.015)
    assert o.outcome_shares["abandoned"] == pytest.approx(0.19 / 3, abs=0.015)
    assert 0 < o.p_npv_positive < 1
    assert o.expected_shortfall_npv_5 < o.npv["p5"]
    fan = o.cumulative_cash_flow
    assert all(a <= b for a, b in zip(fan["p5"], fan["p95"], strict=True))
    assert o.tornado
    assert o.tornado[0].swing >= o.tornado[-1].swing
    assert sum(c.contribution for c in o.variance_contribution) == pytest.approx(1.0)


def test_correlation_is_honoured() -> None:
    from scipy.stats import spearmanr

    from finance import engine

    s, r = build(
        deterministic=False,
        finance={"correlations": [{"a": "schedule_overrun", "b": "cost_overrun", "rho": 0.7}]},
    )
    plan = engine._plan(s, r)
    rng_u = np.random.default_rng(0).random((plan.dims, 50_000))
    x = engine._inputs(plan.scopes[0], plan.oms[0].inputs, rng_u, 50_000)
    rho = spearmanr(x["schedule_overrun"], x["cost_overrun"]).statistic
    assert rho == pytest.approx(0.7, abs=0.02)


def test_progress_and_convergence_rule() -> None:
    s, r = build(
        deterministic=False,
        finance={"convergence": {"enabled": True, "tolerance": 0.05, "min_trials": 2000}},
    )
    seen: list[float] = []
    res = simulate(s, r, trials=200_000, chunk_size=1000, progress=seen.append)
    assert res.convergence["stopped_early"]
    assert res.convergence["converged"]
    assert res.trials < 200_000
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(res.trials / 200_000)


def test_zero_benefits_give_roi_minus_100() -> None:
    s, r = build(
        finance={"benefits": {"levers": {"sales_per_rep": {"enabled": True, "uplift": fixed(0.0)}}}}
    )
    o = simulate(s, r, trials=200).options[0]
    assert o.roi["mean"] == pytest.approx(-1.0)
    assert o.irr["share_without_irr"] == 1.0


def test_kept_trials_are_the_trials_behind_the_statistics() -> None:
    """Decision confidence reads per-trial outputs; they are the trials the summary reports."""
    opts = [option("a", effort=(5, 10, 30)), option("b", effort=(8, 20, 40), rate=900.0)]
    s, r = build(options=opts, deterministic=False)
    res = simulate(s, r, trials=5000, seed=4, chunk_size=1000, keep_trials=True)
    td = res.trial_data
    assert td is not None
    assert td.option_ids == ["a", "b"]
    assert td.npv.shape == td.tco.shape == td.upfront_cost.shape == (2, 5000)
    for j, o in enumerate(res.options):
        assert td.npv[j].mean() == pytest.approx(o.npv["mean"], rel=1e-12)
        assert np.percentile(td.npv[j], 50) == pytest.approx(o.npv["p50"], rel=1e-12)
        assert td.tco[j].mean() == pytest.approx(o.tco, rel=1e-9)
        assert td.go_live_years[j].mean() == pytest.approx(o.go_live_years["mean"], rel=1e-12)
        assert td.upfront_cost[j].mean() == pytest.approx(o.costs_by_year[0], rel=1e-9)
    # shared inputs are one row for all options (common random numbers), per-option inputs one
    # row per option; groups name them for value-of-information regressions
    assert td.inputs["lever.sales_per_rep"].shape == (5000,)
    assert td.inputs["effort_days"].shape == (2, 5000)
    assert td.inputs["effort_days"][0].max() <= 30
    assert td.inputs["effort_days"][1].min() >= 8
    assert "effort_days" in td.groups["effort"]
    assert td.group_matrix("effort").shape[0] == 5000
    assert td.group_matrix("benefits").shape[1] >= 1
    # the normal run keeps nothing
    assert simulate(s, r, trials=500).trial_data is None


def test_kept_trials_follow_an_early_stop_and_are_bounded() -> None:
    from crm_select.models.errors import PathError
    from finance.engine import MAX_KEPT_CELLS

    s, r = build(
        deterministic=False,
        finance={"convergence": {"enabled": True, "tolerance": 0.2, "min_trials": 1000}},
    )
    res = simulate(s, r, trials=100_000, chunk_size=1000, keep_trials=True)
    assert res.convergence["stopped_early"]
    assert res.trial_data is not None
    assert res.trial_data.npv.shape == (1, res.trials)
    with pytest.raises(PathError):
        simulate(s, r, trials=MAX_KEPT_CELLS + 1, keep_trials=True)
