"""Investment metrics, vectorised over trials: NPV, PV, ROI, IRR, discounted payback, stats.

Cash-flow arrays are (..., Y) with flows at t = 0 .. Y-1. Year 0 is not discounted; a flow
at t >= 1 is discounted as if it fell at the *end* of year t. This is numpy-financial's
``npf.npv`` convention; Excel's ``NPV(rate, v1..vn)`` instead discounts its first value by
one period, so Excel users write ``=v0 + NPV(rate, v1..vn)`` to get the same number.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from finance import order_stats

Array = NDArray[np.float64]


def discount_factors(rate: float, years: int) -> Array:
    """``(1 + rate) ** -t`` for t = 0 .. years-1.

    Raises
    ------
    ValueError
        If ``rate <= -1`` (discount factors are undefined).
    """
    if not rate > -1:
        raise ValueError(f"discount_rate must be > -100 %, got {rate}")
    return (1.0 + rate) ** -np.arange(years, dtype=np.float64)


def npv(rate: float, cashflows: Array) -> Array:
    """Net present value counted from t = 0.

    Parameters
    ----------
    rate : float
        Discount rate per period (> -1).
    cashflows : array (..., Y)
        Flows at t = 0 .. Y-1.

    Returns
    -------
    array (...)
        ``NPV = Σ_t CF_t / (1 + r)^t``.

    Warnings
    --------
    Same convention as ``numpy_financial.npv``; Excel's ``NPV()`` starts at t = 1.

    References
    ----------
    Brealey, Myers, Allen, *Principles of Corporate Finance*, ch. 2.
    """
    cf = np.asarray(cashflows, dtype=np.float64)
    return cf @ discount_factors(rate, cf.shape[-1])


def present_value(rate: float, flows: Array) -> Array:
    """Present value of non-negative flows (costs or benefits), same convention as :func:`npv`."""
    return npv(rate, flows)


def roi(pv_benefits: Array, pv_costs: Array) -> Array:
    """Plain ROI = NPV / PV(costs) = (PV(B) - PV(C)) / PV(C); NaN when PV(C) = 0.

    Zero benefits with positive costs give exactly -1 (-100 %).
    """
    b = np.asarray(pv_benefits, dtype=np.float64)
    c = np.asarray(pv_costs, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(c > 0, (b - c) / np.where(c > 0, c, 1.0), np.nan)


def risk_adjusted_roi(pv_benefits: Array, pv_costs: Array, haircut: float, markup: float) -> Array:
    """Forrester TEI-style risk-adjusted ROI.

    ``ROI_ra = (PV(B)·(1 − haircut) − PV(C)·(1 + markup)) / (PV(C)·(1 + markup))``

    References
    ----------
    Forrester, *Total Economic Impact (TEI) methodology*: benefits are risk-adjusted downward
    and costs upward before ROI = (benefits − costs) / costs.
    """
    b = np.asarray(pv_benefits, dtype=np.float64) * (1.0 - haircut)
    c = np.asarray(pv_costs, dtype=np.float64) * (1.0 + markup)
    return roi(b, c)


def _poly_t(cf: Array, x: Array) -> tuple[Array, Array]:
    """P(x) and P'(x) by Horner's scheme for flows laid out (Y, n), Y >= 2 (a row with an IRR
    has flows of both signs)."""
    Y = cf.shape[0]
    dp = cf[Y - 1].copy()  # the first step of the scheme, from p = c_{Y-1} and dp = 0
    p = cf[Y - 1] * x
    p += cf[Y - 2]
    for t in range(Y - 3, -1, -1):
        dp *= x
        dp += p
        p *= x
        p += cf[t]
    return p, dp


def irr(cashflows: Array, guess: float = 0.1, tol: float = 1e-10, max_iter: int = 20) -> Array:
    """Internal rate of return per row; NaN where the row has no real IRR.

    Parameters
    ----------
    cashflows : array (T, Y) or (Y,)
    guess : float
        Starting rate for Newton's method.
    max_iter : int
        Newton steps before the rows still moving are bisected (rows that converge do so in
        a few steps; the rest are heading out of the domain or cycling).

    Returns
    -------
    array (T,) or float
        The rate ``r > -1`` with ``Σ_t CF_t (1 + r)^-t = 0``.

    Notes
    -----
    With ``x = 1/(1 + r)`` the NPV is the polynomial ``P(x) = Σ c_t x^t``. All rows are solved
    at once: Newton's method on ``P`` (Horner's scheme), then bisection on ``x`` in
    ``(0, 100]`` (``r >= -0.99``) for the rows Newton did not settle, where ``P`` changes
    sign, and more Newton steps where it does not. A row whose flows never change sign has no
    IRR (NaN). With several sign changes several IRRs may exist; the one nearest the guess is
    returned (as numpy-financial does).

    References
    ----------
    numpy-financial ``irr``; Brealey, Myers, Allen, ch. 5.
    """
    cf = np.atleast_2d(np.asarray(cashflows, dtype=np.float64))
    r = irr_years_first(cf.T, guess, tol, max_iter)
    return r if np.ndim(cashflows) > 1 else r[0]


def _poly(cf: Array, x: Array) -> Array:
    """P(x) alone by Horner's scheme (same operations as :func:`_poly_t`), in place."""
    Y = cf.shape[0]
    p = cf[Y - 1].copy()
    for t in range(Y - 2, -1, -1):
        p *= x
        p += cf[t]
    return p


def _newton(cf: Array, x: Array, moving: NDArray[np.bool_], tol: float, steps: int) -> None:
    """Newton's method on ``P`` for the ``moving`` rows of ``x`` (updated in place).

    The whole working set steps at once with converged rows frozen, and the set is compacted
    only when at most half of it is still moving (fewer gathers than compacting every step;
    each row sees exactly the same iterates). A step out of (0, inf) halves x instead.
    """
    idx = np.arange(x.size)  # rows of the working set
    ws, xs, moving = cf, x.copy(), moving.copy()
    with np.errstate(all="ignore"):
        for _ in range(steps):
            p, dp = _poly_t(ws, xs)
            step = np.divide(p, dp, out=p)
            x_new = xs - step
            ok = x_new > 0
            ok &= x_new < np.inf
            step = np.where(ok, step, xs * 0.5)  # xs - xs / 2 is exact
            # moving on: a step that is not below tol * max(1, x), or one that left (0, inf)
            lim = np.maximum(x_new, 1.0, out=x_new)
            lim *= tol
            keep = np.abs(step) > lim
            keep |= ~ok
            step *= moving  # frozen rows stay
            xs -= step
            moving &= keep
            left = int(np.count_nonzero(moving))
            if left == 0:
                break
            if 2 * left <= idx.size:
                x[idx] = xs
                sel = np.flatnonzero(moving)
                idx, xs, ws = idx[sel], xs[sel], ws[:, sel]
                moving = np.ones(sel.size, dtype=np.bool_)
    x[idx] = xs


def _settled(cf: Array, x: Array, scale: Array) -> NDArray[np.bool_]:
    """Rows where ``x`` is a root: in (0, inf) with ``|P(x)| <= 1e-7 Σ|c_t|``."""
    with np.errstate(all="ignore"):
        p = _poly(cf, x)
        return (x > 0) & np.isfinite(x) & (np.abs(p) <= 1e-7 * scale)


def _bisect(cf: Array) -> tuple[Array, NDArray[np.bool_]]:
    """Bisection on ``x`` in [1e-9, 100] per row: the root, and whether ``P`` changes sign
    there (keeping the sign of ``P(lo)``, which never changes, instead of re-evaluating it)."""
    lo = np.full(cf.shape[1], 1e-9)
    hi = np.full(cf.shape[1], 100.0)
    with np.errstate(all="ignore"):
        sign_lo = np.sign(_poly(cf, lo))
        bracket = sign_lo != np.sign(_poly(cf, hi))
        mid = np.empty(cf.shape[1])
        for i in range(80):
            np.add(lo, hi, out=mid)
            mid *= 0.5
            # lo and hi adjacent floats everywhere: the remaining steps change nothing
            if i % 8 == 7 and bool(np.all((mid == lo) | (mid == hi))):
                break
            left_side = np.sign(_poly(cf, mid)) == sign_lo
            np.copyto(lo, mid, where=left_side)
            np.copyto(hi, mid, where=~left_side)
    return 0.5 * (lo + hi), bracket


def irr_years_first(
    cf: Array, guess: float = 0.1, tol: float = 1e-10, max_iter: int = 20, more_iter: int = 30
) -> Array:
    """:func:`irr` for flows laid out (Y, T) (the engine's layout); returns (T,).

    Rows Newton has not settled after ``max_iter`` steps are bisected where ``P`` changes sign
    on the bracket, and get ``more_iter`` further Newton steps where it does not (several
    roots, or one outside the bracket).
    """
    T = cf.shape[1]
    has_root = np.any(cf > 0, axis=0) & np.any(cf < 0, axis=0)
    if not has_root.any():
        return np.full(T, np.nan)
    scale = np.abs(cf).sum(axis=0)
    # all rows enter the working set (no gather of the flows); rows without a root are
    # frozen from the start and dropped at the first compaction
    x = np.full(T, 1.0 / (1.0 + guess))
    _newton(cf, x, has_root, tol, max_iter)
    ok = has_root & _settled(cf, x, scale)
    todo = np.flatnonzero(has_root & ~ok)
    if todo.size:
        root, bracket = _bisect(cf[:, todo])
        x[todo[bracket]] = root[bracket]
        ok[todo[bracket]] = True
        rest = todo[~bracket]
        if rest.size and more_iter:
            part, xr = cf[:, rest], x[rest]
            _newton(part, xr, np.ones(rest.size, dtype=np.bool_), tol, more_iter)
            x[rest] = xr
            ok[rest] = _settled(part, xr, scale[rest])
    with np.errstate(all="ignore"):
        return np.where(ok, 1.0 / x - 1.0, np.nan)


def discounted_payback(rate: float, cashflows: Array) -> Array:
    """Years until cumulative discounted cash flow first reaches 0; ``inf`` if not in horizon.

    Parameters
    ----------
    rate : float
    cashflows : array (T, Y) or (Y,)

    Notes
    -----
    Linear interpolation inside the year of crossing: for the first ``y`` with
    ``S_y >= 0`` (``S`` = cumulative discounted flow), payback = ``y - 1 + (-S_{y-1}) / d_y``
    where ``d_y`` is the discounted flow of year ``y``; 0 if ``S_0 >= 0``.
    """
    cf = np.atleast_2d(np.asarray(cashflows, dtype=np.float64))
    out = payback_years_first(rate, cf.T)
    return out if np.ndim(cashflows) > 1 else out[0]


def payback_years_first(
    rate: float,
    cf: Array,
    out: Array | None = None,
    *,
    benefit: Array | None = None,
    go_live: Array | None = None,
) -> Array:
    """:func:`discounted_payback` for flows laid out (Y, T) (the engine's layout).

    Row by row with (T,) arrays (no (Y, T) cumulative sum along the short axis): the running
    sums are the same additions as ``cumsum``. The first year with ``S_y >= 0`` is the first
    crossing (``S_{y-1} < 0 <= S_y``), so the interpolation is computed only on the trials
    crossing in each year, the years visited from the last to the first so that the earliest
    crossing is the one kept. Same numbers as the (Y, T) formulation. ``out`` (T,), any float
    dtype, receives the result when given.

    With ``benefit`` (Y, T), the benefit part of ``cf``, and ``go_live`` (T,), the
    interpolation respects go-live: inside the crossing year ``(y - 1, y]`` the year's costs
    accrue evenly and its benefits evenly from ``s0 = max(y - 1, go-live)``, so the cumulative
    flow is ``S(t) = S_{y-1} - c (t - y + 1) + b (t - s0) / (y - s0)`` (``b``, ``c`` the year's
    discounted benefit and cost); it crosses 0 at ``t = s0 + (-S(s0)) (y - s0) / (S_y - S(s0))``
    inside ``[s0, y]``. A payback therefore never precedes go-live (and the result is clipped
    to it, which also covers a project without up-front cost).
    """
    Y, T = cf.shape
    disc = discount_factors(rate, Y)
    s = np.empty((Y, T))
    np.multiply(cf[0], disc[0], out=s[0])
    d = np.empty(T)
    for y in range(1, Y):
        np.multiply(cf[y], disc[y], out=d)
        np.add(s[y - 1], d, out=s[y])
    res = np.full(T, np.inf) if out is None else out
    if out is not None:
        res[...] = np.inf
    hit = np.empty(T, dtype=np.bool_)
    neg = np.empty(T, dtype=np.bool_)
    with np.errstate(divide="ignore", invalid="ignore"):
        for y in range(Y - 1, 0, -1):
            np.greater_equal(s[y], 0, out=hit)
            np.less(s[y - 1], 0, out=neg)
            hit &= neg
            idx = np.flatnonzero(hit)
            if not idx.size:
                continue
            if benefit is None or go_live is None:
                # S_{y-1} < 0 <= S_y: the step d_y > 0 and -S_{y-1} / d_y is in (0, 1]
                frac = np.negative(s[y - 1, idx])
                frac /= cf[y, idx] * disc[y]
                np.clip(frac, 0.0, 1.0, out=frac)
                frac += y - 1
                res[idx] = frac
                continue
            s0 = np.clip(go_live[idx], y - 1.0, float(y))
            c = (benefit[y, idx] - cf[y, idx]) * disc[y]
            at_s0 = s[y - 1, idx] - c * (s0 - (y - 1.0))
            span = y - s0
            rise = s[y, idx] - at_s0
            t = np.negative(at_s0)
            t *= span
            np.divide(t, rise, out=t, where=rise > 0)  # rise <= 0: S(s0) >= 0 already, t = 0
            np.clip(t, 0.0, span, out=t)
            res[idx] = s0 + t
        np.greater_equal(s[0], 0, out=hit)
        np.putmask(res, hit, 0.0)
        if go_live is not None:
            np.maximum(res, go_live, out=res, where=np.isfinite(res))
    return res


def standard_error(samples: Array) -> float:
    """Standard error of the mean, ``s / sqrt(n)`` with the sample standard deviation."""
    n = samples.size
    return float(np.std(samples, ddof=1) / math.sqrt(n)) if n > 1 else math.nan


def shortfall_count(n: int, level: float) -> int:
    """How many of ``n`` samples the expected shortfall at ``level`` averages: ``ceil(α n)``."""
    return max(1, math.ceil(level * n))


def expected_shortfall(samples: Array, level: float = 0.05) -> float:
    """Mean of the worst ``level`` share of outcomes (lower tail), ``ES_α = E[X | X <= q_α]``.

    Computed as the mean of the ``ceil(α n)`` smallest samples (``samples`` without NaN).
    """
    x = np.asarray(samples, dtype=np.float64).ravel()
    if x.size == 0:
        return math.nan
    return order_stats.lower_mean(x, shortfall_count(x.size, level))


def summary_of(
    finite: Array, n_total: int, percentiles: list[float] | None = None
) -> dict[str, float | int | None]:
    """:func:`summary` of samples known to be finite (P5/P50/P95 if already known)."""
    out: dict[str, float | int | None] = {"n": int(finite.size), "n_total": int(n_total)}
    if finite.size == 0:
        out |= {"mean": None, "se": None, "p5": None, "p50": None, "p95": None}
        return out
    p5, p50, p95 = (
        order_stats.percentiles(finite, (5, 50, 95)) if percentiles is None else percentiles
    )
    out |= {
        "mean": float(finite.mean()),
        "se": standard_error(finite),
        "p5": p5,
        "p50": p50,
        "p95": p95,
    }
    return out


def summary(samples: Array) -> dict[str, float | int | None]:
    """Mean, standard error, P5/P50/P95 over the finite samples, and how many were finite."""
    s = np.asarray(samples, dtype=np.float64)
    mask = np.isfinite(s)
    return summary_of(s if mask.all() else s[mask], s.size)
