"""Rank a decision: one method, all methods side by side, what-if group weights, elimination."""

from __future__ import annotations

from collections.abc import Mapping

from crm_select.models.ranking_settings import RankingSettings
from crm_select.services.decision import OpenDecision, prepare
from scoring.analysis import (
    MethodComparison,
    RankingResult,
    compare_prepared,
    rank_prepared,
    rank_reweighted,
    with_group_shares,
)
from scoring.method_call import method_call, method_calls
from scoring.shortlist import EliminationEffect, elimination_effect


def rank(decision: OpenDecision, settings: RankingSettings | None = None) -> RankingResult:
    """The ranking by the settings' method (the scenario's settings unless given)."""
    s = settings or decision.settings
    dec = prepare(decision, s)
    return rank_prepared(dec, method_call(s, dec.matrix.criteria))


def compare_methods(
    decision: OpenDecision,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> MethodComparison:
    """Every method side by side (each with its normalisation and parameters) and their
    rank agreement, at the scenario's weights or with the interest groups moved (what-if)."""
    s = settings or decision.settings
    dec = with_group_shares(prepare(decision, s), group_shares)
    return compare_prepared(dec, method_calls(s, dec.matrix.criteria))


def what_if(
    decision: OpenDecision,
    group_shares: Mapping[str, float] | None,
    settings: RankingSettings | None = None,
) -> RankingResult:
    """The ranking with the interest groups' shares moved (``None``: as the scenario weighs).

    Weights within a group keep their proportions (:func:`scoring.weights.reweight_groups`).
    """
    s = settings or decision.settings
    dec = prepare(decision, s)
    call = method_call(s, dec.matrix.criteria)
    if group_shares is None:
        return rank_prepared(dec, call)
    return rank_reweighted(dec, call, group_shares)


def shortlist_effect(
    decision: OpenDecision, eliminated: str, settings: RankingSettings | None = None
) -> EliminationEffect:
    """Whether taking ``eliminated`` off the list reorders the others under the settings'
    method; SPOTIS's order beside it (which never reorders)."""
    s = settings or decision.settings
    dec = prepare(decision, s)
    return elimination_effect(dec, eliminated, method_call(s, dec.matrix.criteria))
