"""Benefits realisation: the forecast's KPI paths, where actuals sit in them, the lever uplifts
updated from the evidence, and the NPV re-forecast (docs/realisation.md).

Notation. A lever's *effective uplift* at full adoption is the engine's (issue 15):
``θ = w · a · u · o``, the option's share ``w`` of the lever (licensed coverage × fit), the
attribution ``a``, the benchmark uplift ``u`` and the project's outcome factor ``o`` (1 for
a full success, uniform in the partial or failure range otherwise, the option's outcome
model after strategy and committee judgement). In a period ``p`` whose middle lies in year
``k`` after go-live the forecast expects the uplift ``a_p · θ`` with ``a_p`` the option's
adoption ramp of year ``k`` (the committee's ramp, fading by the decay after its plateau;
0 before go-live). Go-live is the actual date where entered, else the forecast's median. A KPI's uplift is
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

**Re-forecast** (:mod:`finance.reforecast`): the decision's Monte Carlo re-run for the chosen
option, trial for trial, with the go-live fixed to the actual, each lever's uplift moved to its
posterior, the years ended by the last reported period fixed to the realised benefit (the
year's expected benefit times realised / expected money of its KPIs) and every year's cost moved
by the reported spend minus the forecast's amount for it (:func:`planned_spend`: project work
spread evenly from the decision to the forecast's go-live, paid in the year its period starts;
other categories their year's amount pro rata, in the year that collects them).
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
    period_label,
    period_start,
)
from finance.cashflow import PROJECT
from finance.reforecast import (
    Evidence,
    ForecastFlows,
    LeverEvidence,
    OptionRun,
    Reforecast,
    Schedule,
    SpendVariance,
    reforecast,
)
from finance.risk import OutcomeModel, outcome_value
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
DAYS_PER_YEAR = 365.25
ALERT_RUN = 2  # periods below P10 in a row that raise an alert


@dataclass(frozen=True)
class UpliftPrior:
    """The forecast's effective uplift ``θ = K · a · u · o`` of one lever, as draws (``scale``
    is ``K``, the option's share of the lever times its unit)."""

    lever: str
    draws: Array = field(repr=False)
    scale: float = 1.0

    @property
    def mean(self) -> float:
        return float(self.draws.mean())

    @property
    def var(self) -> float:
        return float(self.draws.var())

    def quantiles(self, qs: tuple[float, ...]) -> Array:
        return np.quantile(self.draws, qs)


def outcome_draws(outcome: OutcomeModel, rng: np.random.Generator, n: int) -> Array:
    """``n`` draws of the project's outcome factor ``o`` (:func:`finance.risk.outcome_value`):
    one project, so every lever's prior shares them, as every lever of a trial does in the
    engine."""
    o, _ = outcome_value(rng.random(n), outcome)
    return o


def uplift_prior(
    lever: str,
    uplift: Distribution,
    attribution: Distribution,
    share: float,
    o: Array,
    rng: np.random.Generator,
    *,
    scale: float = 1.0,
) -> UpliftPrior:
    """Draws of the effective uplift ``θ = w · s · a · u · o`` as the engine forms it
    (:func:`finance.benefits.lever_parts`, :func:`finance.benefits.option_benefit`): the
    option's share ``w`` of the lever (coverage × fit), the attribution ``a`` and the benchmark
    ``u`` (drawn here, independently), the outcome factor ``o`` (:func:`outcome_draws`, the
    same for every lever) and the KPI's unit ``s`` (``1/m`` for a margin uplift in points,
    the churn points per unit of a retention uplift)."""
    u = rng.random((2, o.size))
    theta = ppf(uplift, u[0]) * ppf(attribution, u[1]) * o
    return UpliftPrior(lever, theta * (share * scale), share * scale)


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
    label: str,
    kind: PeriodKind,
    baseline: Baseline,
    ramp: tuple[float, ...],
    go_live: dt.date | None = None,
) -> PeriodFrame:
    """The frame of a period label: ``a_p`` from the ramp (0 before go-live: ``go_live``, by
    default the baseline's) and the forecast year ``⌈years from the decision to the
    middle⌉`` (year y collects ``(y − 1, y]``)."""
    live = go_live or baseline.go_live
    start = period_start(label, kind)
    end = next_period(start, kind)
    mid = start + (end - start) / 2
    a = 0.0
    if live is not None and mid >= live:
        k = whole_years(live, mid)
        a = ramp[min(k, len(ramp) - 1)]
    year = max(0, math.ceil(years_between(baseline.decision_date, mid)))
    return PeriodFrame(label, start, end, a, year)


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiPoint:
    """One actual of a KPI against the forecast.

    ``expected`` holds the forecast's P10 / P50 / P90 of the KPI in the period (for adoption
    the ramp's assumption three times; empty for a KPI no lever moves); ``variance`` is actual − P50 (units of the KPI), ``variance_money``
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
class YearTarget:
    """The forecast's benefit of one year from the KPIs' targets: P10 / P50 / P90 and mean of
    ``Σ_l w_l θ_l · Σ_p a_p / periods per year`` over the periods of the year."""

    year: int
    p10: float
    p50: float
    p90: float
    mean: float


@dataclass(frozen=True)
class Realisation:
    """Everything the record shows: the KPI tracks, adoption against the ramp, spend, the
    realised benefit so far and the re-forecast."""

    tracks: list[KpiTrack]
    adoption_alerts: list[Alert]
    spend_by_category: dict[str, float]
    realised_benefit: float
    reforecast: Reforecast
    targets: list[YearTarget]

    @property
    def alerts(self) -> list[Alert]:
        return alerts_of(self.tracks, self.adoption_alerts)


def alerts_of(tracks: list[KpiTrack], adoption: list[Alert]) -> list[Alert]:
    """Every KPI alert (below P10 two periods running), then every adoption alert."""
    return [t.alert for t in tracks if t.alert] + adoption


@dataclass(frozen=True)
class Tracked:
    """The record read against the forecast, before the re-forecast: the KPI tracks, the
    adoption alerts, spend, the realised benefit, the targets and the evidence the
    re-forecast takes (:class:`finance.reforecast.Evidence`)."""

    tracks: list[KpiTrack]
    adoption_alerts: list[Alert]
    spend_by_category: dict[str, float]
    realised_benefit: float
    targets: list[YearTarget]
    evidence: Evidence

    @property
    def alerts(self) -> list[Alert]:
        return alerts_of(self.tracks, self.adoption_alerts)


def track_record(
    baseline: Baseline,
    actuals: list[KpiActual],
    spend: list[SpendActual],
    priors: dict[str, UpliftPrior],
    money_per_unit: dict[str, float],
    ramp: tuple[float, ...],
    forecast: ForecastFlows,
    noise: float,
) -> Tracked:
    """The record's analysis (the module's formulas). ``priors`` and ``money_per_unit`` are
    keyed by enabled lever; ``ramp`` is the option's adoption by year after go-live (its last
    value holds after); actuals are assumed valid (see ``services.realisation``)."""
    kind = baseline.period
    ppy = PERIODS_PER_YEAR[kind]
    planned = forecast.go_live_date(baseline.decision_date)
    live = baseline.go_live or planned
    frames = {a.period: period_frame(a.period, kind, baseline, ramp, live) for a in actuals}
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
    for s in spend:
        by_cat[s.category] = by_cat.get(s.category, 0.0) + s.amount
    ends = [f.end for f in frames.values()]
    ends += [next_period(period_start(s.period, kind), kind) for s in spend]
    last_end = max(ends, default=None)
    delay = 0.0  # no go-live entered: the forecast's own date
    live_years = years_between(baseline.decision_date, live)
    if baseline.go_live is not None:
        delay = live_years - forecast.go_live_years
    running = [years_between(baseline.decision_date, last_end)] if last_end else []
    if baseline.go_live is not None:
        running.append(live_years)
    levers = [lv for lv in priors if money_per_unit.get(lv, 0.0) != 0.0]
    moments = {lv: posterior.get(lv, (priors[lv].mean, priors[lv].var)) for lv in levers}
    evidence = Evidence(
        levers=tuple(
            LeverEvidence(lv, priors[lv].scale, priors[lv].mean, priors[lv].var, *moments[lv])
            for lv in levers
        ),
        schedule=Schedule(planned, live, baseline.go_live is not None, delay, live_years),
        running_until=max(running, default=None),
        closed=_closed_ratios(
            _closed_years(baseline.decision_date, last_end, len(forecast.benefits)),
            frames,
            observed,
            priors,
            moments,
            money_per_unit,
            ppy,
        ),
        spend_delta=(delta := _spend_variance(spend, kind, baseline, forecast)).by_year,
        spend=tuple(delta.variance),
        benefit_ratio=_ratio(
            sum(money_per_unit[lv] * moments[lv][0] for lv in levers),
            sum(money_per_unit[lv] * priors[lv].mean for lv in levers),
        ),
    )
    return Tracked(
        tracks=tracks,
        adoption_alerts=adoption_alerts,
        spend_by_category=by_cat,
        realised_benefit=sum(t.realised_money for t in tracks),
        targets=year_targets(baseline, priors, money_per_unit, ramp, live, len(forecast.benefits)),
        evidence=evidence,
    )


def realise(tracked: Tracked, sim: OptionRun, forecast: ForecastFlows) -> Realisation:
    """The record's analysis with the re-forecast (:func:`finance.reforecast.reforecast`)."""
    return Realisation(
        tracks=tracked.tracks,
        adoption_alerts=tracked.adoption_alerts,
        spend_by_category=tracked.spend_by_category,
        realised_benefit=tracked.realised_benefit,
        reforecast=reforecast(sim, tracked.evidence, forecast),
        targets=tracked.targets,
    )


def _ratio(a: float, b: float) -> float:
    return a / b if b else 1.0


def _closed_ratios(
    closed: set[int],
    frames: dict[str, PeriodFrame],
    observed: dict[str, dict[str, float]],
    priors: dict[str, UpliftPrior],
    moments: dict[str, tuple[float, float]],
    w: dict[str, float],
    ppy: int,
) -> dict[int, float | None]:
    """Each closed year's realised ÷ expected money of the levers over its live periods with
    actuals (a lever without an actual in a period counts its posterior mean); None for a
    year without such a period (its benefit stays the re-forecast's)."""
    out: dict[int, float | None] = {}
    for t in sorted(closed):
        realised = expected = 0.0
        for f in frames.values():
            if f.year != t or f.adoption <= 0:
                continue
            for lv, (m1, _) in moments.items():
                y = observed.get(lv, {}).get(f.label, f.adoption * m1)
                realised += w[lv] * y / ppy
                expected += w[lv] * f.adoption * priors[lv].mean / ppy
        out[t] = realised / expected if expected else None
    return out


def year_targets(
    baseline: Baseline,
    priors: dict[str, UpliftPrior],
    money_per_unit: dict[str, float],
    ramp: tuple[float, ...],
    go_live: dt.date,
    n_years: int,
) -> list[YearTarget]:
    """The KPIs' targets summed to money by forecast year (:class:`YearTarget`): every period
    from the decision over the horizon, its adoption from the ramp after ``go_live``."""
    kind = baseline.period
    ppy = PERIODS_PER_YEAR[kind]
    adoption = np.zeros(n_years)
    start = period_start(period_label(baseline.decision_date, kind), kind)
    end = anniversary(baseline.decision_date, n_years - 1)
    while start < end:
        f = period_frame(period_label(start, kind), kind, baseline, ramp, go_live)
        if f.year < n_years:
            adoption[f.year] += f.adoption / ppy
        start = f.end
    levers = [lv for lv in priors if money_per_unit.get(lv, 0.0)]
    level = sum((money_per_unit[lv] * priors[lv].draws for lv in levers), np.zeros(1))
    q = np.quantile(level, (0.1, 0.5, 0.9))
    mean = float(level.mean())
    return [
        YearTarget(t, float(q[0] * a), float(q[1] * a), float(q[2] * a), mean * a)
        for t, a in enumerate(adoption.tolist())
    ]


#: the project's own work: the forecast spends it evenly from the decision to its median
#: go-live (the model pays the work of ``[y, y + 1)`` at point y, docs/finance.md); the other
#: categories are yearly amounts (running costs, hypercare, exit)
PROJECT_WORK = frozenset(PROJECT)


def cost_year(label: str, kind: PeriodKind, baseline: Baseline, category: str) -> int:
    """The forecast year a period's spend on ``category`` belongs to: project work in the year
    its period starts (paid at the start of the project year), the rest in the year
    ``(y − 1, y]`` that collects the period's middle."""
    if category in PROJECT_WORK:
        return spend_year(label, kind, baseline)
    start = period_start(label, kind)
    mid = start + (next_period(start, kind) - start) / 2
    return max(0, math.ceil(years_between(baseline.decision_date, mid)))


def planned_spend(
    label: str, kind: PeriodKind, baseline: Baseline, category: str, forecast: ForecastFlows
) -> float:
    """The forecast's spend on ``category`` in one period: project work, its total spread
    evenly over the days from the decision to the forecast's median go-live (all of it in the
    decision's period when that is the same day); another category, its year's amount pro
    rata (``c_y / periods per year``)."""
    row = forecast.cost_by_category.get(category, ())
    start = period_start(label, kind)
    end = next_period(start, kind)
    if category in PROJECT_WORK:
        begin = baseline.decision_date
        done = forecast.go_live_date(begin)
        days = (done - begin).days
        if days <= 0:
            return float(sum(row)) if start <= begin < end else 0.0
        overlap = (min(end, done) - max(start, begin)).days
        return float(sum(row)) * max(0, overlap) / days
    y = cost_year(label, kind, baseline, category)
    return row[y] / PERIODS_PER_YEAR[kind] if y < len(row) else 0.0


@dataclass(frozen=True)
class _SpendDelta:
    variance: list[SpendVariance]
    by_year: dict[int, float]  # actual − forecast, by forecast year


def _spend_variance(
    spend: list[SpendActual], kind: PeriodKind, baseline: Baseline, forecast: ForecastFlows
) -> _SpendDelta:
    """Each reported spend against the forecast's for its category and period
    (:func:`planned_spend`), the difference in the year the model pays it."""
    actual: dict[str, float] = {}
    planned: dict[str, float] = {}
    delta: dict[int, float] = {}
    n = len(forecast.costs)
    for s in spend:
        y = cost_year(s.period, kind, baseline, s.category)
        f = planned_spend(s.period, kind, baseline, s.category, forecast)
        actual[s.category] = actual.get(s.category, 0.0) + s.amount
        planned[s.category] = planned.get(s.category, 0.0) + f
        if y < n:
            delta[y] = delta.get(y, 0.0) + s.amount - f
    return _SpendDelta([SpendVariance(c, actual[c], planned[c]) for c in actual], delta)


def spend_year(label: str, kind: PeriodKind, baseline: Baseline) -> int:
    """The forecast year a period's spend falls in: ``⌊years from the decision to its start⌋``
    (project work in ``[y, y + 1)`` is paid at point y, docs/finance.md)."""
    return whole_years(baseline.decision_date, period_start(label, kind))


def _closed_years(decision: dt.date, last_end: dt.date | None, n_years: int) -> set[int]:
    """Years 1 .. H that ended by the end of the last reported period, and year 0 with them
    (its payments fell at the decision)."""
    if last_end is None:
        return set()
    done = {t for t in range(1, n_years) if anniversary(decision, t) <= last_end}
    return done | {0} if done else done


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
        if kpi == "adoption":  # the ramp's assumption, a single value
            expected = (f.adoption, f.adoption, f.adoption)
            fan.append((r.period, *expected))
            var = r.value - f.adoption
        elif prior is not None and qs is not None:
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
