"""Sensitivity to the four interests, the views an Expert Choice user knows: dynamic (drag one
interest's weight, every option's score moves), performance (each option's score on each
interest) and gradient (every option's score against one interest's weight from 0 to 100 %,
with the points where the leader changes). Computed by :mod:`scoring.group_sensitivity` on the
decision's matrix, at the scenario's weights or the what-if's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crm_select.models.ranking_settings import RankingSettings
from crm_select.services.decision import OpenDecision, prepare
from scoring.analysis import Decision, with_group_shares
from scoring.group_sensitivity import (
    DynamicView,
    GroupSweep,
    PerformanceView,
    dynamic_scores,
    group_sweep,
    performance,
    with_group_share,
)
from scoring.method_call import method_call


@dataclass(frozen=True)
class LeaderChange:
    """Where the leader changes in the gradient view: interest ``group`` at share ``share``,
    ``before`` leads below it and ``after`` above, both scoring ``score`` there."""

    group: str
    share: float
    before: str
    after: str
    score: float


@dataclass(frozen=True)
class InterestSensitivity:
    """The gradient and performance views of one ranking (one method, one set of weights)."""

    sweep: GroupSweep
    performance: PerformanceView
    changes: tuple[LeaderChange, ...]

    @property
    def shares(self) -> dict[str, float]:
        """Each interest's share of the weight now (where the gradient view's marker stands)."""
        return self.sweep.current


def _inputs(
    decision: OpenDecision, settings: RankingSettings | None, shares: Mapping[str, float] | None
) -> tuple[Decision, list[str], list[float]]:
    s = settings or decision.settings
    dec = with_group_shares(prepare(decision, s), shares)
    criteria = dec.matrix.criteria
    return dec, [dec.tree.group_of[c] for c in criteria], [dec.tree.local[c] for c in criteria]


def interest_sensitivity(
    decision: OpenDecision,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> InterestSensitivity:
    """Every option's score as each interest's share runs over 0..100 % (the others keep their
    proportions) with the exact leader changes, and each option's score per interest."""
    s = settings or decision.settings
    dec, group_of, local = _inputs(decision, s, group_shares)
    dm = dec.matrix
    call = method_call(s, dm.criteria)
    args = (dm.values, dec.weight_vector, dm.directions, group_of, call.method, dm.options)
    sweep = group_sweep(*args, local=local, **call.kwargs())
    changes = []
    for c in sweep.crossings:
        at = dynamic_scores(
            *args[:4], with_group_share(sweep.current, c.group, c.t), *args[4:],
            local=local, **call.kwargs(),
        )  # fmt: skip
        score = float(at.scores[dm.options.index(c.after)])
        changes.append(LeaderChange(c.group, c.t, c.before, c.after, score))
    return InterestSensitivity(
        sweep, performance(*args, local=local, **call.kwargs()), tuple(changes)
    )


def dynamic_view(
    decision: OpenDecision,
    group: str,
    share: float,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> DynamicView:
    """Every option's score and rank with interest ``group`` dragged to ``share`` (0..1) and the
    other interests rescaled to keep their proportions (``ScoringError`` for an unknown group or
    a share outside 0..1)."""
    s = settings or decision.settings
    dec, group_of, local = _inputs(decision, s, group_shares)
    dm = dec.matrix
    call = method_call(s, dm.criteria)
    moved = with_group_share(dict(dec.groups), group, share)
    return dynamic_scores(
        dm.values, dec.weight_vector, dm.directions, group_of, moved, call.method, dm.options,
        local=local, **call.kwargs(),
    )  # fmt: skip
