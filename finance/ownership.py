"""Total cost of ownership over equal ownership periods: the project, then H years of
operation after go-live (docs/finance.md, "TCO and the horizon").

TCO comparisons are made over equal ownership periods, so an option that goes live later is
not made cheaper by having fewer years of running costs inside a calendar horizon. Row 0 of the
ownership table is the project, from the decision to go-live ``D``; row ``k`` (1 .. H) is the
k-th year after go-live, ``[D + k - 1, D + k)``. An abandoned project owns nothing after the
time ``t_end`` it is dropped. Running costs accrue over time (an amount per year, the licence
year's price following the vendor's yearly escalation by calendar year, other prices and
wages their inflation when it is on); administration and
support run from go-live; the project, the up-front licences and infrastructure fall in row 0,
hypercare in row 1, an exit cost in the row of abandonment. NPV and ROI keep the calendar
horizon (years 0 .. H from the decision): a later go-live loses benefit years there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Amount = Array | float


@dataclass
class Ownership:
    """Ownership costs of T trials.

    Attributes
    ----------
    category_sum : dict of category -> (H + 1,) sums over the trials by ownership row
    total : (T,) TCO of each trial, when asked for
    licence_years : (T,) years of licence owned by each trial, each at its price level
    """

    category_sum: dict[str, Array]
    total: Array | None
    licence_years: Array


def _row_sums(w: Array, a: Amount) -> Array:
    """``Σ_t w[k, t] a[t]`` for each row k (a constant amount uses the row sums of ``w``)."""
    if np.ndim(a) == 0:
        return w.sum(axis=1) * float(a)
    return np.einsum("kt,t->k", w, a)


def _escalated(q: Array, rate: float) -> Array:
    """``C(q)``: years of licence accrued by time ``q`` from the decision, each calendar year
    ``(y - 1, y]`` weighted by its price index ``(1 + rate)^(y - 1)``:
    ``C(t) = ((1 + rate)^n - 1) / rate + (t - n) (1 + rate)^n`` with ``n = floor(t)``."""
    n = np.floor(q)
    idx = n.astype(np.intp)
    growth = (1.0 + rate) ** np.arange(int(idx.max()) + 1 if idx.size else 1, dtype=np.float64)
    cum = (growth - 1.0) / rate
    out = np.subtract(q, n, out=n)
    out *= growth.take(idx)
    out += cum.take(idx)
    return out


@dataclass(frozen=True)
class OwnershipInputs:
    """What the ownership table of one option is built from (T trials, H years after go-live).

    Attributes
    ----------
    go_live : (T,) years from the decision to go-live
    t_end : (T,) or None
        Time each trial is abandoned (``inf`` when it is not); None when no trial is.
    horizon : int
        H, the years of operation counted after go-live.
    running : category -> (amount per year at year-0 prices, yearly growth of its price by
        calendar year: the licence escalation, price inflation), from the decision
    live : category -> (amount, growth), from go-live
    adoption : category -> (amount, growth, adoption ramp by year after go-live), from go-live
    once : category -> one-time amount in the project row (project costs, up-front items)
    hypercare : amount in the first year after go-live (not paid when abandoned before)
    exit_cost : (trial indices, amounts) paid when those trials are abandoned
    """

    go_live: Array
    t_end: Array | None
    horizon: int
    running: dict[str, tuple[Amount, float]]
    live: dict[str, tuple[Amount, float]]
    adoption: dict[str, tuple[Amount, float, tuple[float, ...]]]
    once: dict[str, Amount]
    hypercare: Amount
    exit_cost: tuple[NDArray[np.intp], Array]


def ownership_costs(inputs: OwnershipInputs, *, per_trial: bool) -> Ownership:
    """Ownership table of one option (module docstring); with ``per_trial``, also each
    trial's total."""
    go_live, t_end, H = inputs.go_live, inputs.t_end, inputs.horizon
    T = go_live.shape[0]
    q = go_live + np.arange(H + 1, dtype=np.float64)[:, None]  # ends of the rows
    if t_end is not None:
        np.minimum(q, t_end, out=q)
    weights: dict[float, tuple[Array, Array]] = {}

    def accrued(growth: float) -> tuple[Array, Array]:
        """Years accrued in each row at the growing price level, and in all rows together."""
        if growth not in weights:
            c = q if growth == 0.0 else _escalated(q, growth)
            w = np.empty_like(c)
            w[0] = c[0]
            np.subtract(c[1:], c[:-1], out=w[1:])
            weights[growth] = (w, c[-1] - c[0])
        return weights[growth]

    out: dict[str, Array] = {}
    total = np.zeros(T) if per_trial else None
    for name, (a, growth) in inputs.running.items():
        w, _ = accrued(growth)
        out[name] = _row_sums(w, a)
        if total is not None:
            total += w.sum(axis=0) * a
    for name, (a, growth) in inputs.live.items():
        w, after = accrued(growth)
        row = np.zeros(H + 1)
        row[1:] = _row_sums(w[1:], a)
        out[name] = row
        if total is not None:
            total += after * a
    for name, (a, growth, ramp) in inputs.adoption.items():
        w, _ = accrued(growth)
        share = np.array([ramp[min(k, len(ramp) - 1)] for k in range(H)])
        row = np.zeros(H + 1)
        row[1:] = _row_sums(w[1:], a) * share
        out[name] = row
        if total is not None:
            total += np.einsum("k,kt->t", share, w[1:]) * a
    for name, a in inputs.once.items():
        row = out.setdefault(name, np.zeros(H + 1))
        row[0] += float(np.sum(a)) if np.ndim(a) else float(a) * T
        if total is not None:
            total += a
    reached = go_live < t_end if t_end is not None else np.ones(T, dtype=np.bool_)
    hyper = np.where(reached, inputs.hypercare, 0.0)
    row = np.zeros(H + 1)
    row[1] = float(hyper.sum())
    out["hypercare"] = row
    if total is not None:
        total += hyper
    idx, amount = inputs.exit_cost
    row = np.zeros(H + 1)
    if idx.size and t_end is not None:
        after_go_live = t_end[idx] - go_live[idx]
        k = np.where(after_go_live < 0, 0, np.ceil(after_go_live)).astype(np.intp)
        inside = k <= H
        row += np.bincount(k[inside], weights=amount[inside], minlength=H + 1)[: H + 1]
        if total is not None:
            np.add.at(total, idx[inside], amount[inside])
    out["exit"] = row
    running = inputs.running
    licence_years = (
        accrued(running["licences"][1])[0].sum(axis=0) if "licences" in running else np.zeros(T)
    )
    return Ownership(category_sum=out, total=total, licence_years=licence_years)
