"""Sensitivity of NPV to the inputs: tornado (one at a time) and contribution to variance.

* Tornado: NPV with one input at its low quantile (P10 by default) and then its high quantile
  (P90), every other input at its base value (docs/finance.md, base case). All rows of one
  option are evaluated in a single vectorised call of the cash-flow kernel.
* Contribution to variance: squared Spearman rank correlation between each input and NPV
  over a subsample of trials, normalised to sum to 1 (a common Crystal Ball / @RISK measure;
  it ignores interactions).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from finance import metrics
from finance.base_case import base_inputs
from finance.benefits import CompanyModel
from finance.cashflow import option_flows
from finance.costs import OptionModel
from finance.sampling import is_degenerate, quantile

Array = NDArray[np.float64]


@dataclass(frozen=True)
class TornadoRow:
    input: str
    low_value: float
    high_value: float
    npv_low: float
    npv_high: float
    swing: float


@dataclass(frozen=True)
class Contribution:
    input: str
    rank_correlation: float
    contribution: float


def stochastic_inputs(om: OptionModel, cm: CompanyModel) -> list[str]:
    """Names of the inputs of one option that actually vary."""
    dists = {**cm.inputs, **om.inputs}
    return [n for n, d in dists.items() if not is_degenerate(d) and n not in cm.idle]


def tornado(
    om: OptionModel, cm: CompanyModel, low_q: float = 0.1, high_q: float = 0.9, top: int = 12
) -> tuple[float, list[TornadoRow]]:
    """Base NPV and the tornado rows of one option, largest swing first."""
    dists = {**cm.inputs, **om.inputs}
    names = stochastic_inputs(om, cm)
    base = base_inputs(om, cm)
    n = 1 + 2 * len(names)
    x = {k: np.full(n, v) for k, v in base.items()}
    lows, highs = [], []
    for i, name in enumerate(names):
        lo, hi = quantile(dists[name], low_q), quantile(dists[name], high_q)
        x[name][1 + 2 * i] = lo
        x[name][2 + 2 * i] = hi
        lows.append(lo)
        highs.append(hi)
    f = option_flows(om, cm, x)
    v = metrics.discount_factors(cm.discount_rate, cm.horizon + 1) @ (f.benefit - f.cost)
    rows = [
        TornadoRow(
            input=name,
            low_value=lows[i],
            high_value=highs[i],
            npv_low=float(v[1 + 2 * i]),
            npv_high=float(v[2 + 2 * i]),
            swing=float(abs(v[2 + 2 * i] - v[1 + 2 * i])),
        )
        for i, name in enumerate(names)
    ]
    rows.sort(key=lambda r: -r.swing)
    return float(v[0]), rows[:top]


def ranks(x: Array) -> NDArray[np.int64] | None:
    """Ranks 0..n-1 of ``x`` with ties broken by order (as a stable sort); None if constant.

    Continuous draws have no ties, so the fast (unstable, SIMD) argsort serves; a sample with
    ties falls back to the stable sort so the ranks are those of :func:`spearman`.
    """
    n = x.size
    idx = np.argsort(x)
    xs = x[idx]
    if n == 0 or xs[0] == xs[-1]:
        return None
    if np.any(xs[1:] == xs[:-1]):
        idx = np.argsort(x, kind="stable")
    r = np.empty(n, dtype=np.int64)
    r[idx] = np.arange(n, dtype=np.int64)
    return r


def rank_correlation(rx: NDArray[np.int64], ry: NDArray[np.int64]) -> float:
    """Pearson correlation of two rank permutations, ``1 - 6 Σd² / (n (n² - 1))`` (exact)."""
    n = rx.size
    d = rx - ry
    return 1.0 - 6.0 * float(np.dot(d, d)) / (n * (n * n - 1.0))


def variance_contributions_ranked(
    input_ranks: dict[str, NDArray[np.int64] | None], npv_ranks: NDArray[np.int64] | None
) -> list[Contribution]:
    """:func:`variance_contributions` from precomputed :func:`ranks` (None: constant)."""
    if npv_ranks is None:
        return []
    rhos = {k: rank_correlation(r, npv_ranks) for k, r in input_ranks.items() if r is not None}
    total = sum(r * r for r in rhos.values())
    out = [
        Contribution(
            input=k, rank_correlation=r, contribution=(r * r / total) if total > 0 else 0.0
        )
        for k, r in rhos.items()
    ]
    out.sort(key=lambda c: -c.contribution)
    return out


def variance_contributions(inputs: dict[str, Array], npv: Array) -> list[Contribution]:
    """Squared rank correlations of inputs with NPV, normalised; largest first."""
    return variance_contributions_ranked({k: ranks(v) for k, v in inputs.items()}, ranks(npv))
