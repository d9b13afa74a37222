"""Weight elicitation: a simulated respondent, at most 2n questions, no implied question asked."""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scoring.elicitation import (
    ChooseQuestion,
    ElicitationState,
    RankAnswer,
    RateQuestion,
    RatingAnswer,
    TradeoffAnswer,
    TradeoffQuestion,
    answer,
    elicitation_result,
    max_questions,
    next_question,
    start,
)
from scoring.errors import ScoringError


def respond(q: object, w: dict[str, float]) -> RankAnswer | RatingAnswer | TradeoffAnswer:
    """A respondent whose additive value model has swing weights ``w``."""
    if isinstance(q, ChooseQuestion):
        return RankAnswer(chosen=max(q.remaining, key=lambda c: w[c]))
    if isinstance(q, RateQuestion):
        return RatingAnswer(criterion=q.criterion, points=round(100 * w[q.criterion] / w[q.top], 1))
    assert isinstance(q, TradeoffQuestion)
    x, y = q.level * w[q.top], w[q.criterion]
    choice: Literal["x", "y", "equal"] = "equal" if abs(x - y) < 1e-12 else ("x" if x > y else "y")
    return TradeoffAnswer(top=q.top, level=q.level, criterion=q.criterion, choice=choice)


def run(
    criteria: list[str], w: dict[str, float], method: str
) -> tuple[ElicitationState, list[object]]:
    state = start(criteria, method)  # type: ignore[arg-type]
    asked: list[object] = []
    while (q := next_question(state)) is not None:
        asked.append(q)
        state = answer(state, respond(q, w))
    return state, asked


@settings(max_examples=80)
@given(
    n=st.integers(1, 16),
    seed=st.integers(0, 10_000),
    method=st.sampled_from(["swing", "tradeoff"]),
)
def test_a_respondent_with_known_weights_is_recovered_in_at_most_2n_questions(
    n: int, seed: int, method: str
) -> None:
    rng = np.random.default_rng(seed)
    true = rng.dirichlet(np.ones(n))
    true = np.sort(true)[::-1] + np.linspace(0.01, 0, n)  # distinct, so the order is defined
    rng.shuffle(true)
    criteria = [f"c{i:02d}" for i in range(n)]
    w = dict(zip(criteria, true / true.sum(), strict=True))
    state, asked = run(criteria, w, method)
    res = elicitation_result(state)
    assert len(asked) <= max_questions(n) == 2 * n
    assert res.asked == len(asked)
    assert res.complete
    assert sum(res.weights.values()) == pytest.approx(1.0)
    truth_order = sorted(criteria, key=lambda c: -w[c])
    assert list(res.order) == truth_order
    got = [res.weights[c] for c in truth_order]
    assert all(a > b for a, b in pairwise(got))  # same strict order
    top = truth_order[0]
    slack = 5e-4 if method == "swing" else 1e-9  # swing points are given to 0.1
    for c in criteria:
        lo, hi = res.intervals[c]
        assert lo - slack <= w[c] / w[top] <= hi + slack  # the truth is never ruled out
    if method == "swing":
        assert len(asked) == max(2 * n - 2, 0)
        assert np.allclose(got, [w[c] for c in truth_order], atol=2e-3)


def test_the_ranking_alone_gives_rank_sum_weights_stillwell1981() -> None:
    criteria = ["budget", "risk", "deadlines", "functionality"]
    state = start(criteria, "tradeoff")
    for c in ("functionality", "budget", "risk"):
        state = answer(state, RankAnswer(chosen=c))
    res = elicitation_result(state)
    assert res.order == ("functionality", "budget", "risk", "deadlines")
    assert res.skipped == 1  # the last place was implied
    # w_k proportional to n - k + 1: 4, 3, 2, 1
    assert [res.weights[c] for c in res.order] == pytest.approx([0.4, 0.3, 0.2, 0.1], abs=1e-3)


def test_an_answer_narrows_the_criteria_ranked_below_so_their_question_moves() -> None:
    state = start(["a", "b", "c"], "tradeoff")
    for c in ("a", "b"):
        state = answer(state, RankAnswer(chosen=c))
    q = next_question(state)
    assert q == TradeoffQuestion("a", 0.5, "b")
    # b's full swing is worth less than half of a's: then so is c's (ranked below b)
    state = answer(state, TradeoffAnswer(top="a", level=0.5, criterion="b", choice="x"))
    assert elicitation_result(state).intervals["c"] == (0.0, 0.5)
    q = next_question(state)
    assert isinstance(q, TradeoffQuestion)
    assert q.level < 0.5  # the implied question "c against half of a" is never asked


def test_every_question_asked_could_be_answered_either_way() -> None:
    rng = np.random.default_rng(4)
    criteria = [f"c{i}" for i in range(7)]
    w = dict(zip(criteria, rng.dirichlet(np.ones(7)), strict=True))
    state = start(criteria, "tradeoff")
    while (q := next_question(state)) is not None:
        if isinstance(q, TradeoffQuestion):
            lo, hi = elicitation_result(state).intervals[q.criterion]
            assert lo < q.level < hi
        state = answer(state, respond(q, w))


def test_a_zero_swing_makes_everything_below_zero_without_asking() -> None:
    state = start(["a", "b", "c", "d"], "swing")
    for c in ("a", "b", "c"):
        state = answer(state, RankAnswer(chosen=c))
    state = answer(state, RatingAnswer(criterion="b", points=40))
    q = next_question(state)
    assert q == RateQuestion("c", "a", 40.0)
    state = answer(state, RatingAnswer(criterion="c", points=0))
    res = elicitation_result(state)
    assert next_question(state) is None
    assert res.skipped == 2  # d's place and d's points
    assert res.weights == pytest.approx({"a": 1 / 1.4, "b": 0.4 / 1.4, "c": 0.0, "d": 0.0})
    assert res.points() == {"a": 100.0, "b": 40.0, "c": 0.0, "d": 0.0}


def test_equal_answer_fixes_the_ratio() -> None:
    state = start(["a", "b"], "tradeoff")
    state = answer(state, RankAnswer(chosen="a"))
    state = answer(state, TradeoffAnswer(top="a", level=0.5, criterion="b", choice="equal"))
    res = elicitation_result(state)
    assert res.complete
    assert res.weights == pytest.approx({"a": 2 / 3, "b": 1 / 3}, abs=1e-3)


def test_the_state_round_trips_through_json_and_a_tampered_one_is_refused() -> None:
    rng = np.random.default_rng(9)
    criteria = ["a", "b", "c", "d"]
    w = dict(zip(criteria, rng.dirichlet(np.ones(4)), strict=True))
    state = start(criteria, "tradeoff")
    for _ in range(5):
        q = next_question(state)
        state = answer(state, respond(q, w))
    again = ElicitationState.model_validate_json(state.model_dump_json())
    assert next_question(again) == next_question(state)
    assert elicitation_result(again) == elicitation_result(state)
    data = state.model_dump(mode="json")
    data["answers"][4]["level"] = 0.3  # not the level that was asked
    with pytest.raises(ValidationError, match="expected an answer"):
        ElicitationState.model_validate(data)


def test_wrong_answers_are_errors_with_codes() -> None:
    state = start(["a", "b", "c"], "swing")
    with pytest.raises(ScoringError) as e:
        answer(state, RatingAnswer(criterion="a", points=50))
    assert e.value.code == "elicitation_unexpected_answer"
    with pytest.raises(ScoringError) as e:
        answer(state, RankAnswer(chosen="z"))
    assert e.value.code == "elicitation_unexpected_answer"
    for c in ("a", "b"):
        state = answer(state, RankAnswer(chosen=c))
    state = answer(state, RatingAnswer(criterion="b", points=30))
    with pytest.raises(ScoringError) as e:
        answer(state, RatingAnswer(criterion="c", points=45))  # c is ranked below b (30)
    assert e.value.code == "elicitation_answer_out_of_range"
    state = answer(state, RatingAnswer(criterion="c", points=10))
    with pytest.raises(ScoringError) as e:
        answer(state, RatingAnswer(criterion="c", points=10))
    assert e.value.code == "elicitation_finished"


def test_one_criterion_needs_no_question() -> None:
    state = start(["only"], "tradeoff")
    assert next_question(state) is None
    res = elicitation_result(state)
    assert res.weights == {"only": 1.0}
    assert res.complete


def test_questions_read_in_both_languages() -> None:
    names = {"budget": "Budget", "risk": "Risk"}
    q = TradeoffQuestion("budget", 0.35, "risk")
    assert q.choices("en", names)["x"] == "Budget improves 35% of the way from worst to best"
    assert "«Риск»" in q.choices("ru", {"budget": "Бюджет", "risk": "Риск"})["y"]
    rate = RateQuestion("risk", "budget", 60.0)
    assert "Risk" in rate.text("en", names)
    assert "(0 to 60)" in rate.text("en", names)
    assert ChooseQuestion(("budget", "risk"), 1).text("ru").startswith("Представьте")
