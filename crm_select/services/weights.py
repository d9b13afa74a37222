"""Weights of a criteria tree: effective weights, the balance of interests, and the AHP
diagnosis of every pairwise level (lambda_max, CI, RI, CR, the judgements to revisit), complete
or incomplete (n - 1 judgements linking every item suffice; scoring/ahp_incomplete.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crm_select.models.criteria import CriteriaTree, Judgement
from scoring.ahp import AhpResult, PairSuggestion, judgement_matrix, nearest_saaty
from scoring.ahp_incomplete import ahp_judgements, judgement_graph, suggest_pair
from scoring.ahp_scale import SLIDER_VALUES
from scoring.weights import TreeWeights, tree_weights

SAATY_VALUES: tuple[float, ...] = SLIDER_VALUES
"""Saaty's scale, 1/9 .. 9: the positions of a judgement slider."""

__all__ = [
    "SAATY_VALUES",
    "AhpResult",
    "PairwiseLevel",
    "TreeWeights",
    "on_saaty_scale",
    "pairwise_level",
    "seed_judgements",
    "weights",
]


def weights(tree: CriteriaTree) -> TreeWeights:
    """Group, local and effective weights by the tree's method, with AHP results per level."""
    return tree_weights(tree)


@dataclass(frozen=True)
class PairwiseLevel:
    """Where one pairwise level stands: how many pairs are judged, which items are not yet
    linked to the others, the pair to judge next and, once every item is linked, the result.

    ``needed`` = n - 1 is the fewest judgements that can weigh n items (a spanning tree);
    ``total`` = n(n - 1)/2 the pairs of a complete matrix.
    """

    labels: tuple[str, ...]
    judged: int
    needed: int
    total: int
    unlinked: tuple[str, ...]
    suggestion: PairSuggestion | None
    result: AhpResult | None

    @property
    def ready(self) -> bool:
        """Every item is linked to every other by a chain of judgements: weights exist."""
        return self.result is not None


def pairwise_level(labels: Sequence[str], judgements: Sequence[Judgement]) -> PairwiseLevel:
    """The state of one level's judgements (raises only for values off Saaty's scale or
    unknown items, as :func:`scoring.ahp.judgement_matrix` does)."""
    names = tuple(labels)
    n = len(names)
    triples = [(j.a, j.b, j.value) for j in judgements]
    graph = judgement_graph(names, judgement_matrix(names, triples))
    unlinked = tuple(x for comp in graph.components[1:] for x in comp)
    result = ahp_judgements(names, triples) if graph.connected and n > 1 else None
    return PairwiseLevel(
        labels=names,
        judged=graph.edges,
        needed=max(n - 1, 0),
        total=n * (n - 1) // 2,
        unlinked=unlinked,
        suggestion=result.suggestion if result is not None else suggest_pair(graph),
        result=result,
    )


def seed_judgements(weights: Mapping[str, float]) -> list[Judgement]:
    """A first set of n - 1 judgements read off existing weights: the heaviest item against each
    other item, w_hub / w_i rounded to Saaty's scale (1..9, zero weights at 9). A star is the
    best spanning tree to start from (Bozoki & Szadoczki 2024); the user then refines it."""
    items = list(weights)
    if len(items) < 2:
        return []
    w = np.array([max(float(weights[i]), 0.0) for i in items])
    hub = int(np.argmax(w))
    out = []
    for k, item in enumerate(items):
        if k == hub:
            continue
        ratio = 9.0 if w[k] <= 0 else float(np.clip(w[hub] / w[k], 1.0, 9.0))
        out.append(Judgement(a=items[hub], b=item, value=nearest_saaty(ratio)))
    return out


def on_saaty_scale(value: float) -> float:
    """A judgement rounded to Saaty's scale by log distance (the one rounding rule: a slider
    shows what a repair hint suggests)."""
    return nearest_saaty(value)
