"""Run scoring and finance once for a scenario and keep every result a report needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_select.models.catalog import Catalog
from crm_select.models.decision import ResolvedOption, resolve
from crm_select.models.i18n_text import Lang, text
from crm_select.models.scenario import Scenario
from finance.base_case import BaseCase, base_case
from finance.engine import simulate
from finance.measures import tco_measures
from finance.result import OptionResult, SimulationResult
from scoring.analysis import (
    CommitteeReport,
    Decision,
    MethodComparison,
    RankingResult,
    committee_report,
    compare_decision,
    prepare_decision,
    rank_prepared,
)
from scoring.sensitivity import MinimalChange, StabilityInterval, stability_intervals
from scoring.smaa import SmaaResult, smaa


@dataclass
class ReportData:
    """Everything computed for one report: ranking, methods, committee, finance.

    ``simulation`` is the Monte Carlo result and ``sensitivity`` the scoring sensitivity
    result.
    """

    scenario: Scenario
    catalog: Catalog
    resolved: list[ResolvedOption]
    measures: dict[str, dict[str, float]]
    decision: Decision
    ranking: RankingResult
    methods: MethodComparison
    committee: CommitteeReport
    base: dict[str, BaseCase]
    simulation: SimulationResult
    sensitivity: Sensitivity
    trials: int
    seed: int

    @property
    def currency(self) -> str:
        return self.scenario.currency.value

    @property
    def option_ids(self) -> list[str]:
        return [r.id for r in self.resolved]

    def option_name(self, option_id: str) -> str:
        for r in self.resolved:
            if r.id == option_id:
                return r.name
        return option_id

    def option(self, option_id: str) -> ResolvedOption:
        for r in self.resolved:
            if r.id == option_id:
                return r
        raise KeyError(option_id)

    def criterion_name(self, criterion_id: str, lang: Lang) -> str:
        for c in self.scenario.criteria.criteria:
            if c.id == criterion_id:
                return text(c.name, lang)
        return criterion_id

    def rater_name(self, rater_id: str) -> str:
        for r in self.scenario.raters:
            if r.id == rater_id:
                return r.name
        return rater_id

    def sim_option(self, option_id: str) -> OptionResult:
        """The simulation's result for one option."""
        return next(o for o in self.simulation.options if o.option_id == option_id)

    @property
    def winner(self) -> str:
        return self.ranking.winner


def with_trials(scenario: Scenario, trials: int | None, seed: int | None = None) -> Scenario:
    """A copy of the scenario with the simulation's trial count (and seed) replaced."""
    sim = scenario.finance.simulation
    update: dict[str, Any] = {}
    if trials is not None:
        update["trials"] = trials
    if seed is not None:
        update["seed"] = seed
    if not update:
        return scenario
    fin = scenario.finance.model_copy(update={"simulation": sim.model_copy(update=update)})
    return scenario.model_copy(update={"finance": fin})


@dataclass(frozen=True)
class Sensitivity:
    """Weight stability intervals, the smallest winner-changing move and SMAA acceptability."""

    intervals: list[StabilityInterval]
    minimal_change: MinimalChange | None
    smaa: SmaaResult


def _sensitivity(dec: Decision, method: str, seed: int, samples: int) -> Sensitivity:
    """Run scoring's sensitivity kernels on the prepared decision."""
    dm = dec.matrix
    args = (dm.values, dec.weight_vector, dm.directions, method)
    intervals, minimal = stability_intervals(*args, criteria=dm.criteria, options=dm.options)
    acc = smaa(
        *args,
        score_sd=dm.sem,
        samples=samples,
        seed=seed,
        options=dm.options,
        criteria=dm.criteria,
    )
    return Sensitivity(list(intervals), minimal, acc)


def build_report_data(
    scenario: Scenario,
    catalog: Catalog,
    trials: int | None = None,
    seed: int | None = None,
    method: str = "wsm",
    smaa_samples: int = 4000,
) -> ReportData:
    """Score and simulate a scenario once.

    Parameters
    ----------
    scenario, catalog :
        A validated scenario and the catalog it refers to.
    trials, seed : int, optional
        Override the scenario's Monte Carlo trial count and seed (e.g. fewer trials in tests).
    method : str
        The main ranking method (weighted sum by default).
    smaa_samples : int
        Weight (and score) draws of the rank-acceptability analysis, seeded with the scenario seed.
    """
    sc = with_trials(scenario, trials, seed)
    resolved = resolve(sc, catalog)
    measures = tco_measures(sc, resolved)
    dec = prepare_decision(sc, resolved, measures)
    ranking = rank_prepared(dec, method)
    return ReportData(
        scenario=sc,
        catalog=catalog,
        resolved=resolved,
        measures=measures,
        decision=dec,
        ranking=ranking,
        methods=compare_decision(sc, resolved, measures),
        committee=committee_report(sc, resolved, measures, method),
        base=base_case(sc, resolved),
        simulation=simulate(sc, resolved),
        sensitivity=_sensitivity(dec, method, sc.finance.simulation.seed, smaa_samples),
        trials=sc.finance.simulation.trials,
        seed=sc.finance.simulation.seed,
    )
