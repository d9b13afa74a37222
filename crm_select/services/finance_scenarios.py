"""Named finance scenarios: keep the decision's finance assumptions under a name, and compare
every kept scenario side by side (the page, ``crm-select simulate --compare``, the report and
the workbook all call :func:`compare` or :func:`compare_results`, so they show the same numbers).

A kept scenario holds the whole ``finance`` section and each option's terms (strategy, users,
billing, negotiated overrides). Comparing applies each to the decision as it is now (company,
currency, shortlist) and simulates it with one trial count, seed and sampling (common random
numbers): a difference comes from the assumptions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from crm_select.models.i18n_text import Lang
from crm_select.models.scenario import FinanceScenario, OptionTerms, Scenario
from crm_select.reports.tables import Table, comparison_table
from crm_select.services.decision import OpenDecision, open_decision
from crm_select.services.edits import validated
from crm_select.services.simulation import simulate
from finance.comparison import METRICS, Figures, FinanceComparison, Metric
from finance.comparison import compare as _compare
from finance.result import SimulationResult

__all__ = [
    "CURRENT",
    "METRICS",
    "Figures",
    "FinanceComparison",
    "Metric",
    "applied",
    "capture",
    "compare",
    "compare_results",
    "keep",
    "remove",
    "table",
    "variants",
    "without_terms",
]

CURRENT = ""
"""The name the comparison gives the decision's current assumptions (shown translated)."""

#: settings that say how to simulate, not what is assumed: a comparison uses one set for all
_HOW = {"simulation", "convergence", "tornado"}


def capture(scenario: Scenario, name: str, note: str = "") -> FinanceScenario:
    """The decision's current finance assumptions and option terms as a named scenario."""
    return FinanceScenario(
        name=name.strip(),
        note=note,
        finance=scenario.finance,
        options={
            e.option_id: OptionTerms(
                strategy=e.strategy, users=e.users, billing=e.billing, overrides=e.overrides
            )
            for e in scenario.options
        },
    )


def keep(scenario: Scenario, name: str, note: str = "") -> Scenario:
    """The decision with its current assumptions kept as ``name`` (a scenario of that name is
    replaced in place, others keep their order). Raises ``ValueError`` for an invalid name or
    when the decision already keeps the maximum number of scenarios."""
    kept = capture(scenario, name, note)
    scenarios = list(scenario.finance_scenarios)
    index = next((i for i, s in enumerate(scenarios) if s.name == kept.name), None)
    if index is None:
        scenarios.append(kept)
    else:
        scenarios[index] = kept
    return validated(scenario, finance_scenarios=[s.model_dump(mode="json") for s in scenarios])


def remove(scenario: Scenario, name: str) -> Scenario:
    """The decision without the kept scenario ``name`` (unchanged if it keeps none of that
    name)."""
    rest = [s.model_dump(mode="json") for s in scenario.finance_scenarios if s.name != name]
    return validated(scenario, finance_scenarios=rest)


def applied(scenario: Scenario, kept: FinanceScenario) -> Scenario:
    """The decision under a kept scenario's assumptions: its ``finance`` section (with the
    decision's simulation, convergence and tornado settings) and its terms for every option it
    has terms for; company, currency and shortlist stay the decision's."""
    finance = kept.finance.model_copy(
        update={k: getattr(scenario.finance, k) for k in sorted(_HOW)}
    )
    options = [
        e.model_copy(update=dict(kept.options[e.option_id])) if e.option_id in kept.options else e
        for e in scenario.options
    ]
    return scenario.model_copy(update={"finance": finance, "options": options})


def _assumed(scenario: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a scenario assumes (not how it is simulated), comparable across scenarios."""
    fs = capture(scenario, "-")
    return fs.finance.model_dump(mode="json", exclude=_HOW), {
        k: v.model_dump(mode="json") for k, v in fs.options.items()
    }


def variants(scenario: Scenario) -> dict[str, Scenario]:
    """The decision under each kept scenario, in the order kept, after the current assumptions
    (name :data:`CURRENT`) unless a kept scenario assumes exactly the same."""
    out = {kept.name: applied(scenario, kept) for kept in scenario.finance_scenarios}
    now = _assumed(scenario)
    if all(_assumed(v) != now for v in out.values()):
        out = {CURRENT: scenario, **out}
    return out


def without_terms(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """Per kept scenario, the shortlisted options it has no terms for."""
    return {
        kept.name: tuple(e.option_id for e in scenario.options if e.option_id not in kept.options)
        for kept in scenario.finance_scenarios
    }


def compare_results(
    scenario: Scenario, results: Mapping[str, SimulationResult], baseline: str | None = None
) -> FinanceComparison:
    """The comparison of simulations already run for :func:`variants` (the page runs them
    through its cache, with progress)."""
    return _compare(results, baseline, without_terms(scenario))


def compare(
    decision: OpenDecision,
    *,
    trials: int | None = None,
    seed: int | None = None,
    lhs: bool | None = None,
    baseline: str | None = None,
    current: SimulationResult | None = None,
) -> FinanceComparison:
    """Every kept scenario (and the current assumptions, when they differ) simulated with the
    same ``trials``, ``seed`` and sampling (default: the decision's simulation settings) and
    compared with ``baseline`` (default: the first shown). ``current``: the decision's own
    simulation with those settings when already run (it is not run twice). Raises
    ``ValueError`` for an unknown baseline."""

    def run(name: str, s: Scenario) -> SimulationResult:
        if name == CURRENT and current is not None:
            return current
        return simulate(open_decision(s, decision.catalog), trials=trials, seed=seed, lhs=lhs)

    scenario = decision.scenario
    results = {name: run(name, v) for name, v in variants(scenario).items()}
    return compare_results(scenario, results, baseline)


def table(comparison: FinanceComparison, option_name: Callable[[str], str], lang: Lang) -> Table:
    """The comparison as the report's table (a row per option and scenario, cells better or
    worse than the baseline marked): what the page shows."""
    return comparison_table(comparison, option_name, lang)
