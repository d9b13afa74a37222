"""How robust is the ranking: weight stability intervals, the smallest winner-changing move,
and rank acceptability under weight and score uncertainty."""

from __future__ import annotations

from collections.abc import Mapping

from crm_select.models.ranking_settings import RankingSettings
from crm_select.services.decision import OpenDecision, prepare
from scoring.analysis import (
    SensitivityReport,
    Stability,
    acceptability_prepared,
    sensitivity_prepared,
    stability_prepared,
    with_group_shares,
)
from scoring.method_call import method_call
from scoring.smaa import SmaaResult


def stability(
    decision: OpenDecision,
    group_shares: Mapping[str, float] | None = None,
    settings: RankingSettings | None = None,
) -> Stability:
    """Stability interval of every weight and the smallest single-weight change of the winner,
    at the scenario's weights or with the interest groups' shares moved (what-if)."""
    s = settings or decision.settings
    dec = prepare(decision, s)
    return stability_prepared(dec, method_call(s, dec.matrix.criteria), group_shares)


def rank_acceptability(
    decision: OpenDecision,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> SmaaResult:
    """SMAA rank acceptability with the settings' samples, concentration, seed and score noise,
    around the scenario's weights or the what-if's (interest groups moved)."""
    s = settings or decision.settings
    dec = with_group_shares(prepare(decision, s), group_shares)
    return acceptability_prepared(dec, method_call(s, dec.matrix.criteria), s.robustness)


def robustness(
    decision: OpenDecision, settings: RankingSettings | None = None
) -> SensitivityReport:
    """Everything at once (the command line's ``sensitivity``): stability, minimal change,
    one-at-a-time sweep and rank acceptability."""
    s = settings or decision.settings
    dec = prepare(decision, s)
    return sensitivity_prepared(dec, method_call(s, dec.matrix.criteria), s.robustness)
