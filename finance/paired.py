"""Paired comparisons of options' NPV on common random numbers.

With common random numbers every trial evaluates all options under the same draws of the
shared uncertainties, so the difference NPV(A) - NPV(B) in a trial cancels what both share
(benefit uplifts, the company's discount rate...) and keeps what tells them apart. Comparing
the two marginal distributions instead would add the shared noise twice and make two nearly
identical options look "within noise" of each other.

For every ordered pair: P(A > B) = (1/S) sum_s ([A_s > B_s] + 1/2 [A_s = B_s]) (ties count half,
so identical options give 1/2 and P(A > B) + P(B > A) = 1), the mean difference with its
standard error sd/sqrt(S), and quantiles of the difference; for every option the probability
that it has the highest NPV (ties shared).

Arrays in: ``npv`` is (trials, options), e.g. ``finance.trials.TrialData.npv.T``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from finance.value_of_information import TrialArrayError

Array = NDArray[np.float64]
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class PairedComparison:
    """NPV(a) - NPV(b) over the trials.

    ``p_a_better`` = P(NPV(a) > NPV(b)) with ties counted half; ``mean``, ``sd`` and ``se`` of
    the difference; ``quantiles`` {0.05: ..., 0.25: ..., 0.5: ..., 0.75: ..., 0.95: ...}.
    """

    a: str
    b: str
    p_a_better: float
    mean: float
    sd: float
    se: float
    quantiles: dict[float, float]

    @property
    def distinguishable(self) -> bool:
        """The 90 % interval of the difference excludes 0 (one option is ahead in 95 % of
        trials), i.e. the two are not within noise of each other."""
        return self.quantiles[0.05] > 0 or self.quantiles[0.95] < 0


@dataclass(frozen=True)
class PairedComparisons:
    """Every ordered pair of options, and each option's probability of the highest NPV."""

    options: tuple[str, ...]
    trials: int
    p_best: dict[str, float]
    pairs: dict[tuple[str, str], PairedComparison]

    def pair(self, a: str, b: str) -> PairedComparison:
        return self.pairs[(a, b)]

    def matrix(self) -> Array:
        """(options, options) P(row > column), 0.5 on the diagonal."""
        n = len(self.options)
        out = np.full((n, n), 0.5)
        for (a, b), c in self.pairs.items():
            out[self.options.index(a), self.options.index(b)] = c.p_a_better
        return out


def difference(npv: np.ndarray, a: int, b: int) -> Array:
    """NPV(a) - NPV(b) per trial (for a histogram of the paired difference)."""
    x = np.asarray(npv, dtype=float)
    return x[:, a] - x[:, b]


def p_best(npv: np.ndarray) -> Array:
    """P(option has the highest NPV) per option, a trial's tie shared among the tied options."""
    x = np.asarray(npv, dtype=float)
    top = x.max(axis=1, keepdims=True)
    tied = x >= top
    return np.asarray((tied / tied.sum(axis=1, keepdims=True)).mean(axis=0))


def paired_comparisons(npv: np.ndarray, options: Sequence[str] | None = None) -> PairedComparisons:
    """Paired comparisons of every ordered pair of options (module docstring).

    Parameters
    ----------
    npv : ndarray, shape (trials, options)
        NPV per trial and option, on common random numbers.
    options : sequence of str, optional
        Option names (default ``O1, O2, ...``).

    Raises
    ------
    TrialArrayError
        Wrong shape, fewer than 2 trials, non-finite values, names not matching.
    """
    x = np.asarray(npv, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2:
        raise TrialArrayError(f"npv must be (trials >= 2, options), got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise TrialArrayError("npv has non-finite values")
    s, n = x.shape
    opts = tuple(options) if options is not None else tuple(f"O{i + 1}" for i in range(n))
    if len(opts) != n:
        raise TrialArrayError(f"{len(opts)} option names for {n} options")
    pairs: dict[tuple[str, str], PairedComparison] = {}
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            d = x[:, i] - x[:, j]
            q = np.quantile(d, QUANTILES)
            sd = float(d.std(ddof=1))
            pairs[(opts[i], opts[j])] = PairedComparison(
                opts[i],
                opts[j],
                float((d > 0).mean() + 0.5 * (d == 0).mean()),
                float(d.mean()),
                sd,
                sd / math.sqrt(s),
                dict(zip(QUANTILES, (float(v) for v in q), strict=True)),
            )
    return PairedComparisons(
        opts, s, dict(zip(opts, (float(p) for p in p_best(x)), strict=True)), pairs
    )
