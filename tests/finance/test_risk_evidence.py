"""Risk closer to the evidence (issue 15): abandonment during implementation, outcomes
correlated with overruns, the defaults calibrated to the independent evidence's split.

Targets (../shared/facts/crm_benefits_risk_evidence.md, "How to use" 4, from B16, D7, F3, F6,
F8-F10): full success 30 %, partial 40 %, failure 30 % of which abandoned 10 % of all projects.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.stats import spearmanr

from crm_select.models.schema_version import upgrade
from finance.engine import simulate

from .conftest import build, option

DELIVERIES = ("boxed", "saas", "configurable", "custom")


def test_a_project_dropped_during_implementation_sinks_the_spend_and_never_benefits() -> None:
    always = {"full": 0.0, "partial": 0.0, "failure": 1.0}
    fin: dict[str, Any] = {
        "risk": {
            "outcome": dict.fromkeys(DELIVERIES, always),
            "abandonment_given_failure": 1.0,
            "abandonment_before_go_live": 1.0,
            "exit_cost_share": 0.1,
        }
    }
    s, r = build(finance=fin)
    o = simulate(s, r, trials=20_000, seed=3).options[0]
    assert o.outcome_shares["abandoned"] == 1.0
    assert sum(o.benefits_by_year) == 0.0
    assert o.p_npv_positive == 0.0
    cash = o.cash_by_category
    # 10,000 of implementation over half a year, dropped uniformly inside it: half is paid
    assert sum(cash["implementation"]) == pytest.approx(5_000, rel=0.02)
    assert sum(cash["hypercare"]) == 0.0
    # the exit cost is 10 % of the planned project; TCO owns the work done, not the rest
    assert sum(cash["exit"]) == pytest.approx(1_000)
    assert o.tco_by_category["implementation"][0] == pytest.approx(5_000, rel=0.02)


def test_failures_overrun_more_by_default() -> None:
    s, r = build(deterministic=False, options=[option(effort=(5, 10, 30))])
    res = simulate(s, r, trials=5_000, seed=8, keep_trials=True)
    td = res.trial_data
    assert td is not None
    rho = spearmanr(td.inputs["outcome"][0], td.inputs["cost_overrun"][0]).statistic
    assert rho == pytest.approx(0.3, abs=0.05)


def test_the_default_outcome_shares_match_the_evidence_within_two_points() -> None:
    opts = [option(f"o-{d}", delivery=d) for d in DELIVERIES]
    s, r = build(deterministic=False, options=opts, strategy="in_house")
    res = simulate(s, r, trials=20_000, seed=12, sensitivity=False)
    mean = {
        k: np.mean([o.outcome_shares[k] for o in res.options])
        for k in res.options[0].outcome_shares
    }
    for kind, target in (("full", 0.30), ("partial", 0.40), ("failure", 0.30), ("abandoned", 0.10)):
        assert mean[kind] == pytest.approx(target, abs=0.02), kind


def test_older_files_keep_the_old_risk_defaults() -> None:
    own = {"full": 0.5, "partial": 0.3, "failure": 0.2}
    doc = upgrade(
        {"name": "x", "schema_version": 8, "finance": {"risk": {"outcome": {"saas": own}}}}
    )
    risk = doc["finance"]["risk"]
    assert risk["outcome"]["saas"] == own  # a delivery type the file set keeps its own
    assert risk["outcome"]["custom"] == {"full": 0.20, "partial": 0.40, "failure": 0.40}
    assert risk["abandonment_given_failure"] == 0.85
    assert risk["abandonment_before_go_live"] == 0.0
    assert doc["finance"]["correlations"] == [
        {"a": "schedule_overrun", "b": "cost_overrun", "rho": 0.7}
    ]
