"""Weights by choices on a decision's level: at most 2n questions, a known respondent recovered,
the adjusted points applied as the level's direct points."""

from __future__ import annotations

from typing import Literal

import pytest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.services.decision import open_decision, prepare
from crm_select.services.elicitation import (
    INTERESTS_LEVEL,
    apply_points,
    level_items,
    max_questions,
    next_question,
    respond,
    result,
    start_session,
)
from scoring.elicitation import (
    ChooseQuestion,
    RankAnswer,
    RateQuestion,
    RatingAnswer,
    TradeoffAnswer,
    TradeoffQuestion,
)

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(EXAMPLE_SCENARIO, CATALOG)


def reply(q: object, w: dict[str, float]) -> RankAnswer | RatingAnswer | TradeoffAnswer:
    """A member whose swing weights are ``w``."""
    if isinstance(q, ChooseQuestion):
        return RankAnswer(chosen=max(q.remaining, key=w.__getitem__))
    if isinstance(q, RateQuestion):
        return RatingAnswer(criterion=q.criterion, points=round(100 * w[q.criterion] / w[q.top]))
    assert isinstance(q, TradeoffQuestion)
    x, y = q.level * w[q.top], w[q.criterion]
    choice: Literal["x", "y", "equal"] = "equal" if abs(x - y) < 1e-12 else ("x" if x > y else "y")
    return TradeoffAnswer(top=q.top, level=q.level, criterion=q.criterion, choice=choice)


@pytest.mark.parametrize("method", ["tradeoff", "swing"])
@pytest.mark.parametrize("level", [INTERESTS_LEVEL, "functionality", "risk"])
def test_a_member_with_known_weights_answers_at_most_2n_questions(
    scenario: Scenario, level: str, method: Literal["tradeoff", "swing"]
) -> None:
    items = level_items(scenario, level)
    truth = {c: float(len(items) - i) ** 1.5 for i, c in enumerate(items)}  # a strict order
    state = start_session(scenario, level, method)
    while (q := next_question(state)) is not None:
        state = respond(state, reply(q, truth))
    res = result(state)
    n = len(items)
    assert res.complete
    assert res.asked <= max_questions(n) == 2 * n
    assert list(res.order) == sorted(items, key=truth.__getitem__, reverse=True)
    total = sum(truth.values())
    tolerance = 0.06 if method == "tradeoff" else 0.01  # trade-offs stop at 10 % intervals
    for c in items:
        assert res.weights[c] == pytest.approx(truth[c] / total, abs=tolerance)


def test_the_elicited_points_become_the_interests_direct_weights(scenario: Scenario) -> None:
    points = {"functionality": 100.0, "deadlines": 40.0, "budget": 60.0, "risk": 0.0}
    applied = apply_points(scenario, INTERESTS_LEVEL, points)
    assert applied.criteria.method.value == "direct"
    shares = prepare(open_decision(applied, CATALOG)).groups
    assert shares == pytest.approx({g: p / 200 for g, p in points.items()})


def test_points_within_an_interest_keep_the_other_interests(scenario: Scenario) -> None:
    items = level_items(scenario, "risk")
    applied = apply_points(scenario, "risk", {c: 10.0 * (i + 1) for i, c in enumerate(items)})
    before = {g.id: g for g in scenario.criteria.groups}
    for g in applied.criteria.groups:
        assert g.weight == before[g.id].weight
        if g.id.value != "risk":
            assert g.criteria == before[g.id].criteria
    risk = next(g for g in applied.criteria.groups if g.id.value == "risk")
    assert [c.weight for c in risk.criteria] == [10.0 * (i + 1) for i in range(len(items))]


def test_bad_points_are_refused(scenario: Scenario) -> None:
    with pytest.raises(ValueError, match="not on this level"):
        apply_points(scenario, INTERESTS_LEVEL, {"price": 10.0})
    with pytest.raises(ValueError, match="0 or more"):
        apply_points(scenario, INTERESTS_LEVEL, {"budget": -1.0})
    with pytest.raises(ValueError, match="all group weights are zero"):
        apply_points(
            scenario, INTERESTS_LEVEL, dict.fromkeys(level_items(scenario, INTERESTS_LEVEL), 0.0)
        )
    with pytest.raises(ValueError, match="unknown level"):
        level_items(scenario, "marketing")
