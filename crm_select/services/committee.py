"""The committee: consensus, agreement, outliers, each rater's own ranking, disagreement, and
the departments' weighting sets, for a scenario or for a live workspace."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crm_select.models.catalog import Catalog
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario, ScoresSource
from crm_select.services.decision import OpenDecision, open_decision, prepare
from crm_select.services.ranking import rank
from crm_select.store.api import (
    Actor,
    Database,
    RoundStatus,
    WorkspaceInfo,
    apply_round,
    get_workspace,
    load_scenario,
    lock_workspace,
    scenario_with_scores,
    weighting_sets,
)
from scoring.analysis import CommitteeReport, RankingResult, committee_prepared
from scoring.committee import CellSpread
from scoring.errors import ScoringError
from scoring.method_call import method_call
from scoring.weights import with_direct_points


def committee_analysis(
    decision: OpenDecision, settings: RankingSettings | None = None
) -> CommitteeReport:
    """Consensus (mean or median by the settings), Kendall's W per criterion and overall,
    outlying raters, and each rater's own ranking beside the consensus ranking."""
    s = settings or decision.settings
    dec = prepare(decision, s)
    return committee_prepared(dec, method_call(s, dec.matrix.criteria))


def disagreement(report: CommitteeReport | None) -> list[CellSpread]:
    """Every cell's spread, largest standard deviation first (a cell one rater scored has no
    measured dispersion and comes last); empty when nobody has scored."""
    if report is None or report.consensus is None:
        return []
    return report.consensus.spreads()


def workspace_scenario(db: Database, actor: Actor) -> Scenario:
    """The workspace's current decision with the current round's scores (as far as the actor
    may see them), or without scores before scoring starts."""
    if get_workspace(db, actor).current_round:
        return scenario_with_scores(db, actor)
    return load_scenario(db, actor)


def workspace_committee(
    db: Database, actor: Actor, catalog: Catalog, settings: RankingSettings | None = None
) -> CommitteeReport | None:
    """:func:`committee_analysis` of the current round; None while nothing is scored or no
    criterion can be ranked yet."""
    sc = workspace_scenario(db, actor)
    if not sc.scores:
        return None
    try:
        return committee_analysis(open_decision(sc, catalog), settings)
    except ScoringError:
        return None


@dataclass(frozen=True)
class DepartmentRankings:
    """The committee's ranking beside each department's (its weighting set applied)."""

    committee: RankingResult
    departments: dict[str, RankingResult]


def department_rankings(db: Database, actor: Actor, catalog: Catalog) -> DepartmentRankings:
    """Rank the workspace's decision with the committee's weights and with each department's
    weighting set (direct points for the groups or criteria the set names).

    Raises ``ScoringError`` or ``ValueError`` when a set cannot rank the decision.
    """
    base = open_decision(workspace_scenario(db, actor), catalog)
    out: dict[str, RankingResult] = {}
    for ws in weighting_sets(db, actor):
        tree = with_direct_points(base.scenario.criteria, ws.weights)
        weighted = base.scenario.model_copy(update={"criteria": tree})
        out[ws.department] = rank(open_decision(weighted, catalog, base.measures))
    return DepartmentRankings(rank(base), out)


def department_weights(db: Database, actor: Actor, catalog: Catalog) -> list[list[float]]:
    """Each department's weighting set as effective weights over the decision's ranked
    criteria (the rows of decision confidence's departments model); a set that cannot weigh
    the decision is left out."""
    base = open_decision(workspace_scenario(db, actor), catalog)
    criteria = prepare(base).matrix.criteria
    out: list[list[float]] = []
    for ws in weighting_sets(db, actor):
        try:
            tree = with_direct_points(base.scenario.criteria, ws.weights)
            weighted = base.scenario.model_copy(update={"criteria": tree})
            w = prepare(open_decision(weighted, catalog, base.measures)).weights
        except (ScoringError, ValueError):
            continue
        out.append([w.get(c, 0.0) for c in criteria])
    return out


@dataclass(frozen=True)
class DecisionScores:
    """Whose scores the decision (Scoring, Ranking, Report, exports) uses now.

    ``source`` is the applied committee round (None: the scenario file's own scores, e.g. an
    example's raters); ``raters`` the names of those whose scores count; ``pending`` the
    current round when it is revealed but its scores are not the decision's yet.
    """

    source: ScoresSource | None
    raters: tuple[str, ...]
    version: int
    pending: int | None


def decision_scores(db: Database, actor: Actor) -> DecisionScores:
    """Where the current version's scores come from, and whether a revealed round waits."""
    info = get_workspace(db, actor)
    sc = load_scenario(db, actor)
    src = sc.scores_source
    names = tuple(r.name for r in sc.raters if r.id in sc.scores)
    applied = src is not None and src.workspace == info.id and src.round == info.current_round
    pending = (
        info.current_round if info.round_status is RoundStatus.REVEALED and not applied else None
    )
    return DecisionScores(src, names, info.current_version, pending)


class Finish(StrEnum):
    """What locking does with a revealed round whose scores are not the decision's yet."""

    APPLY = "apply"
    KEEP = "keep"


def finish_decision(
    db: Database, actor: Actor, pending: Finish = Finish.APPLY, reason: str = "decision final"
) -> WorkspaceInfo:
    """Lock the decision for good. A revealed round that is not the decision's yet is
    applied first (``Finish.APPLY``, the default: the committee's last word decides) or left
    out (``Finish.KEEP``: the decision keeps the scores it has); the choice is asked on the
    board and recorded in the audit log with the lock."""
    waiting = decision_scores(db, actor).pending
    if waiting is not None and pending is Finish.APPLY:
        apply_round(db, actor, waiting)
        reason = f"{reason}; round {waiting} applied"
    elif waiting is not None:
        reason = f"{reason}; round {waiting} not applied"
    return lock_workspace(db, actor, reason)
