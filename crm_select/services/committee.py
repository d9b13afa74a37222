"""The committee: consensus, agreement, outliers, each rater's own ranking, disagreement, and
the departments' weighting sets, for a scenario or for a live workspace."""

from __future__ import annotations

from dataclasses import dataclass

from crm_select.models.catalog import Catalog
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from crm_select.services.decision import OpenDecision, open_decision, prepare
from crm_select.services.ranking import rank
from crm_select.store.api import (
    Actor,
    Database,
    get_workspace,
    load_scenario,
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
