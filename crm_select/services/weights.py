"""Weights of a criteria tree: effective weights, the balance of interests, and the AHP
diagnosis of every pairwise level (lambda_max, CI, RI, CR, the judgements to revisit)."""

from __future__ import annotations

from collections.abc import Sequence

from crm_select.models.criteria import CriteriaTree, Judgement
from scoring.ahp import AhpResult, nearest_saaty
from scoring.ahp_incomplete import ahp_judgements
from scoring.ahp_scale import SLIDER_VALUES
from scoring.weights import TreeWeights, tree_weights

SAATY_VALUES: tuple[float, ...] = SLIDER_VALUES
"""Saaty's scale, 1/9 .. 9: the positions of a judgement slider."""

__all__ = ["SAATY_VALUES", "AhpResult", "TreeWeights", "ahp_level", "on_saaty_scale", "weights"]


def weights(tree: CriteriaTree) -> TreeWeights:
    """Group, local and effective weights by the tree's method, with AHP results per level."""
    return tree_weights(tree)


def ahp_level(labels: Sequence[str], judgements: Sequence[Judgement]) -> AhpResult:
    """One pairwise level as the weights use it: weights, lambda_max, CI, RI, CR, repairs."""
    return ahp_judgements(list(labels), [(j.a, j.b, j.value) for j in judgements])


def on_saaty_scale(value: float) -> float:
    """A judgement rounded to Saaty's scale by log distance (the one rounding rule: a slider
    shows what a repair hint suggests)."""
    return nearest_saaty(value)
