"""Project risk: outcome probabilities, outcome value, abandonment, overrun distributions.

Default numbers live in :mod:`models.finance` (``Risk``) with their sources; this module turns
them into per-trial quantities. Every function is vectorised over trials.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crm_select.models.catalog import DeliveryType
from crm_select.models.distributions import Distribution
from crm_select.models.finance import OutcomeProbabilities, Risk, StrategyEffect

FULL, PARTIAL, FAILURE = 0, 1, 2


@dataclass(frozen=True)
class OutcomeModel:
    """Outcome probabilities for one option after the strategy shift, and value ranges."""

    p_full: float
    p_partial: float
    p_failure: float
    partial_lo: float
    partial_hi: float
    failure_lo: float
    failure_hi: float
    abandon_given_failure: float
    abandon_lo: float
    abandon_hi: float
    abandon_before: float = 0.0


def effective_probabilities(
    base: OutcomeProbabilities, effect: StrategyEffect
) -> tuple[float, float, float]:
    """Move ``effect.failure_to_partial`` from failure to partial (clipped to what exists).

    A negative shift moves probability from partial to failure.
    """
    shift = effect.failure_to_partial
    shift = min(shift, base.failure) if shift >= 0 else max(shift, -base.partial)
    return base.full, base.partial + shift, base.failure - shift


def judged_probabilities(
    p_full: float, p_partial: float, p_failure: float, shift: float
) -> tuple[float, float, float]:
    """Move ``shift`` from failure to full success (a negative one from full success to
    failure), capped at what exists: the committee's judgement of the failure reasons."""
    shift = min(shift, p_failure) if shift >= 0 else max(shift, -p_full)
    return p_full + shift, p_partial, p_failure - shift


def outcome_model(
    risk: Risk, delivery: DeliveryType, strategy: str, shift: float = 0.0
) -> OutcomeModel:
    """The outcome model of one option from the scenario's risk assumptions, the strategy's
    shift and the committee's (``shift``, :mod:`finance.judgement`)."""
    base = getattr(risk.outcome, delivery.value)
    effect = getattr(risk.strategy, strategy)
    p_full, p_partial, p_failure = judged_probabilities(
        *effective_probabilities(base, effect), shift
    )
    return OutcomeModel(
        p_full=p_full,
        p_partial=p_partial,
        p_failure=p_failure,
        partial_lo=risk.partial_value.min,
        partial_hi=risk.partial_value.max,
        failure_lo=risk.failure_value.min,
        failure_hi=risk.failure_value.max,
        abandon_given_failure=risk.abandonment_given_failure,
        abandon_lo=risk.abandonment_years_after_go_live.min,
        abandon_hi=risk.abandonment_years_after_go_live.max,
        abandon_before=risk.abandonment_before_go_live,
    )


def outcome_value(
    u: NDArray[np.float64], m: OutcomeModel
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Benefit factor ``o`` and a failure mask from one uniform per trial.

    ``u < p_full`` is a full outcome (o = 1). A partial outcome reuses the position of ``u``
    inside its band, which is again uniform and independent of the band, to place ``o``
    uniformly in the partial range; likewise for failure. One uniform per trial therefore
    gives both the kind and the level, and ``u`` = 0 (the base case) is a full success.
    """
    p1 = m.p_full
    p2 = m.p_full + m.p_partial
    failure = u >= p2
    # every level computed for all trials in place, then two masked writes (same numbers as
    # lo + (hi - lo) * v on the trials of each band; np.clip with explicit bounds and
    # np.putmask are numpy's fast loops)
    if m.p_partial > 0:
        o = np.subtract(u, p1)
        o /= m.p_partial
        o *= m.partial_hi - m.partial_lo
        o += m.partial_lo
        np.putmask(o, u < p1, 1.0)
    else:
        o = np.ones_like(u)
    if m.p_failure > 0:
        w = np.subtract(u, p2)
        w /= m.p_failure
        np.clip(w, -np.inf, 1.0, out=w)
        w *= m.failure_hi - m.failure_lo
        w += m.failure_lo
        np.putmask(o, failure, w)
    elif m.p_partial > 0:
        np.putmask(o, failure, 1.0)  # rounding may leave u >= p_full + p_partial: as before
    return o, failure


def abandonment_time(
    u: NDArray[np.float64],
    failure: NDArray[np.bool_],
    go_live: NDArray[np.float64],
    m: OutcomeModel,
) -> NDArray[np.float64]:
    """Time (years from start) at which the project is dropped; ``inf`` when it is not.

    Abandoned when the project failed and ``u < abandon_given_failure``; the position
    ``v = u / abandon_given_failure`` inside that band says when: ``v < abandon_before`` drops
    it during implementation, uniformly in ``[0, go-live)`` (``go_live · v / abandon_before``:
    the money spent so far is sunk, no benefit ever comes); otherwise uniformly between
    abandon_lo and abandon_hi years after go-live. ``u`` = 1 (the base case) never abandons.
    """
    p = m.abandon_given_failure
    if p <= 0:
        return np.full_like(go_live, np.inf)
    dropped = failure & (u < p)
    v = u / p
    q = m.abandon_before
    if q >= 1:
        when = go_live * v
    else:
        after = np.clip((v - q) / (1.0 - q), 0.0, 1.0)
        when = go_live + m.abandon_lo + (m.abandon_hi - m.abandon_lo) * after
        if q > 0:
            when = np.where(v < q, go_live * (v / q), when)
    return np.where(dropped, when, np.inf)


def overrun(dists: object, delivery: DeliveryType) -> Distribution:
    """The overrun distribution of a delivery type from an ``OverrunByDelivery``."""
    return getattr(dists, delivery.value)
