"""Cached calls into the pure core, keyed on JSON so Streamlit can hash them.

Finance inputs are keyed without the criteria, so moving a weight never reruns the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from crm_select.models.decision import ResolvedOption, resolve
from crm_select.models.i18n_text import Lang
from crm_select.models.scenario import Scenario
from crm_select.reports.charts import report_charts as render_charts
from crm_select.reports.report_data import ReportData, build_report_data
from crm_select.ui.cache import catalog
from finance.engine import simulate
from finance.measures import tco_measures
from finance.result import SimulationResult
from scoring.analysis import (
    CommitteeReport,
    Decision,
    MethodComparison,
    RankingResult,
    committee_report,
    compare_decision,
    prepare_decision,
    rank_decision,
)
from scoring.smaa import SmaaResult, smaa


def _parse(scenario_json: str) -> Scenario:
    return Scenario.model_validate_json(scenario_json)


def resolved(scenario: Scenario) -> list[ResolvedOption]:
    return resolve(scenario, catalog())


def finance_key(scenario: Scenario) -> str:
    """The scenario without criteria, raters and scores: what the finance model depends on."""
    return scenario.model_dump_json(
        include={"currency", "exchange_rates", "company", "options", "finance"}
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _measures(_scenario_json: str, key: str) -> dict[str, dict[str, float]]:  # noqa: ARG001
    s = _parse(_scenario_json)
    return tco_measures(s, resolved(s))


def measures(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Base-case TCO and up-front cash per option (feeds the measured budget criteria)."""
    return _measures(scenario.model_dump_json(), finance_key(scenario))


_SCORING: dict[str, Callable[..., Any]] = {
    "ranking": rank_decision,
    "comparison": compare_decision,
    "committee": committee_report,
    "prepared": prepare_decision,
}


@st.cache_data(show_spinner=False, max_entries=256)
def _scored(kind: str, scenario_json: str, measured: dict[str, Any], *args: Any) -> Any:
    """One cache for the scoring entry points, keyed on the scenario, its measures and args."""
    s = _parse(scenario_json)
    return _SCORING[kind](s, resolved(s), measured, *args)


def _score(kind: str, scenario: Scenario, *args: Any) -> Any:
    return _scored(kind, scenario.model_dump_json(), measures(scenario), *args)


def ranking(scenario: Scenario, method: str = "wsm") -> RankingResult:
    return _score("ranking", scenario, method)


def comparison(scenario: Scenario) -> MethodComparison:
    return _score("comparison", scenario)


def committee(scenario: Scenario) -> CommitteeReport:
    return _score("committee", scenario)


def prepared(scenario: Scenario) -> Decision:
    """Decision matrix and weights, ready for re-ranking with other weights."""
    return _score("prepared", scenario)


@st.cache_data(show_spinner=False, max_entries=16)
def _simulation(
    key: str,  # noqa: ARG001 (the cache key: finance inputs only)
    _scenario_json: str,
    trials: int,
    seed: int,
    lhs: bool,
    _progress: Callable[[float], None] | None,
) -> SimulationResult:
    s = _parse(_scenario_json)
    return simulate(s, resolved(s), trials=trials, seed=seed, lhs=lhs, progress=_progress)


def simulation(
    scenario: Scenario,
    trials: int,
    seed: int,
    lhs: bool,
    progress: Callable[[float], None] | None = None,
) -> SimulationResult:
    """The Monte Carlo, cached on the finance inputs and settings."""
    return _simulation(
        finance_key(scenario), scenario.model_dump_json(), trials, seed, lhs, progress
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _acceptability(
    scenario_json: str,
    measured: dict[str, Any],
    method: str,
    samples: int,
    concentration: float,
    seed: int,
) -> SmaaResult:
    dec = _scored("prepared", scenario_json, measured)
    dm = dec.matrix
    return smaa(
        dm.values, dec.weight_vector, dm.directions, method,
        score_sd=dm.dispersion, samples=samples, concentration=concentration, seed=seed,
        options=dm.options, criteria=dm.criteria,
    )  # fmt: skip


def acceptability(
    scenario: Scenario, method: str, samples: int, concentration: float, seed: int
) -> SmaaResult:
    """Rank acceptability (SMAA) under weight and score uncertainty."""
    return _acceptability(
        scenario.model_dump_json(), measures(scenario), method, samples, concentration, seed
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _report_data(scenario_json: str) -> ReportData:
    return build_report_data(_parse(scenario_json), catalog())


def report_data(scenario: Scenario) -> ReportData:
    """Ranking, methods, committee, sensitivity and simulation, computed once for the report."""
    return _report_data(scenario.model_dump_json())


@st.cache_data(show_spinner=False, max_entries=8)
def _report_charts(scenario_json: str, lang: Lang) -> dict[str, bytes]:
    return render_charts(_report_data(scenario_json), lang)


def report_charts(scenario: Scenario, lang: Lang) -> dict[str, bytes]:
    """The report's charts as PNG (the same images the PDF shows)."""
    return _report_charts(scenario.model_dump_json(), lang)
