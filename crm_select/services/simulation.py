"""Money: the TCO and ROI Monte Carlo of a decision, and its deterministic base case."""

from __future__ import annotations

from collections.abc import Callable

from crm_select.models.i18n_text import Lang
from crm_select.models.scenario import Scenario
from crm_select.services.decision import OpenDecision
from crm_select.services.memory_budget import check_simulation
from finance.base_case import BaseCase, base_case
from finance.conventions import in_force
from finance.engine import simulate as run_engine
from finance.result import SimulationResult

__all__ = ["SimulationResult", "base_cases", "conventions_in_force", "simulate"]


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


def base_cases(decision: OpenDecision) -> dict[str, BaseCase]:
    """Every option with its inputs at their base values and the project succeeding."""
    return base_case(decision.scenario, list(decision.resolved))


def conventions_in_force(scenario: Scenario, lang: Lang) -> list[str]:
    """The conventions the scenario's settings choose (billing, tax, VAT, inflation, residual
    value), one sentence each in ``lang``."""
    return in_force(scenario, lang)
