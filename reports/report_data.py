"""Run scoring and finance once for a scenario and keep every result a report needs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from finance.base_case import BaseCase, base_case
from finance.measures import tco_measures
from models.catalog import Catalog
from models.decision import ResolvedOption, resolve
from models.i18n_text import Lang, text
from models.scenario import Scenario
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


def _optional(module: str, name: str) -> Any | None:
    """``module.name`` when that part of the engine exists yet, else None."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


@dataclass
class ReportData:
    """Everything computed for one report: ranking, methods, committee, finance.

    ``simulation`` is the Monte Carlo result (``finance.result.SimulationResult``) and
    ``sensitivity`` the scoring sensitivity result; either is None when that engine part is
    unavailable, and ``missing`` then names it.
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
    simulation: Any | None
    sensitivity: Any | None
    trials: int
    seed: int
    missing: list[str] = field(default_factory=list)

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

    def sim_option(self, option_id: str) -> Any | None:
        """The simulation's result for one option, or None."""
        if self.simulation is None:
            return None
        for o in self.simulation.options:
            if o.option_id == option_id:
                return o
        return None

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


def _simulate(scenario: Scenario, resolved: list[ResolvedOption]) -> Any | None:
    simulate = _optional("finance.engine", "simulate")
    if simulate is None:
        return None
    return simulate(scenario, resolved)


@dataclass(frozen=True)
class Sensitivity:
    """Weight stability intervals, the smallest winner-changing move and SMAA acceptability."""

    intervals: list[Any]
    minimal_change: Any | None
    smaa: Any | None


def _sensitivity(dec: Decision, method: str, seed: int, samples: int) -> Sensitivity | None:
    """Run scoring's sensitivity kernels on the prepared decision (None if not available)."""
    stability = _optional("scoring.sensitivity", "stability_intervals")
    smaa = _optional("scoring.smaa", "smaa")
    if stability is None and smaa is None:
        return None
    dm = dec.matrix
    args = (dm.values, dec.weight_vector, dm.directions, method)
    intervals, minimal = (
        stability(*args, criteria=dm.criteria, options=dm.options) if stability else ([], None)
    )
    acc = None
    if smaa is not None:
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
    missing: list[str] = []
    sim = _simulate(sc, resolved)
    if sim is None:
        missing.append("simulation")
    sens = _sensitivity(dec, method, sc.finance.simulation.seed, smaa_samples)
    if sens is None:
        missing.append("sensitivity")
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
        simulation=sim,
        sensitivity=sens,
        trials=sc.finance.simulation.trials,
        seed=sc.finance.simulation.seed,
        missing=missing,
    )
