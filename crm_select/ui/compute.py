"""Cached calls into the application layer (crm_select/services), keyed on JSON so Streamlit can
hash them. Nothing here computes: each function caches one use case.

The finance measures are keyed on the finance inputs only, so moving a weight never reruns the
base case, and the Monte Carlo reruns only when its inputs or settings change.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any

import numpy as np
import streamlit as st

from crm_select.models.confidence import ConfidenceSettings
from crm_select.models.i18n_text import Lang
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.realisation import RealisationRecord
from crm_select.models.scenario import Scenario
from crm_select.services import committee as committee_service
from crm_select.services import confidence as confidence_service
from crm_select.services import interest_sensitivity as interest_service
from crm_select.services import ranking as ranking_service
from crm_select.services import report as report_service
from crm_select.services import robustness as robustness_service
from crm_select.services import score_gaps as gaps_service
from crm_select.services.confidence import Confidence
from crm_select.services.decision import Measures, OpenDecision, open_decision, prepare
from crm_select.services.interest_sensitivity import InterestSensitivity
from crm_select.services.report import ChartSet, ReportData
from crm_select.services.score_gaps import ScoreGaps
from crm_select.services.simulation import (
    BreakEven,
    break_even_uplift,
    finance_inputs_key,
    simulate,
)
from crm_select.ui.cache import catalog
from finance.result import SimulationResult
from scoring.analysis import (
    CommitteeReport,
    Decision,
    MethodComparison,
    RankingResult,
    Stability,
)
from scoring.group_sensitivity import DynamicView
from scoring.shortlist import EliminationEffect
from scoring.smaa import SmaaResult


def _parse(scenario_json: str) -> Scenario:
    return Scenario.model_validate_json(scenario_json)


def finance_key(scenario: Scenario) -> str:
    """What the finance model depends on (not the weights: the service's key)."""
    return finance_inputs_key(scenario)


@st.cache_data(show_spinner=False, max_entries=64)
def _measures(_scenario_json: str, key: str) -> Measures:  # noqa: ARG001 (the cache key)
    return open_decision(_parse(_scenario_json), catalog()).measures


@dataclass
class _Opened:
    """One scenario object, its JSON (every cache's key) and its decision once opened."""

    scenario: Scenario
    json: str
    decision: OpenDecision | None = None


class _OpenedStore:
    """The scenarios asked about lately, by object, least recently used dropped beyond
    ``size``.

    A page asks about the same scenario many times a run (every name, every warning line, every
    cached use case); serialising it and opening the decision costs about 7 ms each time. A
    scenario is a value: every edit validates a new one (services/edits.py) and the store hands
    out a fresh copy per load, so an edited scenario is another object and is opened anew. An
    entry holds its scenario, so the object's id is not reused while the entry is kept.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[int, _Opened] = OrderedDict()
        self._lock = Lock()

    def get(self, scenario: Scenario) -> _Opened:
        with self._lock:
            kept = self._kept.get(id(scenario))
            if kept is not None and kept.scenario is scenario:
                self._kept.move_to_end(id(scenario))
                return kept
        kept = _Opened(scenario, scenario.model_dump_json())
        with self._lock:
            self._kept[id(scenario)] = kept
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return kept


KEPT_SCENARIOS = 32
"""Scenario objects kept opened (bench/bench_app.py sets 0 for its reference)."""


@st.cache_resource(show_spinner=False)
def _opened_store() -> _OpenedStore:
    """Emptied with the catalog (``st.cache_resource.clear()``), which every decision joins."""
    return _OpenedStore(size=KEPT_SCENARIOS)


def _opened(scenario: Scenario) -> _Opened:
    return _opened_store().get(scenario)


def decision(scenario: Scenario) -> OpenDecision:
    """The scenario opened against the catalog, with its (cached) base-case measures; opened
    once per scenario object (:class:`_OpenedStore`)."""
    kept = _opened(scenario)
    if kept.decision is None:
        measures = _measures(kept.json, finance_key(scenario))
        kept.decision = open_decision(scenario, catalog(), measures)
    return kept.decision


Shares = tuple[tuple[str, float], ...] | None
"""Interest group shares as a hashable cache key (None: the scenario's own weights)."""


def _what_if(d: OpenDecision, shares: Shares, settings: RankingSettings) -> RankingResult:
    return ranking_service.what_if(d, None if shares is None else dict(shares), settings)


def _stability(d: OpenDecision, shares: Shares, settings: RankingSettings) -> Stability:
    return robustness_service.stability(d, None if shares is None else dict(shares), settings)


def _comparison(d: OpenDecision, shares: Shares, settings: RankingSettings) -> MethodComparison:
    return ranking_service.compare_methods(d, settings, None if shares is None else dict(shares))


def _acceptability(d: OpenDecision, shares: Shares, settings: RankingSettings) -> SmaaResult:
    return robustness_service.rank_acceptability(
        d, settings, None if shares is None else dict(shares)
    )


def _interests(d: OpenDecision, shares: Shares, settings: RankingSettings) -> InterestSensitivity:
    return interest_service.interest_sensitivity(
        d, settings, None if shares is None else dict(shares)
    )


def _dynamic(
    d: OpenDecision, group: str, share: float, shares: Shares, settings: RankingSettings
) -> DynamicView:
    return interest_service.dynamic_view(
        d, group, share, settings, None if shares is None else dict(shares)
    )


_USE_CASES: dict[str, Callable[..., Any]] = {
    "prepared": prepare,
    "ranking": ranking_service.rank,
    "comparison": _comparison,
    "what_if": _what_if,
    "elimination": ranking_service.shortlist_effect,
    "stability": _stability,
    "acceptability": _acceptability,
    "interests": _interests,
    "dynamic": _dynamic,
    "committee": committee_service.committee_analysis,
    "score_gaps": gaps_service.score_gaps,
}


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(use_case: str, scenario_json: str, settings_json: str, *args: Any) -> Any:
    """One cache for the scoring use cases, keyed on the scenario, the settings and args."""
    d = decision(_parse(scenario_json))
    settings = RankingSettings.model_validate_json(settings_json)
    return _USE_CASES[use_case](d, *args, settings=settings)


def _run(use_case: str, scenario: Scenario, settings: RankingSettings | None, *args: Any) -> Any:
    s = settings or scenario.ranking
    return _cached(use_case, _opened(scenario).json, s.model_dump_json(), *args)


def _shares(group_shares: Mapping[str, float] | None) -> Shares:
    return None if group_shares is None else tuple(sorted(group_shares.items()))


def prepared(scenario: Scenario, settings: RankingSettings | None = None) -> Decision:
    """Decision matrix and effective weights (what the what-if sliders start from)."""
    return _run("prepared", scenario, settings)


def ranking(scenario: Scenario, settings: RankingSettings | None = None) -> RankingResult:
    return _run("ranking", scenario, settings)


def comparison(
    scenario: Scenario,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> MethodComparison:
    return _run("comparison", scenario, settings, _shares(group_shares))


def what_if(
    scenario: Scenario,
    group_shares: Mapping[str, float] | None,
    settings: RankingSettings | None = None,
) -> RankingResult:
    return _run("what_if", scenario, settings, _shares(group_shares))


def elimination(
    scenario: Scenario, eliminated: str, settings: RankingSettings | None = None
) -> EliminationEffect:
    return _run("elimination", scenario, settings, eliminated)


def stability(
    scenario: Scenario,
    group_shares: Mapping[str, float] | None,
    settings: RankingSettings | None = None,
) -> Stability:
    return _run("stability", scenario, settings, _shares(group_shares))


def acceptability(
    scenario: Scenario,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> SmaaResult:
    return _run("acceptability", scenario, settings, _shares(group_shares))


def interests(
    scenario: Scenario,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> InterestSensitivity:
    """Gradient and performance views of the ranking (the Ranking page's interests tab)."""
    return _run("interests", scenario, settings, _shares(group_shares))


def dynamic(
    scenario: Scenario,
    group: str,
    share: float,
    settings: RankingSettings | None = None,
    group_shares: Mapping[str, float] | None = None,
) -> DynamicView:
    """Every option's score with one interest dragged to ``share`` (the dynamic view)."""
    return _run("dynamic", scenario, settings, group, share, _shares(group_shares))


def committee(scenario: Scenario, settings: RankingSettings | None = None) -> CommitteeReport:
    return _run("committee", scenario, settings)


def score_gaps(scenario: Scenario, settings: RankingSettings | None = None) -> ScoreGaps:
    """The criteria the ranking leaves out and the cells nobody scored."""
    return _run("score_gaps", scenario, settings)


Rows = tuple[tuple[float, ...], ...] | None
"""Departments' weight vectors as a hashable cache key (None: no departments model)."""


@st.cache_data(show_spinner=False, max_entries=8)
def _confidence(
    scenario_json: str, settings_json: str, run_json: str, shares: Shares, sets: Rows, voi: bool
) -> Confidence:
    return confidence_service.confidence(
        decision(_parse(scenario_json)),
        RankingSettings.model_validate_json(settings_json),
        ConfidenceSettings.model_validate_json(run_json),
        departments=None if sets is None else np.array(sets),
        group_shares=None if shares is None else dict(shares),
        voi=voi,
    )


def confidence(
    scenario: Scenario,
    settings: RankingSettings,
    run: ConfidenceSettings,
    group_shares: Mapping[str, float] | None = None,
    *,
    departments: Sequence[Sequence[float]] | None = None,
    voi: bool = True,
) -> Confidence:
    """Decision confidence (the joint simulation and its card), kept for the last few runs."""
    return _confidence(
        _opened(scenario).json,
        settings.model_dump_json(),
        run.model_dump_json(),
        _shares(group_shares),
        None if departments is None else tuple(tuple(r) for r in departments),
        voi,
    )


class _SimulationStore:
    """Finished simulations, shared by every session of the process, least recently used
    dropped beyond ``size`` (bounded memory).

    Not ``st.cache_data``: a cached function may not draw, and the progress bar must be drawn
    while the engine runs; a replayed cache entry would redraw a bar from another run (Streamlit
    raises ``CacheReplayClosureError``). Here the engine runs outside any cache and only its
    result is kept. Results are read, never changed, by the pages.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._results: OrderedDict[tuple[str, int, int, bool], SimulationResult] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple[str, int, int, bool]) -> SimulationResult | None:
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
            return self._results.get(key)

    def put(self, key: tuple[str, int, int, bool], result: SimulationResult) -> None:
        with self._lock:
            self._results[key] = result
            self._results.move_to_end(key)
            while len(self._results) > self._size:
                self._results.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _simulations() -> _SimulationStore:
    return _SimulationStore(size=16)


def simulation(
    scenario: Scenario,
    trials: int,
    seed: int,
    lhs: bool,
    progress: Callable[[float], None] | None = None,
) -> SimulationResult:
    """The Monte Carlo, kept per process on the finance inputs and settings; ``progress`` is
    called only while a new simulation runs (a kept result returns at once)."""
    key = (finance_key(scenario), trials, seed, lhs)
    store = _simulations()
    result = store.get(key)
    if result is None:
        result = simulate(decision(scenario), trials=trials, seed=seed, lhs=lhs, progress=progress)
        store.put(key, result)
    return result


def _record_json(record: RealisationRecord | None) -> str:
    return record.model_dump_json() if record is not None else ""


@st.cache_data(show_spinner=False, max_entries=16)
def _break_even(_scenario_json: str, key: tuple[str, int, int, bool]) -> dict[str, BreakEven]:
    _, trials, seed, lhs = key
    return break_even_uplift(decision(_parse(_scenario_json)), trials=trials, seed=seed, lhs=lhs)


def break_even(scenario: Scenario, trials: int, seed: int, lhs: bool) -> dict[str, BreakEven]:
    """The break-even uplift of every option, kept on the finance inputs and run settings."""
    return _break_even(_opened(scenario).json, (finance_key(scenario), trials, seed, lhs))


def _unbranded(scenario: Scenario) -> str:
    """The scenario's JSON without its branding: the report's numbers and charts do not depend
    on names, colour and logos, so a branding change must not recompute them (simulation
    included)."""
    return scenario.model_dump_json(exclude={"branding"})


@st.cache_data(show_spinner=False, max_entries=8)
def _report_data(unbranded_json: str, record_json: str) -> ReportData:
    record = RealisationRecord.model_validate_json(record_json) if record_json else None
    return report_service.report_data(decision(_parse(unbranded_json)), realisation=record)


def report_data(scenario: Scenario, record: RealisationRecord | None = None) -> ReportData:
    """Ranking, methods, committee, robustness and simulation, computed once for the report
    (with the "forecast vs actual" section when the decision keeps a record after go-live),
    under the scenario's current branding."""
    data = _report_data(_unbranded(scenario), _record_json(record))
    return replace(data, scenario=scenario)


@st.cache_data(show_spinner=False, max_entries=8)
def _report_charts(unbranded_json: str, record_json: str, lang: Lang) -> ChartSet:
    return report_service.charts(_report_data(unbranded_json, record_json), lang)


def report_charts(
    scenario: Scenario, lang: Lang, record: RealisationRecord | None = None
) -> ChartSet:
    """The report's charts as PNG (the same images the PDF shows), and those that failed."""
    return _report_charts(_unbranded(scenario), _record_json(record), lang)
