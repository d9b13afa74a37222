"""Decision confidence: one simulation over the weights, the scores and the money.

How sure is the committee that its choice is right, given everything it is unsure about? Each
joint trial draws the weights, the scores and one finance trial per option (common random
numbers); the measured criteria the finance model feeds take the trial's values, the options
are ranked by the decision's method, and each option's NPV is the trial's
(:mod:`scoring.joint`). :mod:`scoring.confidence` turns the run into the decision card, the
paired NPV comparisons, what could flip the choice and the value of finding out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from crm_select.models.confidence import ConfidenceSettings
from crm_select.models.ranking_settings import RankingSettings
from crm_select.services.decision import OpenDecision, prepare
from crm_select.services.memory_budget import check_confidence
from crm_select.services.simulation import simulate
from finance.base_case import base_case
from finance.trials import TrialData
from scoring.analysis import rank_prepared, score_noise_sd, with_group_shares
from scoring.confidence import Confidence, card_lines, decision_confidence, group_label
from scoring.joint import JointResult, WeightDraw, joint
from scoring.method_call import method_call

__all__ = [
    "Confidence",
    "JointRun",
    "card_lines",
    "confidence",
    "group_label",
    "simulate_joint",
    "trial_measures",
]

WEEKS_PER_YEAR = 52.0


def trial_measures(
    decision: OpenDecision, td: TrialData, criteria: tuple[str, ...]
) -> dict[int, np.ndarray]:
    """Per-trial values (trials, options) of the measured criteria the finance model moves.

    Each is the criterion's base-case measure plus the trial's deviation from the base case,
    so the trial at base values reproduces the matrix the Ranking page ranks: TCO and up-front
    cost (with users' time, when the budget counts economic TCO, held at its base value),
    time to deploy (weeks, moved by the trial's go-live) and NPV.
    """
    base = base_case(decision.scenario, list(decision.resolved))
    ids = td.option_ids
    tree = {c.id: c for c in decision.scenario.criteria.criteria}
    per_trial = {"tco": td.tco, "upfront_cost": td.upfront_cost, "npv": td.npv}
    out: dict[int, np.ndarray] = {}
    for j, cid in enumerate(criteria):
        measure = getattr(tree[cid].scale, "measure", None)
        if measure in per_trial:
            at_base = np.array([getattr(base[o], measure) for o in ids])
            stated = np.array([decision.measures[measure][o] for o in ids])
            out[j] = (per_trial[measure] - (at_base - stated)[:, None]).T
        elif measure == "weeks_to_deploy":
            at_base = np.array([base[o].go_live_years for o in ids])
            stated = np.array([r.duration_weeks.mode for r in decision.resolved], dtype=float)
            out[j] = (stated[:, None] + WEEKS_PER_YEAR * (td.go_live_years - at_base[:, None])).T
    return out


@dataclass(frozen=True)
class JointRun:
    """One joint simulation before its summary: the joint result, the finance trials behind
    it and what the summary needs to say about them."""

    joint: JointResult
    trials: TrialData
    stated: str
    group_of: dict[str, str]
    measured: tuple[str, ...]
    score_noise: str


def simulate_joint(
    decision: OpenDecision,
    settings: RankingSettings | None = None,
    run: ConfidenceSettings | None = None,
    *,
    departments: np.ndarray | None = None,
    group_shares: Mapping[str, float] | None = None,
    progress: Callable[[float], None] | None = None,
) -> JointRun:
    """The finance trials (common random numbers, every trial kept) and the joint simulation
    over them (:func:`confidence` says what the arguments mean)."""
    s = settings or decision.settings
    r = run or ConfidenceSettings()
    sim = decision.scenario.finance.simulation
    trials = r.trials if r.trials is not None else sim.trials
    seed = r.seed if r.seed is not None else sim.seed
    dec = with_group_shares(prepare(decision, s), group_shares)
    dm = dec.matrix
    check_confidence(decision.scenario, len(dm.options), len(dm.criteria), trials)
    res = simulate(
        decision, trials=trials, seed=seed, progress=progress, sensitivity=False, keep_trials=True
    )
    td = res.trial_data
    assert td is not None
    call = method_call(s, dm.criteria)
    draw = WeightDraw(
        model=r.weights,
        concentration=s.robustness.concentration,
        band=r.band,
        sets=departments,
    )
    measures = trial_measures(decision, td, dm.criteria)
    jr = joint(
        dm.values,
        dec.weight_vector,
        dm.directions,
        call,
        trials=td.trials,
        seed=seed,
        draw=draw,
        score_sd=score_noise_sd(dm, s.robustness.score_noise),
        bounds=(dm.scale_min, dm.scale_max),
        measured=measures,
        options=dm.options,
        criteria=dm.criteria,
    )
    return JointRun(
        joint=jr,
        trials=td,
        stated=rank_prepared(dec, call).winner,
        group_of=dict(dec.tree.group_of),
        measured=tuple(dm.criteria[j] for j in sorted(measures)),
        score_noise=s.robustness.score_noise.value if jr.score_noise else "none",
    )


def confidence(
    decision: OpenDecision,
    settings: RankingSettings | None = None,
    run: ConfidenceSettings | None = None,
    *,
    departments: np.ndarray | None = None,
    group_shares: Mapping[str, float] | None = None,
    voi: bool = True,
    progress: Callable[[float], None] | None = None,
) -> Confidence:
    """The joint simulation of a decision (module docstring) and its summary.

    ``run`` gives the trials, the seed and the weight model (defaults: the scenario's finance
    trials and seed, Dirichlet weights with the ranking's concentration); ``departments`` the
    departments' weight vectors over the ranked criteria for the departments model;
    ``group_shares`` moves the interests' shares of the stated weights (the what-if);
    ``voi=False`` leaves out what could flip the choice and the value of information (the
    board's quick card).

    Raises `PathError` on ``finance.simulation.trials`` for a trial count out of limits or over
    the memory budget, `ScoringError` when the decision cannot be ranked (or the departments
    model has no weighting set).
    """
    jr = simulate_joint(
        decision,
        settings,
        run,
        departments=departments,
        group_shares=group_shares,
        progress=progress,
    )
    return decision_confidence(
        jr.joint,
        jr.trials,
        stated=jr.stated,
        group_of=jr.group_of,
        names=decision.option_names(),
        currency=decision.scenario.currency.value,
        weight_model=(run or ConfidenceSettings()).weights,
        score_noise=jr.score_noise,
        measured=jr.measured,
        voi=voi,
    )
