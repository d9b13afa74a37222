"""Break-even uplift: the fraction of the benchmark uplifts at which an option's mean NPV is 0.

``NPV(s)`` is the simulation with every benefit lever's uplift multiplied by ``s``
(``simulate(..., uplift_scale={option: s})``; ``s = 1`` is the benchmark as the scenario states
it, after attribution, coverage and fit). Costs do not depend on ``s``, and with non-negative
uplifts every trial's benefit is non-decreasing in ``s``; the draws do not depend on it either
(common random numbers), so mean NPV is a non-decreasing function of ``s``. Every option is
solved at once, each run simulating all options with their own current ``s`` on the trials of
the main run (so ``npv_at_benchmark`` is the main run's mean NPV when it has at most
``MAX_TRIALS`` trials), by the Illinois variant of regula falsi (Dowell & Jarratt 1971), on
``[0, 1]`` or ``[1, MAX_SCALE]``. "amoCRM pays back if it delivers 17 % of the benchmark" is
``s* = 0.17``: the figure a finance director can hold against their own judgement.

Mean NPV is linear in ``s`` when only revenue levers on disjoint bases and the admin saving are
on (each lever's increment is ``s`` times its own; regula falsi then lands on the root at once);
the margin lever's cross term, the win rate's overlap, the retention cap and compounding make it
a polynomial or piecewise one, hence the iteration.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario
from finance.engine import simulate
from finance.result import clean

#: the largest multiple of the benchmark searched; beyond it the option "does not break even"
MAX_SCALE = 10.0
#: trials per evaluation at most (the solve runs the simulation of every option a few times)
MAX_TRIALS = 20_000
#: the break-even scale is solved to this absolute tolerance (0.01 percentage points) ...
TOLERANCE = 1e-4
#: ... or until mean NPV is within this share of the NPV without benefits
NPV_TOLERANCE = 1e-6
MAX_ITERATIONS = 40


@dataclass(frozen=True)
class BreakEven:
    """The break-even uplift of one option.

    ``scale``: the fraction of the benchmark uplifts at which mean NPV is zero (0 when the
    option pays back without any benefit, ``None`` when it does not at ``MAX_SCALE`` times the
    benchmark); ``npv_without_benefit`` and ``npv_at_benchmark``: mean NPV at ``s = 0`` and
    ``s = 1`` on the same trials.
    """

    option_id: str
    scale: float | None
    npv_without_benefit: float
    npv_at_benchmark: float
    trials: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        return clean(asdict(self))


def _solve_settings(scenario: Scenario) -> Scenario:
    """The scenario with the path statistics (IRR, payback, fan) on their smallest sample and
    no convergence rule: the solve needs only mean NPV."""
    fin = scenario.finance
    sim = fin.simulation.model_copy(update={"irr_sample": 100, "fan_sample": 100})
    conv = fin.convergence.model_copy(update={"enabled": False})
    return scenario.model_copy(
        update={"finance": fin.model_copy(update={"simulation": sim, "convergence": conv})}
    )


def break_even(
    scenario: Scenario,
    resolved: list[ResolvedOption],
    *,
    trials: int | None = None,
    seed: int | None = None,
    lhs: bool | None = None,
) -> list[BreakEven]:
    """The break-even uplift of every option (module docstring), with
    ``min(trials, MAX_TRIALS)`` trials and ``seed`` (the scenario's when not given)."""
    sim = scenario.finance.simulation
    n = min(trials if trials is not None else sim.trials, MAX_TRIALS)
    s = seed if seed is not None else sim.seed
    solving = _solve_settings(scenario)
    ids = [ro.id for ro in resolved]

    def mean_npv(scale: np.ndarray) -> np.ndarray:
        res = simulate(
            solving,
            resolved,
            trials=n,
            seed=s,
            lhs=lhs,
            sensitivity=False,
            uplift_scale=dict(zip(ids, scale.tolist(), strict=True)),
        )
        return np.array([float(o.npv["mean"]) for o in res.options])

    k = len(ids)
    f0 = mean_npv(np.zeros(k))
    f1 = mean_npv(np.ones(k))
    # brackets [a, b] with f(a) < 0 <= f(b); options paying back without benefits are done
    a, b = np.zeros(k), np.ones(k)
    fa, fb = f0.copy(), f1.copy()
    beyond = f1 < 0
    if beyond.any():
        fm = mean_npv(np.where(beyond, MAX_SCALE, 1.0))
        a[beyond], fa[beyond] = 1.0, f1[beyond]
        b[beyond], fb[beyond] = MAX_SCALE, fm[beyond]
    root = np.full(k, np.nan)
    root[f0 >= 0] = 0.0
    active = (f0 < 0) & (fb >= 0)
    side = np.zeros(k)  # the Illinois rule: halve the value of an end kept twice
    for _ in range(MAX_ITERATIONS):
        if not active.any():
            break
        x = np.where(active, b - fb * (b - a) / np.where(fb != fa, fb - fa, 1.0), 1.0)
        fx = mean_npv(x)
        low = active & (fx < 0)
        high = active & (fx >= 0)
        fb[low & (side == -1)] *= 0.5
        fa[high & (side == 1)] *= 0.5
        a[low], fa[low], side[low] = x[low], fx[low], -1
        b[high], fb[high], side[high] = x[high], fx[high], 1
        close = np.abs(fx) <= NPV_TOLERANCE * np.maximum(np.abs(f0), 1.0)
        done = active & ((b - a <= TOLERANCE) | close)
        root[done] = np.where(close, x, b)[done]
        active &= ~done
    root[active] = b[active]
    return [
        BreakEven(oid, None if np.isnan(r) else float(r), float(z), float(one), n, s)
        for oid, r, z, one in zip(ids, root, f0, f1, strict=True)
    ]
