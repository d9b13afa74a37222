"""The committee's judgement in the money (issue 15): adoption scores set the adoption ceiling
and ramp speed, failure-reason scores shift the outcome probabilities, within their bounds.

Hand references: the test option's full-year benefit is 20,000 at full adoption (sales per rep
+10 % on 400,000 of new business, margin 50 %); the saas defaults with the
consultants' 5 points moved from failure to partial.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import upgrade
from finance.base_case import base_case
from finance.costs import option_model
from finance.engine import simulate

from .conftest import build, scenario_data

ON: dict[str, Any] = {"judgement": {"enabled": True}}
ADOPTION = ("user_adoption", "usability")
RISK = (
    "expectation_fit",
    "executive_visibility",
    "phased_scope",
    "department_balance",
    "tco_transparency",
    "business_led",
)


def scored(
    scores: dict[str, float], deterministic: bool = True, benefits: dict[str, Any] | None = None
) -> tuple[Scenario, Any]:
    """The test scenario with the judgement on (and ``benefits`` settings), rating criteria
    0-5 for every name in ``scores`` and one rater scoring the option so."""
    fin = copy.deepcopy(ON) | ({"benefits": benefits} if benefits else {})
    data = scenario_data(finance=fin, deterministic=deterministic)
    if not deterministic:
        data["finance"]["judgement"] = {"enabled": True}
    data["criteria"] = copy.deepcopy(data["criteria"])  # not the shared fixture's
    data["criteria"]["groups"].append(
        {
            "id": "risk",
            "weight": 1,
            "criteria": [
                {"id": c, "name": {"en": c}, "scale": {"kind": "rating", "min": 0, "max": 5}}
                for c in scores
            ],
        }
    )
    data["raters"] = [{"id": "a", "name": "A"}]
    data["scores"] = {"a": {"saas-a": dict(scores)}}
    s = Scenario.model_validate(data)
    _, r = build(finance=ON)
    return s, r


def full_year_benefit(scores: dict[str, float]) -> float:
    s, r = scored(scores)
    return base_case(s, r)[r[0].id].benefits[2]


def test_unscored_criteria_leave_adoption_whole() -> None:
    s, r = build(finance=ON)
    assert base_case(s, r)[r[0].id].benefits[2] == pytest.approx(20_000)


def test_the_adoption_ceiling_follows_the_scores() -> None:
    # both at the top of the scale: ceiling 1
    assert full_year_benefit({"user_adoption": 5, "usability": 5}) == pytest.approx(20_000)
    # both at the bottom: the ceiling at worst, 40 %
    assert full_year_benefit({"user_adoption": 0, "usability": 0}) == pytest.approx(8_000)
    # mean 0.5: 0.4 + 0.6 x 0.5 = 70 %
    assert full_year_benefit({"user_adoption": 5, "usability": 0}) == pytest.approx(14_000)


def test_the_ramp_speed_follows_the_scores() -> None:
    s, r = scored({"user_adoption": 5, "usability": 5}, benefits={"adoption_ramp": [0.5, 0.8, 1.0]})
    # speed 1.25 at the best score: 0.5 x 1.25, min(1, 0.8 x 1.25), 1
    assert option_model(s, r[0]).adoption_ramp == pytest.approx((0.625, 1.0, 1.0))


def test_failure_reasons_shift_the_outcome_probabilities() -> None:
    s, r = scored(dict.fromkeys(RISK, 5.0), deterministic=False)
    m = option_model(s, r[0]).outcome
    # saas 36 / 40 / 24, consultants 36 / 45 / 19, then 10 points from failure to full
    assert (m.p_full, m.p_partial, m.p_failure) == pytest.approx((0.46, 0.45, 0.09))
    o = simulate(s, r, trials=20_000, seed=2).options[0]
    for kind, p in (("full", 0.46), ("partial", 0.45), ("failure", 0.09)):
        assert o.outcome_shares[kind] == pytest.approx(p, abs=4 * (p * (1 - p) / 20_000) ** 0.5)
    worst = option_model(*scored(dict.fromkeys(RISK, 0.0), deterministic=False)[:1], r[0])
    assert (worst.outcome.p_full, worst.outcome.p_failure) == pytest.approx((0.26, 0.29))
    middle = option_model(*scored(dict.fromkeys(RISK, 2.5), deterministic=False)[:1], r[0])
    assert middle.outcome.p_full == pytest.approx(0.36)


@settings(max_examples=20, deadline=None)
@given(
    lo=st.tuples(st.integers(0, 5), st.integers(0, 5)),
    up=st.tuples(st.integers(0, 5), st.integers(0, 5)),
)
def test_a_higher_adoption_score_never_lowers_npv(lo: tuple[int, int], up: tuple[int, int]) -> None:
    hi = (max(lo[0], up[0]), max(lo[1], up[1]))
    s_lo, r = scored(dict(zip(ADOPTION, lo, strict=True)))
    s_hi, _ = scored(dict(zip(ADOPTION, hi, strict=True)))
    assert base_case(s_hi, r)[r[0].id].npv >= base_case(s_lo, r)[r[0].id].npv - 1e-9


def test_a_score_moves_one_finance_input_not_two() -> None:
    with pytest.raises(ValueError, match="already set adoption"):
        Scenario.model_validate(
            scenario_data(finance={"judgement": {"risk_criteria": ["usability"]}})
        )


def test_older_files_keep_the_judgement_off() -> None:
    doc = upgrade({"name": "x", "schema_version": 8, "finance_scenarios": [{"name": "b"}]})
    assert doc["finance"]["judgement"] == {"enabled": False}
    assert doc["finance_scenarios"][0]["finance"]["judgement"] == {"enabled": False}
