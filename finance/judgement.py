"""The committee's own judgement in the money (issue 15): adoption and project risk.

The committee scores rating criteria; their consensus (mean or median, as the ranking's
``aggregate``), rescaled to 0–1 over each criterion's scale, moves the option's finance inputs
within bounds set in ``finance.judgement`` (docs/finance.md, "The committee's judgement"):

* **adoption** — ``a``, the mean rescaled consensus of the adoption criteria (default "users
  will work in it" and ease of use), sets the adoption ceiling
  ``c = ceiling_at_worst + (1 − ceiling_at_worst) · a`` and the ramp speed
  ``v = speed_at_worst + (speed_at_best − speed_at_worst) · a``; the option's ramp is
  ``c · min(plateau, ramp_y · v)`` in the years before the plateau (the ramp's last value,
  held) and ``c · plateau`` from it on;
* **risk** — ``r``, the mean rescaled consensus of the failure-reason criteria (the source's
  classic reasons other than adoption), moves ``max_shift · (2r − 1)`` of probability from
  failure to full success (a negative amount the other way), capped at what exists.

Unscored criteria are left out of the mean; with none scored the catalog defaults stand (ceiling
1, speed 1, no shift). Every mapping is non-decreasing in each score, so a higher score never
lowers NPV's distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario
from scoring.committee import consensus, rating_tensor


def rescaled_consensus(
    scenario: Scenario, ro: ResolvedOption, criteria: list[str]
) -> dict[str, float]:
    """The committee's consensus on each of ``criteria`` that is a rating criterion some rater
    scored for this option, rescaled from its scale to 0–1 (unscored ones are left out)."""
    scales = scenario.criteria.rating_scales
    rated = [c for c in criteria if c in scales]
    if not rated or not scenario.raters:
        return {}
    spans = [scales[c].max - scales[c].min for c in rated]
    tensor, _ = rating_tensor(
        scenario.scores, [r.id for r in scenario.raters], [ro.id], rated, spans
    )
    if not tensor.raters:
        return {}
    values = consensus(tensor, scenario.ranking.aggregate.value).values[0]
    return {
        c: (float(v) - scales[c].min) / (scales[c].max - scales[c].min)
        for c, v in zip(rated, values, strict=True)
        if np.isfinite(v)
    }


def committee_inputs(scenario: Scenario, criteria: list[str]) -> dict[str, object]:
    """What :func:`rescaled_consensus` reads for ``criteria`` (a cache key): their scales, the
    raters, the raters' scores on them and the consensus rule."""
    scales = scenario.criteria.rating_scales
    rated = sorted(c for c in set(criteria) if c in scales)
    if not rated:
        return {}
    return {
        "scales": {c: [scales[c].min, scales[c].max] for c in rated},
        "raters": [r.id for r in scenario.raters],
        "scores": {
            r: {o: {c: v for c, v in by_c.items() if c in rated} for o, by_c in by_o.items()}
            for r, by_o in scenario.scores.items()
        },
        "aggregate": scenario.ranking.aggregate.value,
    }


@dataclass(frozen=True)
class Judgement:
    """What the committee's scores do to one option's finance inputs.

    ``adoption`` and ``risk``: the mean rescaled consensus (None: nothing scored);
    ``ceiling``, ``speed``: the adoption ceiling and ramp speed; ``shift``: probability moved
    from failure to full success (negative: the other way) before capping.
    """

    adoption: float | None
    risk: float | None
    ceiling: float
    speed: float
    shift: float

    def ramp(self, base: tuple[float, ...]) -> tuple[float, ...]:
        """The option's adoption ramp: ``ceiling · min(plateau, ramp_y · speed)`` for the years
        before the plateau (the last value, held), ``ceiling · plateau`` from it on."""
        *head, plateau = base
        return (
            *(self.ceiling * min(plateau, a * self.speed) for a in head),
            self.ceiling * plateau,
        )


NEUTRAL = Judgement(None, None, 1.0, 1.0, 0.0)


def judgement(scenario: Scenario, ro: ResolvedOption) -> Judgement:
    """The committee's judgement of one option (module docstring); neutral when off."""
    j = scenario.finance.judgement
    if not j.enabled:
        return NEUTRAL
    adopt = rescaled_consensus(scenario, ro, j.adoption_criteria)
    risk = rescaled_consensus(scenario, ro, j.risk_criteria)
    a = float(np.mean(list(adopt.values()))) if adopt else None
    r = float(np.mean(list(risk.values()))) if risk else None
    ceiling = 1.0 if a is None else j.ceiling_at_worst + (1.0 - j.ceiling_at_worst) * a
    speed = 1.0 if a is None else j.speed_at_worst + (j.speed_at_best - j.speed_at_worst) * a
    shift = 0.0 if r is None else j.max_shift * (2.0 * r - 1.0)
    return Judgement(a, r, ceiling, speed, shift)


def judgement_inputs(scenario: Scenario) -> dict[str, object]:
    """What :func:`judgement` reads of the committee (nothing when off)."""
    j = scenario.finance.judgement
    if not j.enabled:
        return {}
    return committee_inputs(scenario, [*j.adoption_criteria, *j.risk_criteria])
