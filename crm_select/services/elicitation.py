"""Weights from choices: a guided swing or trade-off session for one level of the criteria tree
(the four interests, or one interest's criteria), its weights shown and adjustable as direct
points (:mod:`scoring.elicitation`), then applied to the tree by the facilitator
(:func:`apply_points`) or kept as a committee member's own weights (:func:`save_member_points`)."""

from __future__ import annotations

from collections.abc import Mapping

from crm_select.models.criteria import INTERESTS_LEVEL, Interest, WeightingMethod
from crm_select.models.scenario import Scenario
from crm_select.services.edits import set_criteria
from crm_select.services.workspace import (
    Actor,
    Database,
    MemberWeightsRecord,
    submit_member_weights,
)
from scoring.elicitation import (
    Answer,
    ElicitationResult,
    ElicitationState,
    Method,
    Question,
    answer,
    elicitation_result,
    max_questions,
    next_question,
    start,
)

__all__ = [
    "INTERESTS_LEVEL",
    "Answer",
    "ElicitationResult",
    "ElicitationState",
    "Method",
    "Question",
    "apply_points",
    "level_items",
    "max_questions",
    "next_question",
    "respond",
    "result",
    "save_member_points",
    "start",
    "start_session",
]


def level_items(scenario: Scenario, level: str) -> list[str]:
    """The ids weighed at ``level``: the interests (``INTERESTS_LEVEL``), or the criteria of
    interest ``level`` (``ValueError`` for an unknown level)."""
    tree = scenario.criteria
    if level == INTERESTS_LEVEL:
        return [g.id.value for g in tree.groups]
    for g in tree.groups:
        if g.id.value == level:
            return [c.id for c in g.criteria]
    raise ValueError(
        f"unknown level {level!r}; known: {[INTERESTS_LEVEL, *(g.id.value for g in tree.groups)]}"
    )


def start_session(scenario: Scenario, level: str, method: Method = "tradeoff") -> ElicitationState:
    """A new session over ``level``'s items: at most 2n questions for n items."""
    return start(level_items(scenario, level), method)


def respond(state: ElicitationState, response: Answer) -> ElicitationState:
    """The session after answering its next question (``ScoringError`` if it does not fit)."""
    return answer(state, response)


def result(state: ElicitationState) -> ElicitationResult:
    """The weights the answers so far give (rank-sum weights after the ranking alone)."""
    return elicitation_result(state)


def apply_points(scenario: Scenario, level: str, points: Mapping[str, float]) -> Scenario:
    """The tree weighed by direct points at ``level`` (the elicited weights as the member
    adjusted them): the tree's method becomes direct points, every other level keeps the direct
    points it has. ``ValueError`` for points of items not on the level, a negative point, or
    points that leave the level without weight."""
    items = level_items(scenario, level)
    unknown = sorted(set(points) - set(items))
    if unknown:
        raise ValueError(f"not on this level: {', '.join(unknown)}; on it: {items}")
    if any(p < 0 for p in points.values()):
        raise ValueError("points must be 0 or more")
    tree = scenario.criteria
    groups = []
    for g in tree.groups:
        if level == INTERESTS_LEVEL:
            groups.append(g.model_copy(update={"weight": float(points.get(g.id.value, g.weight))}))
        elif g.id is Interest(level):
            crit = [
                c.model_copy(update={"weight": float(points.get(c.id, c.weight))})
                for c in g.criteria
            ]
            groups.append(g.model_copy(update={"criteria": crit}))
        else:
            groups.append(g)
    edited = tree.model_copy(update={"method": WeightingMethod.DIRECT, "groups": groups})
    return set_criteria(scenario, edited)


def save_member_points(
    db: Database,
    actor: Actor,
    level: str,
    points: Mapping[str, float],
    session: ElicitationState,
    expected_version: int,
) -> MemberWeightsRecord:
    """A committee member's own weights of ``level`` in the open weighting round: the points
    their answers gave (as they adjusted them), stored as direct points like typed ones
    (versioned, ``StaleWrite`` if another tab saved first); the audit event names the session's
    method and how many questions were answered."""
    return submit_member_weights(
        db,
        actor,
        level,
        points=points,
        expected_version=expected_version,
        elicited=f"{session.method}, {len(session.answers)} answers",
    )
