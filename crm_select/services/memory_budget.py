"""The memory budget: heavy computations are sized from their inputs against it first.

``$CRM_SELECT_MEMORY_BUDGET_MB`` (default 2,048 MB, well under the 8 GB and more of a machine
that runs the app for a committee) bounds one computation: a Monte Carlo run that would need
more is refused before it allocates, with the largest trial count that fits. Rank
acceptability (SMAA) sizes its own chunks from the number of options and criteria
(`scoring.smaa`), so it stays under a fixed ceiling whatever the shortlist.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from crm_select.models.finance import SimulationSettings
from crm_select.models.scenario import Scenario
from crm_select.services.errors import refusal
from finance.memory import simulation_bytes
from scoring.joint import joint_bytes

TRIALS = ("finance", "simulation", "trials")
DEFAULT_BUDGET_MB = 2048
MIN_BUDGET_MB = 64


def budget_bytes() -> int:
    """The budget in bytes: ``$CRM_SELECT_MEMORY_BUDGET_MB`` (at least 64) or the default."""
    raw = os.environ.get("CRM_SELECT_MEMORY_BUDGET_MB", "")
    try:
        mb = int(raw) if raw else DEFAULT_BUDGET_MB
    except ValueError:
        mb = DEFAULT_BUDGET_MB
    return max(mb, MIN_BUDGET_MB) * 1024 * 1024


KEPT_ARRAYS_PER_OPTION = 16
"""Per-trial arrays a run keeps per option for decision confidence (outputs and input draws)."""


def _need(scenario: Scenario, options: int, trials: int) -> int:
    sim = scenario.finance.simulation
    return simulation_bytes(
        options,
        trials,
        scenario.company.horizon_years,
        chunk_size=sim.chunk_size,
        threads=sim.threads,
        path_sample=sim.irr_sample,
        fan_sample=sim.fan_sample,
    )


def trial_limits() -> tuple[int, int]:
    """The fewest and most trials a scenario may ask for (``finance.simulation.trials``)."""
    lo, hi = 1, 1
    for rule in SimulationSettings.model_fields["trials"].metadata:
        lo = getattr(rule, "ge", lo)
        hi = getattr(rule, "le", hi)
    return lo, hi


def check_trials(trials: int) -> None:
    """Refuse (`PathError` on ``finance.simulation.trials``) a trial count outside the
    scenario's limits, whoever overrides it: a page, ``--trials``, a report."""
    lo, hi = trial_limits()
    if not lo <= trials <= hi:
        raise refusal(TRIALS, "refusal.trials_range", lo=lo, hi=hi, trials=trials)


def check_simulation(scenario: Scenario, options: int, trials: int) -> None:
    """Refuse (`PathError` on ``finance.simulation.trials``) a trial count outside the
    limits (`check_trials`) and a run over the budget, saying what it needs, what the budget
    is and the most trials that fit."""
    _check_need(lambda n: _need(scenario, options, n), options, trials)


def check_confidence(scenario: Scenario, options: int, criteria: int, trials: int) -> None:
    """:func:`check_simulation` for a decision-confidence run: the finance run keeping every
    trial's outputs and draws, and the joint simulation over ``criteria`` criteria."""

    def need(n: int) -> int:
        kept = options * n * KEPT_ARRAYS_PER_OPTION * 8
        return _need(scenario, options, n) + kept + joint_bytes(options, criteria, n)

    _check_need(need, options, trials)


def _check_need(need_of: Callable[[int], int], options: int, trials: int) -> None:
    check_trials(trials)
    need, budget = need_of(trials), budget_bytes()
    if need <= budget:
        return
    lo, hi = 0, trials  # the largest trial count that fits, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if need_of(mid) <= budget else (lo, mid - 1)
    raise refusal(
        TRIALS,
        "refusal.memory_budget",
        trials=trials,
        options=options,
        need=round(need / 2**20),
        budget=round(budget / 2**20),
        fits=lo,
    )
