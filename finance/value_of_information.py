"""Value of information: what resolving an uncertainty before signing is worth, in money.

Arrays in, typed results out. ``nb`` is a (trials, options) array of net benefit (NPV, or any
value on a money scale) from one simulation with common random numbers across options; an
input group is a (trials,) or (trials, k) array of the draws of the inputs it holds (e.g.
``finance.trials.TrialData.group_matrix(group)``, with ``npv.T`` as ``nb``).

EVPI (perfect information on everything):
    EVPI = E_theta[max_d NB(d, theta)] - max_d E_theta[NB(d, theta)], estimated by the mean over
    trials of the row maximum minus the largest column mean (the R package voi's ``evpi``).
    It is 0 when one option is best in every trial.

EVPPI (perfect information on one input group phi), by the regression method of Strong,
Oakley & Brennan (2014):
    EVPPI(phi) = E_phi[max_d E(NB_d | phi)] - max_d E(NB_d). With d0 the option best on average
    and INB_d = NB_d - NB_d0, each INB_d is regressed on phi; the fitted values g_d(phi_s)
    estimate E(INB_d | phi_s), g_d0 = 0, and EVPPI = mean_s max(0, max_d g_d(phi_s)) (the
    second term is 0 because d0 is best on average). No re-simulation and no nested loop.

What we fit. voi and SAVI fit a GAM (mgcv: penalised cubic regression splines, smoothness
chosen by GCV or REML; tensor products for up to four inputs, a Gaussian process beyond). Here
the same idea in numpy: per input a natural cubic spline with knots at quantiles (Harrell's
restricted cubic splines: linear beyond the outer knots, so the tails do not wiggle) with a
roughness penalty (integrated squared second derivative), or indicator columns for an input
with at most 12 distinct values (an outcome category, say), which give exact conditional means.
A group of one input gets 10 knots (9 coefficients, like mgcv's default k = 10); two or three
inputs the full tensor product of 4-knot bases (main effects and all interactions, as voi's
``te()``, with the marginal penalties summed); four or more inputs an additive model of 5-knot
bases (each input's effect, no interactions): exact when the net benefit adds up the inputs'
effects, as it does for per-option inputs such as every option's implementation effort, and an
understatement of EVPPI when inputs of one group interact. One smoothing parameter per option's
regression, chosen by generalised cross-validation; the penalty matters: an unpenalised
9-knot spline fits the other inputs' noise and was 4 % off V6's EVPPI(p1) at 200,000 trials,
the penalised one within 3 % of it (and of the exact conditional-mean oracle). All options'
regressions share one factorisation, which is what makes 10 groups of 20,000 trials x 10
options fast.

Bounds and noise. 0 <= EVPPI <= EVPI holds for the true values; an estimate can leave that
range by noise (a fitted curve overshooting where one option dominates), so the reported value
is clamped to it and the unclamped estimate kept (``raw``). With few trials per parameter the
regression estimate is biased upwards (it fits noise); the penalty, 20,000 trials and at most
~200 coefficients keep that small.

What could flip the decision, from the same fit: the flip probability P(argmax_d g_d(phi) !=
d0), how often knowing the group would change the choice; and the two ends of the group for
d0, the trials where the group's effect on d0's lead over the best alternative,
m(phi) = -max_d g_d(phi), is in its worst or best 10 % (the group's P10 and P90 for the
decision). At each end: which option would win there (the largest mean of g), by how much d0
leads or trails, and the mean value of each input in those trials, so a sentence can say "if
Creatio's effort is at its high end (about 240 days), Bitrix24 wins".

Closed form for two options with INB ~ N(mu, sigma^2) (Raiffa & Schlaifer's unit normal loss):
    EVPI = sigma L(|mu| / sigma), L(z) = phi(z) - z (1 - Phi(z)); in a linear-Gaussian model
    EVPPI(phi) is the same with sigma the sd of E(INB | phi) (:func:`evpi_normal`).

References
----------
Strong, M., Oakley, J. E., & Brennan, A. (2014). Estimating multiparameter partial expected
value of perfect information from a probabilistic sensitivity analysis sample: a
nonparametric regression approach. Medical Decision Making 34(3), 311-326.
Jackson, C., Heath, A., et al. voi: Expected Value of Information, R package 1.0.3 (2024).
Raiffa, H., & Schlaifer, R. (1961). *Applied Statistical Decision Theory*. Harvard.
Harrell, F. E. (2015). *Regression Modeling Strategies*, 2nd ed., Springer, 2.4.5.
Wood, S. N. (2017). *Generalized Additive Models: An Introduction with R*, 2nd ed., CRC, 4.2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from numpy.typing import NDArray
from scipy.stats import norm

Array = NDArray[np.float64]

DISCRETE_MAX = 12
"""An input with at most this many distinct values is coded by indicators, not a spline."""
TAIL = 0.10
"""Share of trials at each end of a group for the flip analysis (its P10 and P90)."""


class TrialArrayError(ValueError):
    """Arrays of trials (net benefit, NPV, input draws) that cannot be used; ``where`` names the
    input group concerned, if any."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where + ': ' if where else ''}{message}")
        self.where = where


def _nb(nb: np.ndarray) -> Array:
    a = np.asarray(nb, dtype=float)
    if a.ndim != 2 or a.shape[0] < 2 or a.shape[1] < 1:
        raise TrialArrayError(
            f"net benefit must be (trials >= 2, options >= 1), got shape {a.shape}"
        )
    if not np.all(np.isfinite(a)):
        raise TrialArrayError("net benefit has non-finite values")
    return a


def evpi(nb: np.ndarray) -> float:
    """EVPI = mean over trials of max_d NB - max_d mean NB (0 when one option always wins)."""
    a = _nb(nb)
    return max(float(a.max(axis=1).mean() - a.mean(axis=0).max()), 0.0)


def unit_normal_loss(z: float) -> float:
    """L(z) = phi(z) - z (1 - Phi(z)) = E[max(X - z, 0)], X standard normal."""
    return float(norm.pdf(z) - z * norm.sf(z))


def evpi_normal(mu: float, sigma: float) -> float:
    """EVPI of two options whose incremental net benefit is N(mu, sigma^2): sigma L(|mu|/sigma).

    Also EVPPI(phi) in a linear-Gaussian model, with sigma the sd of E(INB | phi).
    """
    if sigma < 0:
        raise TrialArrayError(f"sigma must be >= 0, got {sigma}")
    if sigma == 0:
        return 0.0
    return sigma * unit_normal_loss(abs(mu) / sigma)


@dataclass(frozen=True)
class Design:
    """A regression design for one input group: columns, roughness penalty and a description."""

    x: Array  # (S, q), first column the intercept
    penalty: Array  # (q, q), zero on the unpenalised columns
    basis: str


def _rcs(x: Array, knots: int) -> tuple[Array, Array]:
    """Natural cubic spline basis of one input (x, then K - 2 cubic terms) and its penalty.

    Harrell's restricted cubic splines with K knots at quantiles (linear beyond the outer
    knots; Harrell 2015, 2.4.5). The penalty is the integrated squared second derivative,
    P_jk = int f_j'' f_k'' dx over the knots' range (the linear term is unpenalised), evaluated
    on a 400-point grid; f'' of a term is 6 x the same combination of (x - t)_+.
    """
    t = np.unique(np.quantile(x, np.linspace(0.05, 0.95, knots)))
    if t.size < 3:
        return x[:, None], np.zeros((1, 1))
    span = (t[-1] - t[0]) ** 2
    last, prev = t[-1], t[-2]

    def terms(v: Array, cube: bool) -> Array:
        def power(u: Array) -> Array:
            return u * u * u if cube else u

        tail_prev = power(np.maximum(v - prev, 0.0))
        tail_last = power(np.maximum(v - last, 0.0))
        out = np.empty((v.size, t.size - 2))
        for j, tj in enumerate(t[:-2]):
            out[:, j] = (
                power(np.maximum(v - tj, 0.0))
                - tail_prev * ((last - tj) / (last - prev))
                + tail_last * ((prev - tj) / (last - prev))
            )
        return out / span

    grid = np.linspace(t[0], t[-1], 400)
    second = 6 * terms(grid, cube=False)
    k = t.size - 1
    pen = np.zeros((k, k))
    pen[1:, 1:] = second.T @ second * (grid[1] - grid[0])
    return np.column_stack([x, terms(x, cube=True)]), pen


def _input_basis(x: Array, knots: int) -> tuple[Array, Array, str]:
    """One input's columns (no intercept), penalty and kind: indicators if few values, else a
    spline."""
    values = np.unique(x[: 4 * DISCRETE_MAX]) if x.size > 4 * DISCRETE_MAX else np.unique(x)
    if values.size <= DISCRETE_MAX:
        values = np.unique(x)  # confirm on every trial (few values seen in the first ones)
    if values.size <= 1:
        return np.empty((x.size, 0)), np.zeros((0, 0)), "constant"
    if values.size <= DISCRETE_MAX:
        q = values.size - 1
        return (x[:, None] == values[None, 1:]).astype(float), np.zeros((q, q)), "indicators"
    b, pen = _rcs(x, knots)
    return b, pen, "spline"


def design(x: np.ndarray) -> Design:
    """Regression design for one input group (S,) or (S, k): intercept, columns and penalty.

    1 input: 10-knot spline (or indicators); 2-3 inputs: tensor product of 4-knot bases with
    the summed marginal penalties; 4 or more: additive 5-knot bases (module docstring).
    """
    a = np.asarray(x, dtype=float)
    a = a[:, None] if a.ndim == 1 else a
    if a.ndim != 2:
        raise TrialArrayError(f"an input group must be (trials,) or (trials, k), got {a.shape}")
    a = a[:, np.ptp(a, axis=0) > 0]
    s, p = a.shape
    ones = np.ones((s, 1))
    if p == 0:
        return Design(ones, np.zeros((1, 1)), "constant")
    if p == 1:
        b, pen, kind = _input_basis(a[:, 0], 10)
        name = (
            "penalised spline, 10 knots"
            if kind == "spline"
            else f"indicators of {b.shape[1] + 1} values"
        )
        return Design(np.hstack([ones, b]), sla.block_diag(np.zeros((1, 1)), pen), name)
    if p <= 3:
        prod: np.ndarray = ones
        penalty: np.ndarray = np.zeros((1, 1))
        for j in range(p):
            cols, pcols, _ = _input_basis(a[:, j], 4)
            cols, pcols = np.hstack([ones, cols]), sla.block_diag(np.zeros((1, 1)), pcols)
            prod = (prod[:, :, None] * cols[:, None, :]).reshape(s, -1)
            penalty = np.kron(penalty, np.eye(cols.shape[1])) + np.kron(
                np.eye(penalty.shape[0]), pcols
            )
        return Design(prod, penalty, f"penalised tensor-product spline of {p} inputs, 4 knots each")
    parts = [_input_basis(a[:, j], 5) for j in range(p)]
    return Design(
        np.hstack([ones, *(b for b, _, _ in parts)]),
        sla.block_diag(np.zeros((1, 1)), *(pb for _, pb, _ in parts)),
        f"penalised additive splines of {p} inputs, 5 knots each",
    )


def fitted(d: Design, y: Array) -> Array:
    """Penalised least-squares fitted values of every column of y, smoothness chosen by GCV.

    beta(lambda) minimises |y - X beta|^2 + lambda beta' P beta. The generalised eigenproblem
    P v = e X'X v (V' X'X V = I, V' P V = diag(e); columns unit-scaled, a 1e-10 ridge on X'X
    against collinearity) makes Q = X V orthonormal, and the fitted values are
    Q diag(1 / (1 + lambda e)) Q' y. So, with z = Q'y, every response's residual sum of squares
    and effective degrees of freedom tr = sum 1 / (1 + lambda e) follow for every lambda at once,
    and lambda minimises GCV = S RSS / (S - tr)^2 (Wood 2017, 4.2.3) over 41 values, response by
    response. One factorisation serves every option.
    """
    x = d.x
    scale = np.sqrt((x * x).sum(axis=0))
    scale[scale == 0] = 1.0
    xs = x / scale
    pen = d.penalty / np.outer(scale, scale)
    # einsum, not BLAS, for the tall products: OpenBLAS's threads spin against each other on a
    # busy 2-core machine (x'x of 20,000 x 41 took 270 ms through BLAS, 34 ms through einsum)
    gram = np.einsum("si,sj->ij", xs, xs)
    gram[np.diag_indices_from(gram)] += 1e-10 * gram.diagonal().max()
    e, v = sla.eigh(pen, gram, check_finite=False)
    e = np.maximum(e, 0.0)
    z = v.T @ np.einsum("si,sr->ir", xs, y)  # (q, responses)
    n = y.shape[0]
    if e.max() > 0:
        base = np.median(e[e > 1e-12 * e.max()])
        lam = np.concatenate([[0.0], np.logspace(-10, 10, 40) / base])
    else:
        lam = np.zeros(1)
    f = 1.0 / (1.0 + lam[:, None] * e[None, :])  # (L, q)
    z2 = z * z
    rss = (y * y).sum(axis=0)[None, :] - z2.sum(axis=0)[None, :] + ((1 - f) ** 2) @ z2
    tr = f.sum(axis=1)[:, None]
    gcv = n * np.maximum(rss, 0.0) / np.maximum(n - tr, 1.0) ** 2
    best = np.argmin(gcv, axis=0)  # per response
    coef = v @ (f[best].T * z)
    return np.einsum("si,ir->sr", xs, coef)


@dataclass(frozen=True)
class FlipEnd:
    """One end of an input group for the current choice (its worst or best 10 % of trials).

    ``winner`` would be chosen there; ``lead`` is the current choice's expected net benefit
    minus the best alternative's there (negative: the choice flips); ``inputs`` the mean value
    of each input of the group in those trials.
    """

    winner: str
    lead: float
    inputs: dict[str, float]


@dataclass(frozen=True)
class GroupValue:
    """Value of perfect information on one input group, and what it could flip.

    ``evppi`` is clamped to [0, EVPI] (``raw`` unclamped); ``flip_probability`` is how often
    knowing the group would change the choice; ``low``/``high`` the group's unfavourable and
    favourable ends for the current choice; ``basis`` what was fitted with ``parameters``
    columns; ``r2`` per option the share of its incremental net benefit's variance the group
    explains (None for the current choice, the reference).
    """

    group: str
    inputs: tuple[str, ...]
    evppi: float
    raw: float
    flip_probability: float
    low: FlipEnd
    high: FlipEnd
    basis: str
    parameters: int
    r2: dict[str, float | None]


@dataclass(frozen=True)
class ValueOfInformation:
    """EVPI of the decision and EVPPI per input group (Strong, Oakley & Brennan 2014).

    ``current`` is the option with the highest expected net benefit (``expected``);
    ``evpi_se`` the standard error of the EVPI estimate (sd of max_d NB - NB_current over
    trials / sqrt(trials), the choice taken as fixed).
    """

    options: tuple[str, ...]
    trials: int
    current: str
    expected: dict[str, float]
    evpi: float
    evpi_se: float
    groups: tuple[GroupValue, ...]

    def ranked(self) -> list[GroupValue]:
        """Groups from the most to the least valuable to resolve."""
        return sorted(self.groups, key=lambda g: -g.evppi)


@dataclass(frozen=True)
class _Contrast:
    """The decision every group is valued against: ``inb`` each other option's net benefit
    minus the current choice's per trial (trials, options - 1), ``others`` their positions in
    ``options``, ``current`` the current choice's, ``evpi`` the cap on any group's value."""

    inb: Array
    others: list[int]
    options: tuple[str, ...]
    current: int
    evpi: float


def _group_value(name: str, x: np.ndarray, names: Sequence[str], c: _Contrast) -> GroupValue:
    inb, others, options, d0, total = c.inb, c.others, c.options, c.current, c.evpi
    xa = np.asarray(x, dtype=float)
    xa = xa[:, None] if xa.ndim == 1 else xa
    if xa.shape[0] != inb.shape[0]:
        raise TrialArrayError(f"{xa.shape[0]} draws for {inb.shape[0]} trials", name)
    if not np.all(np.isfinite(xa)):
        raise TrialArrayError(
            "input draws have non-finite values (drop the columns an option lacks)", name
        )
    cols = list(names) if names else [f"{name}[{j}]" for j in range(xa.shape[1])]
    if len(cols) != xa.shape[1]:
        raise TrialArrayError(f"{len(cols)} names for {xa.shape[1]} inputs", name)
    dsg = design(xa)
    g = fitted(dsg, inb) if inb.shape[1] else np.zeros((inb.shape[0], 0))
    best_other = g.max(axis=1) if g.shape[1] else np.zeros(inb.shape[0])
    raw = float(np.maximum(best_other, 0.0).mean())
    lead = -best_other  # d0's expected lead over the best alternative given the group
    k = max(1, round(TAIL * lead.size))
    order = np.argsort(lead, kind="stable")

    def end(rows: NDArray[np.intp]) -> FlipEnd:
        means = np.concatenate([[0.0], g[rows].mean(axis=0)])  # d0 first
        ids = [d0, *others]
        win = int(np.argmax(means))
        return FlipEnd(
            options[ids[win]],
            float(-means[1:].max()) if means.size > 1 else 0.0,
            {c: float(xa[rows, j].mean()) for j, c in enumerate(cols)},
        )

    var = inb.var(axis=0)
    r2 = {options[d0]: None} | {
        options[d]: (float(1 - ((inb[:, i] - g[:, i]) ** 2).mean() / var[i]) if var[i] > 0 else 0.0)
        for i, d in enumerate(others)
    }
    return GroupValue(
        group=name,
        inputs=tuple(cols),
        evppi=min(max(raw, 0.0), total),
        raw=raw,
        flip_probability=float((best_other > 0).mean()),
        low=end(order[:k]),
        high=end(order[-k:]),
        basis=dsg.basis,
        parameters=int(dsg.x.shape[1]),
        r2=r2,
    )


def value_of_information(
    nb: np.ndarray,
    groups: Mapping[str, np.ndarray],
    options: Sequence[str] | None = None,
    names: Mapping[str, Sequence[str]] | None = None,
) -> ValueOfInformation:
    """EVPI and, for every input group, EVPPI, flip probability and the ends that could flip it.

    Parameters
    ----------
    nb : ndarray, shape (trials, options)
        Net benefit per trial and option, on common random numbers.
    groups : mapping of name -> ndarray (trials,) or (trials, k)
        The draws of each input group in the same trials. A group may hold several inputs
        (module docstring says what is fitted); constant columns are ignored.
    options : sequence of str, optional
        Option names (default ``O1, O2, ...``).
    names : mapping of group -> sequence of str, optional
        Names of each group's input columns (used in the ends' ``inputs``).

    Returns
    -------
    ValueOfInformation

    Raises
    ------
    TrialArrayError
        Wrong shapes, non-finite values, draws that do not match the trials.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> p1, p2 = rng.normal(1, 1, 50_000), rng.normal(0, 2, 50_000)
    >>> nb = np.column_stack([np.zeros(50_000), p1 - p2])  # V6: INB ~ N(1, 5)
    >>> v = value_of_information(nb, {"p1": p1, "p2": p2})
    >>> round(v.evpi, 2), round(evpi_normal(1, 5**0.5), 2)
    (0.48, 0.48)
    """
    a = _nb(nb)
    s, n = a.shape
    opts = tuple(options) if options is not None else tuple(f"O{i + 1}" for i in range(n))
    if len(opts) != n:
        raise TrialArrayError(f"{len(opts)} option names for {n} options")
    means = a.mean(axis=0)
    d0 = int(np.argmax(means))
    others = [d for d in range(n) if d != d0]
    inb = a[:, others] - a[:, [d0]]
    total = evpi(a)
    contrast = _Contrast(inb, others, opts, d0, total)
    gain = a.max(axis=1) - a[:, d0]
    return ValueOfInformation(
        options=opts,
        trials=s,
        current=opts[d0],
        expected=dict(zip(opts, (float(m) for m in means), strict=True)),
        evpi=total,
        evpi_se=float(gain.std(ddof=1) / math.sqrt(s)),
        groups=tuple(
            _group_value(g, x, (names or {}).get(g, ()), contrast) for g, x in groups.items()
        ),
    )


def evppi(nb: np.ndarray, x: np.ndarray) -> float:
    """EVPPI of one input group (module docstring), clamped to [0, EVPI]."""
    return value_of_information(nb, {"group": x}).groups[0].evppi
