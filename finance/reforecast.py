"""The NPV re-forecast after go-live: the decision's own Monte Carlo re-run for the chosen
option with the evidence of the realisation record (docs/finance.md, "Re-forecast").

The engine's draws are taken again, trial for trial (:func:`finance.engine.option_draws`: the
same shortlist, trials, seed and chunks), and the cash-flow kernel
(:func:`finance.cashflow.option_flows`) runs on them with three changes:

* **Go-live.** An actual go-live ``g`` (years from the decision) fixes every trial's project
  duration to ``g``: benefits start then, the project's spend spreads over it.
* **Levers.** Each lever's effective uplift ``θ = K · a · u · o`` (share and unit ``K``,
  attribution ``a``, benchmark ``u``, outcome factor ``o``, :func:`finance.realisation.
  uplift_prior`) is moved to the posterior of the normal–normal update by the affine map

      θ' = m₁ + sqrt(v₁ / v₀) · (θ − m₀),

  which gives θ' the posterior's mean ``m₁`` and variance ``v₁`` whatever the prior's shape (it
  is exactly the conjugate posterior when the prior is normal) and is the identity when no
  evidence moved the lever; the trial's benchmark becomes ``u' = u · θ'/θ``, its outcome,
  attribution and every other draw stay.
* **Closed years and survival.** A year ended by the last reported period is fixed: its
  benefit is the kernel's mean benefit of the year under the prior levers (and the actual
  go-live) times realised ÷ expected money of the KPIs (``closed``), its cost the mean cost of
  the year; every year's cost then moves by the reported spend minus the forecast's amount
  (``spend_delta``). Trials whose project is abandoned before the last reported period (or
  before the actual go-live) contradict the record and are dropped.

Open years keep each trial's simulated benefit and cost, so cost, schedule and outcome
uncertainty carry into P10 / P50 / P90 of the re-forecast NPV. What moved the mean NPV adds up
exactly: the go-live effect (prior levers, actual go-live, trials live at go-live, against
the forecast), the spend effect (``−Σ d_y Δ_y``) and the benefit effect (the rest: the
posterior levers, the realised years, the trials still running at the last report).
Memory: one chunk of the kernel at a time plus one NPV per trial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from crm_select.models.decision import ResolvedOption
from crm_select.models.scenario import Scenario
from finance import metrics
from finance.cashflow import option_flows
from finance.costs import OptionModel
from finance.engine import RunSettings, option_draws
from finance.result import OptionResult
from finance.risk import abandonment_time, outcome_value

Array = NDArray[np.float64]
QUANTILES = (0.1, 0.5, 0.9)


@dataclass(frozen=True)
class SpendVariance:
    """A cost category's spend in the reported periods against the forecast's amount for the
    same periods (``overrun``: actual ÷ forecast, None without a forecast amount)."""

    category: str
    actual: float
    forecast: float

    @property
    def overrun(self) -> float | None:
        return self.actual / self.forecast if self.forecast > 0 else None


@dataclass(frozen=True)
class ForecastFlows:
    """The chosen option's forecast by calendar year (means over trials): benefits, costs, the
    costs by category, the median years from the decision to go-live and P10 / P50 / P90 of
    its NPV."""

    benefits: tuple[float, ...]
    costs: tuple[float, ...]
    discount_rate: float
    npv_quantiles: tuple[float, float, float]
    go_live_years: float = 0.0
    cost_by_category: dict[str, tuple[float, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, option: OptionResult, discount_rate: float) -> ForecastFlows:
        """The forecast of one option's simulation result."""
        q = np.quantile(option.npv_samples, QUANTILES)
        return cls(
            benefits=tuple(option.benefits_by_year),
            costs=tuple(option.costs_by_year),
            discount_rate=discount_rate,
            npv_quantiles=(float(q[0]), float(q[1]), float(q[2])),
            go_live_years=float(option.go_live_years["p50"]),
            cost_by_category={c: tuple(v) for c, v in option.cash_by_category.items()},
        )

    def discount(self, t: int) -> float:
        return float((1.0 + self.discount_rate) ** -t)

    @property
    def npv(self) -> float:
        return sum((b - c) * self.discount(t) for t, (b, c) in enumerate(self.flows))

    @property
    def flows(self) -> list[tuple[float, float]]:
        return list(zip(self.benefits, self.costs, strict=True))

    def go_live_date(self, decision: dt.date) -> dt.date:
        """The forecast's median go-live as a date."""
        return decision + dt.timedelta(days=round(self.go_live_years * 365.25))


@dataclass(frozen=True)
class LeverEvidence:
    """One lever's effective uplift before (``m0``, ``v0``) and after (``m1``, ``v1``) the
    update; ``scale`` is ``K`` in ``θ = K · a · u · o``."""

    lever: str
    scale: float
    m0: float
    v0: float
    m1: float
    v1: float

    @property
    def moved(self) -> bool:
        return self.v0 > 0 and (self.m1 != self.m0 or self.v1 != self.v0)

    def benchmark(self, u: Array, a: Array | float, o: Array) -> Array:
        """The benchmark draws ``u'`` that give the posterior uplift (module docstring)."""
        theta = (self.scale * a) * u * o
        moved = self.m1 + np.sqrt(self.v1 / self.v0) * (theta - self.m0)
        ratio = np.divide(moved, theta, out=np.ones_like(theta), where=theta != 0)
        return u * ratio


@dataclass(frozen=True)
class Schedule:
    """The forecast's median go-live and the one the re-forecast uses (the actual when
    entered), ``delay`` years apart."""

    planned: dt.date
    live: dt.date
    actual: bool
    delay: float
    live_years: float


@dataclass(frozen=True)
class Evidence:
    """What the record says, in the model's terms (module docstring)."""

    levers: tuple[LeverEvidence, ...]
    schedule: Schedule
    running_until: float | None
    closed: Mapping[int, float | None]
    spend_delta: Mapping[int, float]
    spend: tuple[SpendVariance, ...]
    benefit_ratio: float


@dataclass(frozen=True)
class OptionRun:
    """The decision's simulation of the chosen option: the scenario, its shortlist, the option
    and the run's settings (trials, seed, chunks)."""

    scenario: Scenario
    resolved: tuple[ResolvedOption, ...]
    option_id: str
    run: RunSettings


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
    """Mean and P10 / P50 / P90 of the forecast's and the re-forecast's NPV, by year, and what
    moved the mean: the go-live date (``delay_years`` after the forecast's median;
    ``schedule_effect``), the spend (``cost_effect``) and the evidence on the benefits
    (``benefit_effect``); the three add up to ``npv − npv_forecast``. ``trials`` counts the
    trials consistent with the record."""

    npv_forecast: float
    npv: float
    forecast_p10: float
    forecast_p50: float
    forecast_p90: float
    p10: float
    p50: float
    p90: float
    benefit_ratio: float
    years: list[ReforecastYear]
    go_live_forecast: dt.date
    go_live: dt.date
    go_live_actual: bool
    delay_years: float
    schedule_effect: float
    cost_effect: float
    benefit_effect: float
    spend: list[SpendVariance]
    trials: int
    npv_samples: Array = field(repr=False, compare=False)


def _with_go_live(om: OptionModel, x: dict[str, Array], years: float) -> dict[str, Array]:
    """The draws with every trial's project lasting ``years`` (``dur = weeks · k / 52 · s``)."""
    n = x["outcome"].shape[0]
    weeks = years * 52.0 / om.duration_multiplier
    return x | {"duration_weeks": np.full(n, weeks), "schedule_overrun": np.ones(n)}


def _with_posterior(
    x: dict[str, Array], o: Array, levers: tuple[LeverEvidence, ...]
) -> dict[str, Array]:
    moved = {}
    for lv in levers:
        if lv.moved:
            u = x[f"lever.{lv.lever}"]
            moved[f"lever.{lv.lever}"] = lv.benchmark(u, x.get(f"attribution.{lv.lever}", 1.0), o)
    return x | moved if moved else x


def reforecast(sim: OptionRun, ev: Evidence, forecast: ForecastFlows) -> Reforecast:
    """The re-forecast of the chosen option from the record's evidence (module docstring)."""
    om, cm, chunks = option_draws(sim.scenario, list(sim.resolved), sim.option_id, sim.run)
    n_years = cm.horizon + 1
    disc = metrics.discount_factors(cm.discount_rate, n_years)
    closed = np.zeros(n_years, dtype=bool)
    closed[[y for y in ev.closed if y < n_years]] = True
    open_disc = np.where(closed, 0.0, disc)
    live = ev.schedule.live_years if ev.schedule.actual else None
    need_prior = live is not None or any(r is not None for r in ev.closed.values())
    n = sim.run.trials
    npv_open = np.empty(n)
    alive = np.ones(n, dtype=bool)
    ben, cost, prior_ben = np.zeros(n_years), np.zeros(n_years), np.zeros(n_years)
    sched_sum, sched_n = 0.0, 0
    for sl, drawn in chunks:
        x = _with_go_live(om, drawn, live) if live is not None else drawn
        o, failure = outcome_value(x["outcome"], om.outcome)
        post = _with_posterior(x, o, ev.levers)
        f = option_flows(om, cm, post)
        t_end = abandonment_time(x["abandonment"], failure, f.go_live, om.outcome)
        keep = t_end >= ev.running_until if ev.running_until is not None else alive[sl]
        alive[sl] = keep
        np.einsum("y,yt->t", open_disc, f.benefit - f.cost, out=npv_open[sl])
        ben += f.benefit[:, keep].sum(axis=1)
        cost += f.cost[:, keep].sum(axis=1)
        if need_prior:
            p = f if post is x else option_flows(om, cm, x)
            prior_ben += p.benefit[:, keep].sum(axis=1)
            at_live = t_end >= live if live is not None else np.ones(t_end.shape, dtype=bool)
            sched_sum += float(np.einsum("y,yt->t", disc, p.benefit - p.cost)[at_live].sum())
            sched_n += int(np.count_nonzero(at_live))
    k = int(np.count_nonzero(alive))
    mean_b, mean_c, prior_b = ben / k, cost / k, prior_ben / k
    delta = np.zeros(n_years)
    for y, d in ev.spend_delta.items():
        if y < n_years:
            delta[y] = d
    years = []
    for t in range(n_years):
        ratio = ev.closed.get(t) if closed[t] else None
        b = ratio * prior_b[t] if ratio is not None else mean_b[t]
        years.append(
            ReforecastYear(
                t,
                forecast.benefits[t],
                float(b),
                forecast.costs[t],
                float(mean_c[t] + delta[t]),
                bool(closed[t]),
            )
        )
    fixed = sum(
        disc[t] * (y.benefit - mean_c[t]) for t, y in enumerate(years) if closed[t]
    ) - float(disc @ delta)
    samples = npv_open[alive] + fixed
    q = np.quantile(samples, QUANTILES)
    npv = float(samples.mean())
    npv0 = forecast.npv
    schedule_effect = sched_sum / sched_n - npv0 if live is not None else 0.0
    cost_effect = -float(disc @ delta)
    f10, f50, f90 = forecast.npv_quantiles
    return Reforecast(
        npv_forecast=npv0,
        npv=npv,
        forecast_p10=f10,
        forecast_p50=f50,
        forecast_p90=f90,
        p10=float(q[0]),
        p50=float(q[1]),
        p90=float(q[2]),
        benefit_ratio=ev.benefit_ratio,
        years=years,
        go_live_forecast=ev.schedule.planned,
        go_live=ev.schedule.live,
        go_live_actual=ev.schedule.actual,
        delay_years=ev.schedule.delay,
        schedule_effect=schedule_effect,
        cost_effect=cost_effect,
        benefit_effect=npv - npv0 - schedule_effect - cost_effect,
        spend=list(ev.spend),
        trials=k,
        npv_samples=samples,
    )
