"""Vectorised draws for every distribution kind, by inverse CDF of uniforms.

Every input is drawn as ``ppf(dist, u)`` from a uniform ``u`` so that plain Monte Carlo,
Latin hypercube (``scipy.stats.qmc.LatinHypercube``) and the Gaussian copula of
:mod:`finance.correlation` all feed the same code. PERT uses a cached inverse-CDF lookup
table of the beta distribution (linear interpolation on 16,385 points, about 10 ns a draw)
instead of ``Generator.beta`` (about 4x a triangular draw). Normal quantiles (lognormal inputs
and the copula) likewise interpolate a table in the centre and are exact in the tails
(:func:`normal_ppf`).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import special
from scipy.stats import qmc

from crm_select.models.distributions import (
    Bernoulli,
    Discrete,
    Distribution,
    Fixed,
    Lognormal,
    Pert,
    Triangular,
    Uniform,
)

Array = NDArray[np.float64]
_TABLE = 16_385


@lru_cache(maxsize=256)
def _beta_table(a: float, b: float) -> Array:
    """Quantiles of Beta(a, b) on an even grid of probabilities 0..1."""
    grid = np.linspace(0.0, 1.0, _TABLE)
    table = special.betaincinv(a, b, grid)
    table[0], table[-1] = 0.0, 1.0
    return table


_STEPS: dict[int, tuple[Array, Array]] = {}


def _steps(table: Array) -> Array:
    """``table[1:] - table[:-1]``, cached per table (the tables are cached themselves)."""
    hit = _STEPS.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (table, table[1:] - table[:-1])
        if len(_STEPS) > 512:
            _STEPS.clear()
        _STEPS[id(table)] = hit
    return hit[1]


def table_lookup(table: Array, u: Array) -> Array:
    """Linear interpolation in a quantile table on an even grid (direct index, no search)."""
    pos = np.asarray(u, dtype=np.float64) * (_TABLE - 1)
    i = pos.astype(np.intp)
    np.minimum(i, _TABLE - 2, out=i)
    pos -= i
    pos *= _steps(table).take(i)  # table[i + 1] - table[i], the same subtraction, cached
    pos += table.take(i)
    return pos  # table[i] + (pos - i) * (table[i + 1] - table[i])


def pert_ab(d: Pert) -> tuple[float, float]:
    """Beta shape parameters of a PERT: a = 1 + λ(mode − min)/(max − min), b likewise."""
    span = d.max - d.min
    a = 1.0 + d.lamb * (d.mode - d.min) / span
    b = 1.0 + d.lamb * (d.max - d.mode) / span
    return a, b


def ppf(d: Distribution, u: Array) -> Array:
    """Inverse CDF of ``d`` at uniforms ``u`` (any shape), as float64."""
    match d:
        case Fixed(value=v):
            return np.full(np.shape(u), v, dtype=np.float64)
        case Uniform(min=lo, max=hi):
            if lo == 0.0 and hi == 1.0:
                return np.array(u, dtype=np.float64)  # 0 + 1 * u is u
            return lo + (hi - lo) * u
        case Triangular(min=lo, mode=c, max=hi):
            if hi == lo:
                return np.full(np.shape(u), lo, dtype=np.float64)
            fc = (c - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (c - lo))
            right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - c))
            return np.where(u < fc, left, right)
        case Pert(min=lo, max=hi):
            if hi == lo:
                return np.full(np.shape(u), lo, dtype=np.float64)
            a, b = pert_ab(d)
            return lo + (hi - lo) * table_lookup(_beta_table(round(a, 12), round(b, 12)), u)
        case Lognormal():
            mu, sigma = d.mu_sigma
            z = normal_ppf(np.clip(u, 1e-12, 1 - 1e-12))
            z *= sigma
            z += mu
            return np.exp(z, out=z)
        case Discrete(values=vals, probabilities=probs):
            cum = np.cumsum(probs)
            cum[-1] = 1.0
            i = np.searchsorted(cum, u, side="right")
            return np.asarray(vals, dtype=np.float64)[np.minimum(i, len(vals) - 1)]
        case Bernoulli(p=p):
            return (np.asarray(u) >= 1.0 - p).astype(np.float64)
    raise TypeError(f"unknown distribution {d!r}")


def quantile(d: Distribution, q: float) -> float:
    """The q-quantile of ``d`` (exact: PERT by the incomplete beta function, lognormal by
    ``ndtri``, not the lookup tables of the draws)."""
    if isinstance(d, Pert) and d.max > d.min:
        a, b = pert_ab(d)
        return float(d.min + (d.max - d.min) * special.betaincinv(a, b, q))
    if isinstance(d, Lognormal):
        mu, sigma = d.mu_sigma
        return float(np.exp(mu + sigma * special.ndtri(min(max(q, 1e-12), 1 - 1e-12))))
    return float(ppf(d, np.array([q]))[0])


def mean(d: Distribution) -> float:
    """Analytic mean (delegates to the model's own property)."""
    return float(d.mean)


def is_degenerate(d: Distribution) -> bool:
    """True when the distribution always gives the same value."""
    if isinstance(d, Fixed):
        return True
    lo, hi = quantile(d, 0.0001), quantile(d, 0.9999)
    return math.isclose(lo, hi, rel_tol=0, abs_tol=1e-12)


def uniforms(rng: np.random.Generator, d: int, n: int, lhs: bool) -> Array:
    """A (d, n) array of uniforms: plain Monte Carlo or a Latin hypercube of n points.

    The Latin hypercube comes from ``scipy.stats.qmc.LatinHypercube`` seeded by ``rng``.
    """
    if d == 0:
        return np.empty((0, n))
    if lhs:
        sampler = qmc.LatinHypercube(d=d, rng=rng)
        return np.ascontiguousarray(sampler.random(n).T)
    return rng.random((d, n))


#: uniforms below this or above 1 - this get the exact normal quantile (table elsewhere)
_NORMAL_TAIL = 0.02


@lru_cache(maxsize=1)
def _normal_table() -> Array:
    """Standard normal quantiles on the even grid (the infinite ends clamped: never read)."""
    table = special.ndtri(np.linspace(0.0, 1.0, _TABLE))
    table[0], table[-1] = table[1], table[-2]
    return table


def normal_ppf(u: Array) -> Array:
    """Standard normal quantile of uniforms ``u`` (any shape, inside (0, 1)), as a new array.

    Linear interpolation in a 16,385-point table for ``u`` in [0.02, 0.98], exact
    (``scipy.special.ndtri``) in the tails. The interpolation error is at most
    h² max|Φ⁻¹''| / 8 ≈ 4e-7 (h = 1/16,384, the largest curvature at the band's ends), far
    below Monte Carlo error; about a quarter of ``ndtri``'s time.
    """
    z = table_lookup(_normal_table(), u)
    flat_u = np.ravel(u)
    tail = np.flatnonzero((flat_u < _NORMAL_TAIL) | (flat_u > 1.0 - _NORMAL_TAIL))
    z.ravel()[tail] = special.ndtri(flat_u[tail])
    return z
