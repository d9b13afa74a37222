"""Decision confidence: one simulation over the weights, the scores and the money.

How sure is the committee that its choice is right, given everything it is unsure about? Each
joint trial draws the weights, the scores and one finance trial per option (common random
numbers); the measured criteria the finance model feeds take the trial's values, the options
are ranked by the decision's method, and each option's NPV is the trial's
(:mod:`scoring.joint`, :mod:`finance.paired`). The decision card sums it up: the recommended
option, how often it ranks first, the runner-up and how often it would win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from crm_select.locales import number, percent, translate
from crm_select.models.confidence import ConfidenceSettings, WeightModel
from crm_select.models.i18n_text import Lang
from crm_select.models.ranking_settings import RankingSettings
from crm_select.services.decision import OpenDecision, prepare
from crm_select.services.memory_budget import check_confidence
from finance.base_case import base_case
from finance.engine import simulate as run_engine
from finance.paired import PairedComparisons, paired_comparisons
from finance.trials import TrialData
from scoring.analysis import rank_prepared, score_noise_sd
from scoring.joint import JointResult, WeightDraw, joint
from scoring.method_call import method_call

WEEKS_PER_YEAR = 52.0


@dataclass(frozen=True)
class DecisionCard:
    """What the committee takes away.

    ``recommended`` ranks first most often under the joint uncertainty, ``confidence`` is how
    often (P(rank 1)); ``runner_up`` is the next most often first, ``runner_up_wins`` how often
    it is; ``beats_runner_up`` = P(recommended ranked above the runner-up); ``stated`` the
    winner at the stated weights, scores and base-case money (the Ranking page's);
    ``best_npv`` the option most often with the highest NPV, ``p_best_npv`` how often.
    """

    recommended: str
    confidence: float
    runner_up: str | None
    runner_up_wins: float
    beats_runner_up: float
    stated: str
    best_npv: str
    p_best_npv: float


@dataclass(frozen=True)
class Confidence:
    """A decision-confidence run: the joint rank acceptability, the paired NPV comparisons and
    the decision card. ``measured`` names the criteria fed by each trial's money."""

    options: tuple[str, ...]
    names: dict[str, str]
    currency: str
    trials: int
    seed: int
    method: str
    weight_model: WeightModel
    score_noise: str
    measured: tuple[str, ...]
    joint: JointResult
    npv: PairedComparisons
    npv_mean: dict[str, float]
    card: DecisionCard

    def to_dict(self) -> dict[str, Any]:
        j, opts = self.joint, self.options
        return {
            "trials": self.trials,
            "seed": self.seed,
            "method": self.method,
            "weights": self.weight_model.value,
            "score_noise": self.score_noise,
            "measured_per_trial": list(self.measured),
            "currency": self.currency,
            "card": self.card.__dict__,
            "options": {
                o: {
                    "name": self.names[o],
                    "rank_probabilities": [float(p) for p in j.acceptability[i]],
                    "p_first": float(j.first_rank[i]),
                    "p_best_npv": self.npv.p_best[o],
                    "npv_mean": self.npv_mean[o],
                }
                for i, o in enumerate(opts)
            },
            "ranked_above": {
                a: {b: float(j.above[i, k]) for k, b in enumerate(opts) if k != i}
                for i, a in enumerate(opts)
            },
            "npv_pairs": [
                {
                    "a": p.a,
                    "b": p.b,
                    "p_a_better": p.p_a_better,
                    "mean": p.mean,
                    "sd": p.sd,
                    "se": p.se,
                    "quantiles": {str(q): v for q, v in p.quantiles.items()},
                    "distinguishable": p.distinguishable,
                }
                for p in self.npv.pairs.values()
            ],
        }


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


def _card(
    options: tuple[str, ...], jr: JointResult, npv: PairedComparisons, stated: str
) -> DecisionCard:
    p = jr.first_rank
    order = np.lexsort((np.arange(p.size), -p))
    rec = int(order[0])
    run = int(order[1]) if p.size > 1 else None
    best = max(options, key=lambda o: (npv.p_best[o], -options.index(o)))
    return DecisionCard(
        recommended=options[rec],
        confidence=float(p[rec]),
        runner_up=None if run is None else options[run],
        runner_up_wins=0.0 if run is None else float(p[run]),
        beats_runner_up=1.0 if run is None else float(jr.above[rec, run]),
        stated=stated,
        best_npv=best,
        p_best_npv=npv.p_best[best],
    )


def confidence(
    decision: OpenDecision,
    settings: RankingSettings | None = None,
    run: ConfidenceSettings | None = None,
    *,
    departments: np.ndarray | None = None,
    progress: Callable[[float], None] | None = None,
) -> Confidence:
    """The joint simulation of a decision (module docstring).

    ``run`` gives the trials, the seed and the weight model (defaults: the scenario's finance
    trials and seed, Dirichlet weights with the ranking's concentration); ``departments`` the
    departments' weight vectors over the ranked criteria for the departments model.

    Raises `PathError` on ``finance.simulation.trials`` for a trial count out of limits or over
    the memory budget, `ScoringError` when the decision cannot be ranked (or the departments
    model has no weighting set).
    """
    s = settings or decision.settings
    r = run or ConfidenceSettings()
    sim = decision.scenario.finance.simulation
    trials = r.trials if r.trials is not None else sim.trials
    seed = r.seed if r.seed is not None else sim.seed
    dec = prepare(decision, s)
    dm = dec.matrix
    check_confidence(decision.scenario, len(dm.options), len(dm.criteria), trials)
    res = run_engine(
        decision.scenario,
        list(decision.resolved),
        trials=trials,
        seed=seed,
        sensitivity=False,
        keep_trials=True,
        progress=progress,
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
    npv = paired_comparisons(td.npv.T, td.option_ids)
    stated = rank_prepared(dec, call).winner
    return Confidence(
        options=dm.options,
        names=decision.option_names(),
        currency=decision.scenario.currency.value,
        trials=td.trials,
        seed=seed,
        method=call.method,
        weight_model=r.weights,
        score_noise=s.robustness.score_noise.value if jr.score_noise else "none",
        measured=tuple(dm.criteria[j] for j in sorted(measures)),
        joint=jr,
        npv=npv,
        npv_mean=dict(zip(td.option_ids, (float(v) for v in td.npv.mean(axis=1)), strict=True)),
        card=_card(dm.options, jr, npv, stated),
    )


def card_lines(conf: Confidence, lang: Lang) -> list[str]:
    """The decision card in words, one sentence a line, every number from ``conf.card``."""
    c, n = conf.card, conf.names
    out = [
        translate(
            "confidence.card.recommended",
            lang,
            option=n[c.recommended],
            p=percent(c.confidence, lang),
            trials=number(conf.trials, lang),
        )
    ]
    if c.runner_up is not None:
        out.append(
            translate(
                "confidence.card.runner_up",
                lang,
                option=n[c.runner_up],
                p=percent(c.runner_up_wins, lang),
                beats=percent(c.beats_runner_up, lang),
                rec=n[c.recommended],
            )
        )
    if c.stated != c.recommended:
        out.append(translate("confidence.card.stated_differs", lang, option=n[c.stated]))
    out.append(
        translate(
            "confidence.card.best_npv",
            lang,
            option=n[c.best_npv],
            p=percent(c.p_best_npv, lang),
        )
    )
    return out
