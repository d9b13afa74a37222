"""Benefits realisation: the forecast's KPI paths, where actuals sit in them, the lever uplifts
updated from the evidence, and the NPV re-forecast (docs/realisation.md).

Notation. A lever's *effective uplift* at full adoption is ``θ = o · u``: the benchmark uplift
``u`` (the lever's distribution) times the project's outcome factor ``o`` (1 for a full success,
uniform in the partial or failure range otherwise, with the simulation's outcome shares). In a
period ``p`` whose middle lies in year ``k`` after go-live the forecast expects the uplift
``a_p · θ`` with ``a_p`` the adoption ramp of year ``k`` (0 before go-live). A KPI's uplift is
measured against its counterfactual ``cf_p``: the baseline grown by its own pre-go-live trend,
``b · (1 + g)^τ`` (τ years from the baseline to the period's middle), or the control group's
value of the period where one is given. By direction:

* more is better, relative (sales per rep, win rate, cross-sell revenue, margin):
  ``y = x / cf − 1``;
* less is better, relative (admin cost): ``y = 1 − x / cf``;
* less is better, in points (churn): ``y = cf − x``.

**Update** (normal–normal, known noise; Gelman et al., *Bayesian Data Analysis*, 3rd ed.,
§2.5): prior ``θ ~ N(m₀, v₀)`` with the forecast's mean and variance of ``θ``, observations
``y_p = a_p θ + ε_p``, ``ε_p ~ N(0, σ²)``:

    v₁ = 1 / (1/v₀ + Σ a_p² / σ²),   m₁ = v₁ · (m₀/v₀ + Σ a_p y_p / σ²).

**Money** per unit of ``θ`` and year (first order, the margin's cross term left out):
sales per rep and win rate ``R_new · m``, cross-sales ``R_cross · m``, retention
``R_exist · m`` per point of churn, margin ``R · m``, admin ``C_admin · E[productivity]``.

**Re-forecast**: a year that has ended by the last reported period takes the actual spend (where
spend is reported for it) and the forecast's benefit scaled by realised / expected money of
the KPIs in that year; later years keep the forecast's costs and scale its benefit by
``Σ w m₁ / Σ w m₀``. Its spread is the remaining benefit's level uncertainty,
``sd = S_rem · sqrt(Σ w² v₁) / Σ w m₀`` with ``S_rem`` the discounted forecast benefit of the
remaining years; the forecast's own spread by the same formula (``v₀``, all years) shows how
the evidence narrows it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from crm_select.models.distributions import Distribution
from crm_select.models.realisation import (
    FLOW_KPIS,
    KPI_UNITS,
    PERIODS_PER_YEAR,
    Baseline,
    KpiActual,
    PeriodKind,
    SpendActual,
    next_period,
    period_start,
)
from finance.sampling import ppf

Array = NDArray[np.float64]

#: the KPI each benefit lever moves
LEVER_KPI: dict[str, str] = {
    "sales_per_rep": "sales_per_rep",
    "win_rate": "win_rate",
    "cross_sales": "cross_sell_revenue",
    "retention": "churn",
    "margin": "gross_margin",
    "admin": "admin_cost",
}
KPI_LEVER: dict[str, str] = {k: lever for lever, k in LEVER_KPI.items()}
#: how a KPI's uplift is measured: +1 relative, more is better; -1 relative, less is better;
#: 0 in points, less is better (churn)
DIRECTION: dict[str, int] = {"admin_cost": -1, "churn": 0}
Z90 = 1.2815515655446004  # the standard normal's 90th percentile
DAYS_PER_YEAR = 365.25
ALERT_RUN = 2  # periods below P10 in a row that raise an alert


@dataclass(frozen=True)
class OutcomeMix:
    """The outcome factor's distribution: shares of full, partial and failed projects (they
    sum to 1) and the benefit share a partial or failed project delivers (uniform ranges)."""

    full: float
    partial: float
    failure: float
    partial_range: tuple[float, float] = (0.3, 0.7)
    failure_range: tuple[float, float] = (0.0, 0.2)

    def factor(self, u: Array) -> Array:
        """Outcome factor at uniforms ``u``: 1 below ``full``, then the partial range, then
        the failure range, each filled uniformly by the position of ``u`` in its band."""
        total = self.full + self.partial + self.failure
        p1, p2 = self.full / total, (self.full + self.partial) / total
        lo, hi = self.partial_range
        flo, fhi = self.failure_range
        part = lo + (hi - lo) * (u - p1) / max(p2 - p1, 1e-300)
        fail = flo + (fhi - flo) * (u - p2) / max(1.0 - p2, 1e-300)
        return np.where(u < p1, 1.0, np.where(u < p2, part, fail))

    @property
    def moments(self) -> tuple[float, float]:
        """``E[o]`` and ``E[o²]`` in closed form (a uniform on [a, b] has ``E[x²] =
        (a² + ab + b²) / 3``)."""
        total = self.full + self.partial + self.failure
        lo, hi = self.partial_range
        flo, fhi = self.failure_range
        e1 = (self.full + self.partial * (lo + hi) / 2 + self.failure * (flo + fhi) / 2) / total
        e2 = (
            self.full
            + self.partial * (lo * lo + lo * hi + hi * hi) / 3
            + self.failure * (flo * flo + flo * fhi + fhi * fhi) / 3
        ) / total
        return e1, e2


@dataclass(frozen=True)
class UpliftPrior:
    """The forecast's effective uplift ``θ = o · u`` of one lever, as draws."""

    lever: str
    draws: Array = field(repr=False)

    @property
    def mean(self) -> float:
        return float(self.draws.mean())

    @property
    def var(self) -> float:
        return float(self.draws.var())

    def quantiles(self, qs: tuple[float, ...]) -> Array:
        return np.quantile(self.draws, qs)


def uplift_prior(
    lever: str, uplift: Distribution, outcome: OutcomeMix, rng: np.random.Generator, n: int
) -> UpliftPrior:
    """``n`` draws of ``θ = o · u``, the uplift and the outcome drawn independently."""
    u = rng.random((2, n))
    return UpliftPrior(lever, ppf(uplift, u[0]) * outcome.factor(u[1]))


def percentile_of(y: float, a: float, draws: Array) -> float:
    """Share of the forecast's uplifts ``a · θ`` below the measured uplift ``y`` (ties count
    half, so an actual equal to every draw sits at 0.5)."""
    x = a * draws
    return float((np.count_nonzero(x < y) + 0.5 * np.count_nonzero(x == y)) / x.size)


def conjugate_update(m0: float, v0: float, y: Array, a: Array, noise: float) -> tuple[float, float]:
    """Posterior mean and variance of ``θ`` from ``y = a θ + ε``, ``ε ~ N(0, noise²)``, and
    the prior ``N(m0, v0)`` (the module's formula). No observation returns the prior."""
    if v0 <= 0:
        return m0, 0.0
    precision = 1.0 / v0 + float(np.sum(a * a)) / noise**2
    v1 = 1.0 / precision
    return v1 * (m0 / v0 + float(np.sum(a * y)) / noise**2), v1


def uplift_of(kpi: str, x: float, cf: float) -> float:
    """The measured uplift of value ``x`` against the counterfactual ``cf`` (by direction)."""
    d = DIRECTION.get(kpi, 1)
    if d == 0:
        return cf - x
    if cf == 0:
        return 0.0
    return x / cf - 1.0 if d == 1 else 1.0 - x / cf


def value_of(kpi: str, y: Array, cf: float) -> Array:
    """The KPI value at uplift ``y`` (the inverse of :func:`uplift_of`)."""
    d = DIRECTION.get(kpi, 1)
    if d == 0:
        return cf - y
    return cf * (1.0 + y) if d == 1 else cf * (1.0 - y)


# --- the record's time frame -------------------------------------------------------------


def years_between(a: dt.date, b: dt.date) -> float:
    """Years from ``a`` to ``b``: whole anniversaries of ``a`` plus the rest in days / 365.25."""
    n = whole_years(a, b)
    return n + (b - anniversary(a, n)).days / DAYS_PER_YEAR


def anniversary(a: dt.date, n: int) -> dt.date:
    """``a`` moved by ``n`` years (29 February to 1 March in a common year)."""
    try:
        return a.replace(year=a.year + n)
    except ValueError:
        return dt.date(a.year + n, 3, 1)


def whole_years(a: dt.date, b: dt.date) -> int:
    """Anniversaries of ``a`` after ``a`` and on or before ``b`` (0 when ``b`` precedes it)."""
    n = max(0, b.year - a.year)
    while n > 0 and anniversary(a, n) > b:
        n -= 1
    return n


@dataclass(frozen=True)
class PeriodFrame:
    """One reporting period: its label, dates, the adoption the forecast assumed in it and
    the forecast year its benefits fall in."""

    label: str
    start: dt.date
    end: dt.date
    adoption: float
    year: int

    @property
    def middle(self) -> dt.date:
        return self.start + (self.end - self.start) / 2


def period_frame(
    label: str, kind: PeriodKind, baseline: Baseline, ramp: tuple[float, ...]
) -> PeriodFrame:
    """The frame of a period label: ``a_p`` from the ramp (0 before go-live) and the forecast
    year ``⌈years from the decision to the middle⌉`` (year y collects ``(y − 1, y]``)."""
    start = period_start(label, kind)
    end = next_period(start, kind)
    mid = start + (end - start) / 2
    a = 0.0
    if baseline.go_live is not None and mid >= baseline.go_live:
        k = whole_years(baseline.go_live, mid)
        a = ramp[min(k, len(ramp) - 1)]
    year = max(0, math.ceil(years_between(baseline.decision_date, mid)))
    return PeriodFrame(label, start, end, a, year)


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiPoint:
    """One actual of a KPI against the forecast.

    ``expected`` holds the forecast's P10 / P50 / P90 of the KPI in the period (empty for a
    KPI no lever moves); ``variance`` is actual − P50 (units of the KPI), ``variance_money``
    its money per year; ``uplift`` is measured against the trend (or the control group where
    given: ``uplift_control``), ``uplift_baseline`` against the flat baseline.
    """

    period: str
    adoption: float
    actual: float
    counterfactual: float
    expected: tuple[float, ...]
    uplift: float
    uplift_baseline: float
    uplift_trend: float
    uplift_control: float | None
    percentile: float | None
    variance: float | None
    variance_money: float | None
    below_p10: bool


@dataclass(frozen=True)
class Alert:
    """A KPI below its forecast P10 for :data:`ALERT_RUN` periods running (``period`` the
    last of them), or adoption below the ramp's assumption (``kpi`` is ``adoption``)."""

    kpi: str
    period: str


@dataclass(frozen=True)
class KpiTrack:
    """A KPI's baseline, its actuals against the forecast, and its lever's update."""

    kpi: str
    unit: str
    lever: str | None
    baseline: float
    per_period_baseline: float
    points: list[KpiPoint]
    fan: list[tuple[str, float, float, float]]
    prior_mean: float | None
    prior_sd: float | None
    posterior_mean: float | None
    posterior_sd: float | None
    money_per_unit: float
    realised_money: float
    alert: Alert | None


@dataclass(frozen=True)
class ReforecastYear:
    year: int
    benefit_forecast: float
    benefit: float
    cost_forecast: float
    cost: float
    actual: bool


@dataclass(frozen=True)
class Reforecast:
    """NPV of the forecast and re-forecast with P10 / P90 of the benefit level's uncertainty."""

    npv_forecast: float
    npv: float
    forecast_p10: float
    forecast_p90: float
    p10: float
    p90: float
    benefit_ratio: float
    years: list[ReforecastYear]


@dataclass(frozen=True)
class Realisation:
    """Everything the record shows: the KPI tracks, adoption against the ramp, spend, the
    realised benefit so far and the re-forecast."""

    tracks: list[KpiTrack]
    adoption_alerts: list[Alert]
    spend_by_category: dict[str, float]
    spend_by_year: dict[int, float]
    realised_benefit: float
    reforecast: Reforecast

    @property
    def alerts(self) -> list[Alert]:
        """Every KPI alert (below P10 two periods running), then every adoption alert."""
        return [t.alert for t in self.tracks if t.alert] + self.adoption_alerts


@dataclass(frozen=True)
class ForecastFlows:
    """The chosen option's forecast by calendar year (means over trials): benefits, costs."""

    benefits: tuple[float, ...]
    costs: tuple[float, ...]
    discount_rate: float

    def discount(self, t: int) -> float:
        return float((1.0 + self.discount_rate) ** -t)

    @property
    def npv(self) -> float:
        return sum((b - c) * self.discount(t) for t, (b, c) in enumerate(self.flows))

    @property
    def flows(self) -> list[tuple[float, float]]:
        return list(zip(self.benefits, self.costs, strict=True))


def realise(
    baseline: Baseline,
    actuals: list[KpiActual],
    spend: list[SpendActual],
    priors: dict[str, UpliftPrior],
    money_per_unit: dict[str, float],
    ramp: tuple[float, ...],
    forecast: ForecastFlows,
    noise: float,
) -> Realisation:
    """The record's analysis (the module's formulas). ``priors`` and ``money_per_unit`` are
    keyed by enabled lever; actuals are assumed valid (see ``services.realisation``)."""
    kind = baseline.period
    ppy = PERIODS_PER_YEAR[kind]
    frames = {a.period: period_frame(a.period, kind, baseline, ramp) for a in actuals}
    tracks: list[KpiTrack] = []
    posterior: dict[str, tuple[float, float]] = {}
    observed: dict[str, dict[str, float]] = {}
    for b in baseline.kpis:
        rows = sorted((a for a in actuals if a.kpi == b.kpi), key=lambda a: frames[a.period].start)
        lever = KPI_LEVER.get(b.kpi)
        prior = priors.get(lever) if lever else None
        track = _track(
            b.kpi,
            b.value,
            b.trend,
            baseline,
            rows,
            frames,
            prior,
            ppy,
            noise,
            money_per_unit.get(lever, 0.0) if lever else 0.0,
        )
        tracks.append(track)
        if (
            lever is not None
            and track.posterior_mean is not None
            and track.posterior_sd is not None
        ):
            posterior[lever] = (track.posterior_mean, track.posterior_sd**2)
            observed[lever] = {p.period: p.uplift for p in track.points}
    adoption = [a for a in actuals if a.kpi == "adoption"]
    adoption_alerts = [
        Alert("adoption", a.period) for a in adoption if a.value < frames[a.period].adoption - 1e-12
    ]
    by_cat: dict[str, float] = {}
    by_year: dict[int, float] = {}
    for s in spend:
        by_cat[s.category] = by_cat.get(s.category, 0.0) + s.amount
        y = spend_year(s.period, kind, baseline)
        by_year[y] = by_year.get(y, 0.0) + s.amount
    last_end = max((f.end for f in frames.values()), default=None)
    spend_ends = [next_period(period_start(s.period, kind), kind) for s in spend]
    if spend_ends:
        last_end = max([*spend_ends, *([last_end] if last_end else [])])
    closed = _closed_years(baseline.decision_date, last_end, len(forecast.benefits))
    ref = _reforecast(
        forecast, priors, posterior, observed, frames, money_per_unit, closed, by_year, ppy
    )
    return Realisation(
        tracks=tracks,
        adoption_alerts=adoption_alerts,
        spend_by_category=by_cat,
        spend_by_year=by_year,
        realised_benefit=sum(t.realised_money for t in tracks),
        reforecast=ref,
    )


def spend_year(label: str, kind: PeriodKind, baseline: Baseline) -> int:
    """The forecast year a period's spend falls in: ``⌊years from the decision to its start⌋``
    (project work in ``[y, y + 1)`` is paid at point y, docs/finance.md)."""
    return whole_years(baseline.decision_date, period_start(label, kind))


def _closed_years(decision: dt.date, last_end: dt.date | None, n_years: int) -> set[int]:
    """Years 1 .. H that ended by the end of the last reported period."""
    if last_end is None:
        return set()
    return {t for t in range(1, n_years) if anniversary(decision, t) <= last_end}


def _track(
    kpi: str,
    base: float,
    trend: float,
    baseline: Baseline,
    rows: list[KpiActual],
    frames: dict[str, PeriodFrame],
    prior: UpliftPrior | None,
    ppy: int,
    noise: float,
    w: float,
) -> KpiTrack:
    per_period = base / ppy if kpi in FLOW_KPIS else base
    qs = prior.quantiles((0.1, 0.5, 0.9)) if prior is not None else None
    points: list[KpiPoint] = []
    fan: list[tuple[str, float, float, float]] = []
    run = 0
    alert: Alert | None = None
    for r in rows:
        f = frames[r.period]
        cf_trend = per_period * (1.0 + trend) ** years_between(baseline.as_of, f.middle)
        u_base = uplift_of(kpi, r.value, per_period)
        u_trend = uplift_of(kpi, r.value, cf_trend)
        u_ctrl = uplift_of(kpi, r.value, r.control) if r.control is not None else None
        y = u_ctrl if u_ctrl is not None else u_trend
        cf = r.control if r.control is not None else cf_trend
        expected: tuple[float, ...] = ()
        pct = var = var_money = None
        below = False
        if prior is not None and qs is not None:
            vals = np.sort(value_of(kpi, f.adoption * qs, cf))
            expected = (float(vals[0]), float(vals[1]), float(vals[2]))
            fan.append((r.period, *expected))
            pct = percentile_of(y, f.adoption, prior.draws)
            var = r.value - expected[1]
            var_money = (y - f.adoption * float(qs[1])) * w
            below = f.adoption > 0 and pct < 0.1
        run = run + 1 if below else 0
        if run >= ALERT_RUN and alert is None:
            alert = Alert(kpi, r.period)
        points.append(
            KpiPoint(
                r.period,
                f.adoption,
                r.value,
                cf,
                expected,
                y,
                u_base,
                u_trend,
                u_ctrl,
                pct,
                var,
                var_money,
                below,
            )
        )
    if prior is None:
        return KpiTrack(
            kpi,
            KPI_UNITS[kpi],
            None,
            base,
            per_period,
            points,
            fan,
            None,
            None,
            None,
            None,
            0.0,
            0.0,
            alert,
        )
    ys = np.array([p.uplift for p in points], dtype=np.float64)
    aa = np.array([p.adoption for p in points], dtype=np.float64)
    m1, v1 = conjugate_update(prior.mean, prior.var, ys, aa, noise)
    return KpiTrack(
        kpi=kpi,
        unit=KPI_UNITS[kpi],
        lever=prior.lever,
        baseline=base,
        per_period_baseline=per_period,
        points=points,
        fan=fan,
        prior_mean=prior.mean,
        prior_sd=math.sqrt(prior.var),
        posterior_mean=m1,
        posterior_sd=math.sqrt(v1),
        money_per_unit=w,
        realised_money=float(w * ys[aa > 0].sum() / ppy) if ys.size else 0.0,
        alert=alert,
    )


def _reforecast(
    forecast: ForecastFlows,
    priors: dict[str, UpliftPrior],
    posterior: dict[str, tuple[float, float]],
    observed: dict[str, dict[str, float]],
    frames: dict[str, PeriodFrame],
    w: dict[str, float],
    closed: set[int],
    spend_by_year: dict[int, float],
    ppy: int,
) -> Reforecast:
    levers = [lv for lv in priors if w.get(lv, 0.0) != 0.0]
    m0 = {lv: priors[lv].mean for lv in levers}
    v0 = {lv: priors[lv].var for lv in levers}
    m1 = {lv: posterior.get(lv, (m0[lv], v0[lv]))[0] for lv in levers}
    v1 = {lv: posterior.get(lv, (m0[lv], v0[lv]))[1] for lv in levers}
    expected_level = sum(w[lv] * m0[lv] for lv in levers)
    ratio = sum(w[lv] * m1[lv] for lv in levers) / expected_level if expected_level else 1.0
    years: list[ReforecastYear] = []
    npv = 0.0
    s_all = s_rem = 0.0
    for t, (b, c) in enumerate(forecast.flows):
        d = forecast.discount(t)
        s_all += b * d
        if t in closed:
            realised = expected = 0.0
            for f in frames.values():
                if f.year != t or f.adoption <= 0:
                    continue
                for lv in levers:
                    y = observed.get(lv, {}).get(f.label, f.adoption * m1[lv])
                    realised += w[lv] * y / ppy
                    expected += w[lv] * f.adoption * m0[lv] / ppy
            b_new = b * realised / expected if expected else 0.0
            c_new = spend_by_year.get(t, c)
        else:
            b_new, c_new = b * ratio, c
            s_rem += b * d
        years.append(ReforecastYear(t, b, b_new, c, c_new, t in closed))
        npv += (b_new - c_new) * d
    spread = math.sqrt(sum(w[lv] ** 2 * v1[lv] for lv in levers))
    spread0 = math.sqrt(sum(w[lv] ** 2 * v0[lv] for lv in levers))
    sd = s_rem * spread / expected_level if expected_level else 0.0
    sd0 = s_all * spread0 / expected_level if expected_level else 0.0
    npv0 = forecast.npv
    return Reforecast(
        npv_forecast=npv0,
        npv=npv,
        forecast_p10=npv0 - Z90 * sd0,
        forecast_p90=npv0 + Z90 * sd0,
        p10=npv - Z90 * sd,
        p90=npv + Z90 * sd,
        benefit_ratio=ratio,
        years=years,
    )
