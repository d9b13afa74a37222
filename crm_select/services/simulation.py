"""Money: the TCO and ROI Monte Carlo of a decision, and its deterministic base case."""

from __future__ import annotations

import json
from collections.abc import Callable

from crm_select.locales.warning_text import price_check_text, warning_text
from crm_select.models.i18n_text import Lang
from crm_select.models.scenario import Scenario
from crm_select.reports.tables import Table, input_label, lever_share_table
from crm_select.services.decision import OpenDecision
from crm_select.services.memory_budget import check_simulation
from finance.base_case import BaseCase, base_case
from finance.break_even import BreakEven, break_even
from finance.conventions import benefit_reading as reading
from finance.conventions import in_force
from finance.engine import simulate as run_engine
from finance.fit import LeverShare, fit_inputs
from finance.fit import lever_breakdown as option_levers
from finance.judgement import judgement_inputs
from finance.result import SimulationResult

__all__ = [
    "BreakEven",
    "LeverShare",
    "SimulationResult",
    "base_cases",
    "benefit_reading",
    "break_even_uplift",
    "conventions_in_force",
    "finance_inputs_key",
    "input_name",
    "lever_breakdown",
    "lever_tables",
    "model_messages",
    "simulate",
]


def simulate(
    decision: OpenDecision,
    *,
    trials: int | None = None,
    seed: int | None = None,
    lhs: bool | None = None,
    progress: Callable[[float], None] | None = None,
    sensitivity: bool = True,
    keep_trials: bool = False,
) -> SimulationResult:
    """The Monte Carlo of every shortlisted option; ``trials``, ``seed`` and ``lhs`` override
    the scenario's ``finance.simulation`` (same inputs and seed, same numbers).
    ``sensitivity=False`` skips the tornado; ``keep_trials`` keeps every trial's outputs and
    draws (decision confidence).

    Raises `PathError` on ``finance.simulation.trials`` for a trial count outside the
    scenario's limits or a run the memory budget cannot hold (:mod:`memory_budget`).
    """
    n = trials if trials is not None else decision.scenario.finance.simulation.trials
    check_simulation(decision.scenario, len(decision.resolved), n)
    return run_engine(
        decision.scenario,
        list(decision.resolved),
        trials=trials,
        seed=seed,
        lhs=lhs,
        progress=progress,
        sensitivity=sensitivity,
        keep_trials=keep_trials,
    )


def break_even_uplift(
    decision: OpenDecision,
    *,
    trials: int | None = None,
    seed: int | None = None,
    lhs: bool | None = None,
) -> dict[str, BreakEven]:
    """Per option id, the fraction of the benchmark uplifts at which its mean NPV is zero
    (:mod:`finance.break_even`); ``trials``, ``seed`` and ``lhs`` as for :func:`simulate`
    (the solve uses at most ``finance.break_even.MAX_TRIALS`` trials)."""
    n = trials if trials is not None else decision.scenario.finance.simulation.trials
    check_simulation(decision.scenario, 1, n)
    found = break_even(
        decision.scenario, list(decision.resolved), trials=trials, seed=seed, lhs=lhs
    )
    return {b.option_id: b for b in found}


def finance_inputs_key(scenario: Scenario) -> str:
    """What the finance model reads of a scenario, as JSON (a cache key): the company, the
    shortlist, the currency and the finance section, and the committee's scores the fit gate
    and the judgement read (:mod:`finance.fit`, :mod:`finance.judgement`); not the weights, so
    moving one reruns nothing."""
    own = scenario.model_dump_json(
        include={"currency", "exchange_rates", "company", "options", "finance"}
    )
    return json.dumps([own, fit_inputs(scenario), judgement_inputs(scenario)], sort_keys=True)


def base_cases(decision: OpenDecision) -> dict[str, BaseCase]:
    """Every option with its inputs at their base values and the project succeeding."""
    return base_case(decision.scenario, list(decision.resolved))


def conventions_in_force(scenario: Scenario, lang: Lang) -> list[str]:
    """The conventions the scenario's settings choose (billing, tax, VAT, inflation, residual
    value), one sentence each in ``lang``."""
    return in_force(scenario, lang)


def input_name(name: str, lang: Lang) -> str:
    """A finance input's readable name in ``lang`` (``lever.sales_per_rep`` -> its
    translation), as the report's tornado names it."""
    return input_label(name, lang)


def benefit_reading(scenario: Scenario, lang: Lang) -> str:
    """Which reading of the benchmarks is in force (levels or compounding), for chart titles."""
    return reading(scenario, lang)


def lever_breakdown(decision: OpenDecision) -> dict[str, list[LeverShare]]:
    """Per option id, each enabled benefit lever's coverage, fit, share of the benchmark and
    the uplift it brings on average (:func:`finance.fit.lever_breakdown`)."""
    return {ro.id: option_levers(decision.scenario, ro) for ro in decision.resolved}


def lever_tables(decision: OpenDecision, lang: Lang) -> dict[str, Table]:
    """Per option id, :func:`lever_breakdown` as a table without the option column (the TCO &
    ROI page's; the report has them all in one)."""
    return {o: lever_share_table({o: x}, None, lang) for o, x in lever_breakdown(decision).items()}


def model_messages(
    decision: OpenDecision, result: SimulationResult, lang: Lang
) -> list[tuple[str, str]]:
    """The model's messages on a run, as (option name, message) in ``lang``: a catalog figure
    used outside the sizes it was sourced for, and an initial price outside the share of TCO
    the source material expects (the English ``result.warnings``, translated and named)."""
    names = decision.option_names(lang)
    out: list[tuple[str, str]] = []
    for ro in decision.resolved:
        sized = [warning_text("catalog_size", "", w, lang) for w in ro.warnings]
        out += [(names[ro.id], text) for text in dict.fromkeys(sized)]
        check = result.option(ro.id).price_check
        if check.share is not None and (text := price_check_text(check.share, check.band, lang)):
            out.append((names[ro.id], text))
    return out
