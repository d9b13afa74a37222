"""What eliminating an option does to the order of the others (rank reversal), and a fix.

Scale-dependent methods (min-max or vector normalisation, TOPSIS, VIKOR, PROMETHEE) can
reorder the remaining options when one leaves the list. SPOTIS with bounds fixed on the
whole original list cannot, so it is offered beside the chosen method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scoring.analysis import WSM, Decision, rank_matrix
from scoring.errors import ScoringError
from scoring.matrix import DecisionMatrix
from scoring.method_call import MethodCall
from scoring.methods.spotis import spotis


@dataclass(frozen=True)
class EliminationEffect:
    """The remaining options' order before and after one option leaves the list."""

    eliminated: str
    method: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    spotis_order: tuple[str, ...]

    @property
    def rank_reversal(self) -> bool:
        """True when the remaining options are in a different order than before."""
        return self.before != self.after

    @property
    def swapped(self) -> tuple[tuple[str, str], ...]:
        """Pairs (a, b) with a ahead of b before the elimination and behind it after."""
        pos = {o: i for i, o in enumerate(self.after)}
        return tuple(
            (a, b)
            for i, a in enumerate(self.before)
            for b in self.before[i + 1 :]
            if pos[a] > pos[b]
        )


def fixed_bounds(dm: DecisionMatrix) -> np.ndarray:
    """Bounds per criterion, fixed on the full list: a rating scale's ends, or the observed
    range of a measured quantity (widened by 1 where every option has the same value)."""
    out = np.empty((len(dm.criteria), 2))
    for j in range(len(dm.criteria)):
        if np.isfinite(dm.scale_min[j]):
            lo, hi = float(dm.scale_min[j]), float(dm.scale_max[j])
        else:
            lo, hi = float(dm.values[:, j].min()), float(dm.values[:, j].max())
        out[j] = (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)
    return out


def _order(options: Sequence[str], scores: np.ndarray, higher_is_better: bool) -> tuple[str, ...]:
    keys = -scores if higher_is_better else scores
    return tuple(options[i] for i in np.lexsort((np.arange(len(options)), keys)))


def elimination_effect(dec: Decision, eliminated: str, call: MethodCall = WSM) -> EliminationEffect:
    """Rank the list with and without ``eliminated`` by ``call`` (a method with its
    normalisation and parameters); compare the others' order, and SPOTIS's."""
    dm = dec.matrix
    options = list(dm.options)
    if eliminated not in options:
        raise ScoringError("unknown_option", f"not on the list; have {options}", eliminated)
    if len(options) < 3:
        raise ScoringError("too_few_options", "need at least three options to compare orders")
    keep = [i for i, o in enumerate(options) if o != eliminated]
    weights = dec.weight_vector / dec.weight_vector.sum()
    full = rank_matrix(
        dm.values, weights, dm.directions, call.method, options=options, criteria=dm.criteria,
        **call.kwargs(),
    )  # fmt: skip
    rest = rank_matrix(
        dm.values[keep], weights, dm.directions, call.method,
        options=[options[i] for i in keep], criteria=dm.criteria, **call.kwargs(),
    )  # fmt: skip
    before = tuple(
        o for o in _order(options, full.scores, full.higher_is_better) if o != eliminated
    )
    after = _order(rest.options, rest.scores, rest.higher_is_better)
    stable = spotis(dm.values[keep], weights, dm.directions, fixed_bounds(dm))
    return EliminationEffect(
        eliminated, call.method, before, after, _order(rest.options, stable, higher_is_better=False)
    )
