"""What the ranking leaves out: criteria nobody scored (or whose measure is missing) and the
cells no rater scored, named once instead of one warning per cell.

A missing score is never read as a zero (docs/scoring.md): a rating criterion with an unscored
option is left out of the ranking and the other weights are rescaled. The Scoring and Ranking
pages say which criteria that is, why, and what weight they carried.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from crm_select.models.criteria import MeasuredScale
from crm_select.models.ranking_settings import RankingSettings
from crm_select.services.decision import OpenDecision
from scoring.errors import ScoringError
from scoring.matrix import build_matrix
from scoring.weights import tree_weights

SUMMARISED = frozenset(
    {"cell_unscored", "criterion_unscored", "measure_unavailable", "weights_renormalised"}
)
"""Warning codes :class:`ScoreGaps` says in one message; pages list the other warnings."""


class Reason(StrEnum):
    """Why a criterion is left out of the ranking."""

    NO_RATERS = "no_raters"
    """Nobody scored it, for any option."""
    UNSCORED = "unscored"
    """Some options have no score on it."""
    MEASURE = "measure"
    """Its measured value is missing for some option (e.g. the finance model failed)."""


@dataclass(frozen=True)
class LeftOut:
    """A criterion the ranking leaves out: why, for which options, and the share of the total
    weight it carried (None when the weights cannot be computed)."""

    criterion: str
    reason: Reason
    options: tuple[str, ...]
    weight: float | None


@dataclass(frozen=True)
class ScoreGaps:
    """The criteria left out of the ranking and every (option, criterion) cell nobody scored."""

    left_out: tuple[LeftOut, ...]
    unscored: tuple[tuple[str, str], ...]

    @property
    def lost_weight(self) -> float | None:
        """The share of the total weight the left-out criteria carried (rescaled onto the
        others)."""
        shares = [x.weight for x in self.left_out]
        return None if None in shares else float(sum(s for s in shares if s is not None))

    def unscored_by_option(self) -> dict[str, list[str]]:
        """Option -> the criteria nobody scored it on, in matrix order."""
        out: dict[str, list[str]] = {}
        for option, criterion in self.unscored:
            out.setdefault(option, []).append(criterion)
        return out


def score_gaps(decision: OpenDecision, settings: RankingSettings | None = None) -> ScoreGaps:
    """The decision's gaps under the settings' aggregate (the matrix the ranking uses)."""
    s = settings or decision.settings
    dm = build_matrix(
        decision.scenario, list(decision.resolved), decision.measures, s.aggregate.value
    )
    unscored: list[tuple[str, str]] = []
    missing: dict[str, list[str]] = {}
    if dm.consensus is not None:
        cons = dm.consensus
        for i, j in np.argwhere(np.isnan(cons.values)):
            o, c = cons.tensor.options[i], cons.tensor.criteria[j]
            unscored.append((o, c))
            missing.setdefault(c, []).append(o)
    try:
        effective: dict[str, float] | None = tree_weights(decision.scenario.criteria).effective
    except ScoringError:
        effective = None
    total = sum(effective.values()) if effective else 0.0
    by_id = {c.id: c for c in decision.scenario.criteria.criteria}
    left: list[LeftOut] = []
    for cid in dm.dropped:
        options = tuple(missing.get(cid, ()))
        if isinstance(by_id[cid].scale, MeasuredScale):
            reason = Reason.MEASURE
        elif len(options) == len(dm.options):
            reason = Reason.NO_RATERS
        else:
            reason = Reason.UNSCORED
        share = effective[cid] / total if effective is not None and total > 0 else None
        left.append(LeftOut(cid, reason, options, share))
    return ScoreGaps(tuple(left), tuple(unscored))
