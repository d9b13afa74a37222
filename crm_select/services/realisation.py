"""Benefits realisation after go-live (docs/realisation.md): the baseline from the company
profile, and the chosen option's forecast confronted with the actuals.

The forecast is the decision's own simulation (:func:`services.simulation.simulate`, same
trials and seed): its yearly benefits and costs, its outcome shares; the lever uplifts come
from the scenario's lever distributions. :func:`analyse` is the one use case the page, the CLI
and the report call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import ValidationError

from crm_select.locales import Lang
from crm_select.models.base import Strict
from crm_select.models.errors import InputError
from crm_select.models.loader import load_catalog
from crm_select.models.problems import problems_from
from crm_select.models.realisation import (
    Baseline,
    BaselineKpi,
    PeriodKind,
    RealisationRecord,
    RealisationSettings,
)
from crm_select.models.scenario import Scenario
from crm_select.models.text import Key, Name
from crm_select.models.yaml_source import read_document
from crm_select.services.decision import OpenDecision, open_decision
from crm_select.services.ranking import rank
from crm_select.services.realisation_upload import (
    Upload,
    check_rows,
    next_label,
    parse_actuals,
    template_csv,
)
from crm_select.services.simulation import simulate
from crm_select.store.api import (
    Actor,
    Database,
    InvalidInput,
    add_actuals,
    invite_owner,
    load_scenario,
    may_enter_actuals,
    owners,
    realisation_record,
    save_baseline,
)
from finance.benefits import CompanyModel, company_model
from finance.cashflow import decayed_ramp
from finance.costs import OptionModel, option_model
from finance.engine import RunSettings
from finance.realisation import (
    LEVER_KPI,
    Realisation,
    UpliftPrior,
    outcome_draws,
    realise,
    track_record,
    uplift_prior,
    years_between,
)
from finance.reforecast import ForecastFlows, OptionRun, Reforecast
from finance.result import OptionResult

__all__ = [
    "Lessons",
    "Realisation",
    "RealisationSettings",
    "Upload",
    "WorkspaceRealisation",
    "adoption_ramp",
    "analyse",
    "analyse_forecast",
    "chosen_option",
    "default_baseline",
    "enter",
    "forecast_model",
    "invite_owner",
    "lessons",
    "may_enter",
    "money_per_unit",
    "next_label",
    "owners",
    "priors",
    "read_lessons",
    "record",
    "reforecast_summary",
    "save_baseline",
    "start",
    "template",
    "template_of",
    "upload",
    "workspace_analysis",
    "workspace_decision",
]

PRIOR_DRAWS = 20_000
"""Draws of each lever's effective uplift (the percentiles' sampling error is then about
0.3 percentile points)."""


def default_baseline(
    scenario: Scenario,
    option_id: str,
    decision_date: dt.date,
    *,
    go_live: dt.date | None = None,
    period: PeriodKind = PeriodKind.QUARTER,
) -> Baseline:
    """The baseline KPIs the company profile already states (sources say so); the user edits
    them and adds what the profile does not know (records entered per user and week)."""
    c = scenario.company
    new_business = c.annual_revenue * (1.0 - c.existing_customer_share)
    note = "company profile"
    values = {
        "revenue_by_reps": new_business,
        "sales_per_rep": new_business / c.sales_reps if c.sales_reps else 0.0,
        "win_rate": c.win_rate,
        "average_deal": c.average_deal,
        "gross_margin": c.gross_margin,
        "churn": c.churn,
        "cross_sell_revenue": c.cross_sell_revenue,
        "admin_cost": c.admin_costs,
        "adoption": 0.0,
    }
    return Baseline(
        option_id=option_id,
        decision_date=decision_date,
        as_of=decision_date,
        go_live=go_live,
        period=period,
        kpis=[BaselineKpi(kpi=k, value=v, source=note) for k, v in values.items()],
    )


def forecast_model(decision: OpenDecision, option_id: str) -> tuple[OptionModel, CompanyModel]:
    """The engine's model of the chosen option and of the company (:func:`finance.costs.
    option_model`, :func:`finance.benefits.company_model`): lever shares (coverage × fit),
    the committee's adoption ramp and outcome model, the benefit bases. ``KeyError`` when the
    option left the shortlist."""
    ro = next((r for r in decision.resolved if r.id == option_id), None)
    if ro is None:
        raise KeyError(option_id)
    return option_model(decision.scenario, ro), company_model(decision.scenario)


def money_per_unit(cm: CompanyModel) -> dict[str, float]:
    """Money a year per unit of each enabled lever's effective uplift, on the engine's bases
    (first order; the module docstring of :mod:`finance.realisation`)."""
    m = cm.gross_margin
    w = {
        "sales_per_rep": cm.revenue_new * m,
        "win_rate": cm.revenue_deals_new * m,
        "cross_sales": cm.revenue_cross * m,
        "retention": cm.revenue_existing * m,
        "margin": cm.revenue * m,
        "admin": cm.admin_costs * cm.inputs["productivity_factor"].mean,
    }
    return {k: v for k, v in w.items() if k in cm.enabled}


def priors(
    scenario: Scenario, om: OptionModel, cm: CompanyModel, seed: int
) -> dict[str, UpliftPrior]:
    """Each enabled lever's effective uplift as the engine forms it for the option (its share,
    the attribution, the outcome model; a margin uplift in points read relative to the
    margin, a retention uplift in churn points)."""
    m = cm.gross_margin
    unit = {
        "margin": 1.0 / m if cm.margin_points and m > 0 else 1.0,
        "retention": cm.churn_per_uplift,
    }
    rng = np.random.default_rng(seed)
    o = outcome_draws(om.outcome, rng, PRIOR_DRAWS)
    levers = scenario.finance.benefits.levers
    return {
        name: uplift_prior(
            name,
            getattr(levers, name).uplift,
            getattr(levers, name).attribution,
            om.lever_share[name] * om.uplift_scale,
            o,
            rng,
            scale=unit.get(name, 1.0),
        )
        for name in LEVER_KPI
        if name in cm.enabled
    }


def adoption_ramp(om: OptionModel, cm: CompanyModel) -> tuple[float, ...]:
    """The option's adoption by year after go-live: the committee's ramp, then its plateau
    fading by the benefits' decay (:func:`finance.cashflow.decayed_ramp`)."""
    return tuple(decayed_ramp(np.asarray(om.adoption_ramp), cm.decay, cm.horizon).tolist())


def _seed(decision: OpenDecision, seed: int | None) -> int:
    return seed if seed is not None else decision.scenario.finance.simulation.seed


def analyse(
    decision: OpenDecision,
    record: RealisationRecord,
    *,
    trials: int | None = None,
    seed: int | None = None,
) -> Realisation:
    """The record against the chosen option's forecast (the decision's simulation with its
    trials and seed unless given). Raises ``KeyError`` when the option left the shortlist."""
    result = simulate(decision, trials=trials, seed=_seed(decision, seed))
    return analyse_forecast(
        decision, record, result.option(record.baseline.option_id), _seed(decision, seed)
    )


def analyse_forecast(
    decision: OpenDecision, record: RealisationRecord, option: OptionResult, seed: int
) -> Realisation:
    """The record against a forecast already simulated (``option``: the chosen option's
    result, ``seed`` the run's): the report's section uses the report's own simulation. The
    re-forecast re-runs that simulation's trials for the option (:mod:`finance.reforecast`)."""
    om, cm = forecast_model(decision, record.baseline.option_id)
    flows = ForecastFlows.of(option, cm.discount_rate)
    tracked = track_record(
        record.baseline,
        record.actuals,
        record.spend,
        priors(decision.scenario, om, cm, seed),
        money_per_unit(cm),
        adoption_ramp(om, cm),
        flows,
        record.settings.observation_noise,
    )
    run = RunSettings.of(
        decision.scenario, trials=option.npv_samples.size, seed=seed, sensitivity=False
    )
    sim = OptionRun(decision.scenario, tuple(decision.resolved), record.baseline.option_id, run)
    return realise(tracked, sim, flows)


# --- the record in the workspace's database (pages and the CLI) ---------------------------


def may_enter(actor: Actor) -> bool:
    """The facilitator, the operator and project owners enter actuals; raters read."""
    return may_enter_actuals(actor)


def record(db: Database, actor: Actor) -> RealisationRecord | None:
    """The workspace's record (None before a baseline was recorded)."""
    return realisation_record(db, actor)


def chosen_option(scenario: Scenario) -> str:
    """The option the decision chose: the winner of its ranking with its own settings."""
    return rank(open_decision(scenario, load_catalog())).winner


def start(
    db: Database,
    actor: Actor,
    decision_date: dt.date,
    *,
    go_live: dt.date | None = None,
    period: PeriodKind = PeriodKind.QUARTER,
    option_id: str | None = None,
) -> RealisationRecord:
    """Record the baseline from the company profile of the workspace's current scenario
    (``option_id``: the chosen option, by default the ranking's winner)."""
    scenario = load_scenario(db, actor)
    option = option_id or chosen_option(scenario)
    if option not in {o.option_id for o in scenario.options}:
        raise InvalidInput(f"option {option!r} is not on the shortlist")
    base = default_baseline(scenario, option, decision_date, go_live=go_live, period=period)
    save_baseline(db, actor, base)
    rec = realisation_record(db, actor)
    assert rec is not None  # just written
    return rec


def _stored(db: Database, actor: Actor) -> RealisationRecord:
    rec = realisation_record(db, actor)
    if rec is None:
        raise InvalidInput("record the baseline before entering actuals")
    return rec


def enter(
    db: Database,
    actor: Actor,
    name: str,
    rows: list[tuple[int, dict[str, str]]],
    lang: Lang,
) -> Upload:
    """Store a form's rows (the upload's columns, as text, numbers as ``lang`` writes them)
    after the upload's checks; InputError naming ``name``, the row and the field in ``lang``,
    and nothing stored, on any problem."""
    checked = check_rows(name, rows, _stored(db, actor), lang=lang)
    add_actuals(db, actor, checked.actuals, checked.spend)
    return checked


def upload(db: Database, actor: Actor, name: str, data: bytes) -> Upload:
    """Store the actuals of a CSV or Excel file, all of them or none (InputError lists every
    problem as ``file:line: field: message``)."""
    checked = parse_actuals(name, data, _stored(db, actor))
    add_actuals(db, actor, checked.actuals, checked.spend)
    return checked


def template(db: Database, actor: Actor) -> str:
    """The CSV template for the workspace's next period."""
    return template_csv(_stored(db, actor))


@dataclass(frozen=True)
class WorkspaceRealisation:
    """A workspace's record analysed against its decision's forecast."""

    decision: OpenDecision
    record: RealisationRecord
    analysis: Realisation
    forecast: OptionResult

    @property
    def currency(self) -> str:
        return self.decision.scenario.currency.value


def workspace_decision(db: Database, actor: Actor) -> OpenDecision:
    """The workspace's current scenario opened against the bundled catalog."""
    return open_decision(load_scenario(db, actor), load_catalog())


def workspace_analysis(
    db: Database, actor: Actor, *, trials: int | None = None, seed: int | None = None
) -> WorkspaceRealisation:
    """The workspace's record against the forecast of its current scenario."""
    rec = _stored(db, actor)
    decision = workspace_decision(db, actor)
    result = simulate(decision, trials=trials, seed=_seed(decision, seed))
    option = result.option(rec.baseline.option_id)
    return WorkspaceRealisation(
        decision, rec, analyse_forecast(decision, rec, option, _seed(decision, seed)), option
    )


def reforecast_summary(ref: Reforecast) -> dict[str, float | int]:
    """The re-forecast's figures by name (``crm-select realisation show --json``)."""
    return {
        "npv_forecast": ref.npv_forecast,
        "npv": ref.npv,
        "p10": ref.p10,
        "p50": ref.p50,
        "p90": ref.p90,
        "forecast_p10": ref.forecast_p10,
        "forecast_p50": ref.forecast_p50,
        "forecast_p90": ref.forecast_p90,
        "schedule_effect": ref.schedule_effect,
        "cost_effect": ref.cost_effect,
        "benefit_effect": ref.benefit_effect,
        "trials": ref.trials,
    }


# --- the record for the next decision -----------------------------------------------------


class LeverLesson(Strict):
    """What one lever delivered: the forecast's effective uplift at full adoption, the mean
    measured one (each period's uplift ÷ its assumed adoption) and the updated estimate."""

    lever: Key
    kpi: Key
    periods: int
    forecast_mean: float
    forecast_sd: float
    measured_mean: float | None
    updated_mean: float
    updated_sd: float


class AdoptionLesson(Strict):
    period: Key
    actual: float
    assumed: float


class Lessons(Strict):
    """``crm-select realisation export``: one project's realised uplifts, overruns and adoption,
    in a form the catalog's defaults and the benefit levers can be calibrated from
    (docs/realisation.md, "The record for the next decision")."""

    format: Literal["crm-select/realisation-lessons"] = "crm-select/realisation-lessons"
    version: Literal[2] = 2
    scenario: Name
    currency: Key
    option_id: Key
    catalog_id: Key
    delivery_type: Key
    strategy: Key
    users: int
    decision_date: dt.date
    go_live: dt.date | None
    go_live_forecast_years_p50: float
    go_live_actual_years: float | None
    schedule_overrun: float | None
    spend_by_category: dict[Key, float]
    spend_forecast_by_category: dict[Key, float]
    spend_reported: float
    cost_forecast_reported: float
    cost_overrun: float | None
    npv_schedule_effect: float | None
    npv_cost_effect: float | None
    adoption: list[AdoptionLesson]
    levers: list[LeverLesson]
    realised_benefit: float
    npv_forecast: float
    npv_reforecast: float
    npv_reforecast_p10: float | None
    npv_reforecast_p50: float | None
    npv_reforecast_p90: float | None


def read_lessons(path: str | Path) -> Lessons:
    """A lessons file of either version (docs/realisation.md). Version 1 had two shapes: the
    first's ``spend_closed_years`` / ``cost_forecast_closed_years`` are read as
    ``spend_reported`` / ``cost_forecast_reported``; what a version-1 file does not hold (the
    forecast spend by category, the NPV effects, the re-forecast's percentiles) is null.
    InputError naming the file, line and field of every problem."""
    data, lines = read_document(path)
    try:
        return Lessons.model_validate(_lessons_v2(data))
    except ValidationError as e:
        raise InputError(problems_from(e, data, lines, str(path))) from None


def _lessons_v2(data: object) -> object:
    if not isinstance(data, dict) or data.get("version") != 1:
        return data
    new = dict(data) | {"version": 2}
    if "spend_closed_years" in new:
        new["spend_reported"] = new.pop("spend_closed_years")
    if "cost_forecast_closed_years" in new:
        new["cost_forecast_reported"] = new.pop("cost_forecast_closed_years")
    new.setdefault("spend_forecast_by_category", {})
    for name in (
        "npv_schedule_effect",
        "npv_cost_effect",
        "npv_reforecast_p10",
        "npv_reforecast_p50",
        "npv_reforecast_p90",
    ):
        new.setdefault(name, None)
    return new


def lessons(wr: WorkspaceRealisation) -> Lessons:
    """The record for the next decision (ratios are actual ÷ forecast: above 1 an overrun)."""
    base, r, o = wr.record.baseline, wr.analysis, wr.forecast
    resolved = next(x for x in wr.decision.resolved if x.id == base.option_id)
    planned = float(o.go_live_years["p50"])
    actual = years_between(base.decision_date, base.go_live) if base.go_live else None
    spent = sum(v.actual for v in r.reforecast.spend)
    forecast_cost = sum(v.forecast for v in r.reforecast.spend)
    levers = []
    for t in r.tracks:
        if t.lever is None or t.posterior_mean is None:
            continue
        live = [p.uplift / p.adoption for p in t.points if p.adoption > 0]
        levers.append(
            LeverLesson(
                lever=t.lever,
                kpi=t.kpi,
                periods=len(live),
                forecast_mean=t.prior_mean or 0.0,
                forecast_sd=t.prior_sd or 0.0,
                measured_mean=sum(live) / len(live) if live else None,
                updated_mean=t.posterior_mean,
                updated_sd=t.posterior_sd or 0.0,
            )
        )
    return Lessons(
        scenario=wr.decision.scenario.title(),
        currency=wr.currency,
        option_id=base.option_id,
        catalog_id=resolved.option.id,
        delivery_type=resolved.option.delivery_type.value,
        strategy=resolved.strategy.value,
        users=resolved.users,
        decision_date=base.decision_date,
        go_live=base.go_live,
        go_live_forecast_years_p50=planned,
        go_live_actual_years=actual,
        schedule_overrun=actual / planned if actual is not None and planned > 0 else None,
        spend_by_category=r.spend_by_category,
        spend_forecast_by_category={v.category: v.forecast for v in r.reforecast.spend},
        spend_reported=spent,
        cost_forecast_reported=forecast_cost,
        cost_overrun=spent / forecast_cost if forecast_cost > 0 else None,
        npv_schedule_effect=r.reforecast.schedule_effect,
        npv_cost_effect=r.reforecast.cost_effect,
        adoption=[
            AdoptionLesson(period=p.period, actual=p.actual, assumed=p.adoption)
            for t in r.tracks
            if t.kpi == "adoption"
            for p in t.points
        ],
        levers=levers,
        realised_benefit=r.realised_benefit,
        npv_forecast=r.reforecast.npv_forecast,
        npv_reforecast=r.reforecast.npv,
        npv_reforecast_p10=r.reforecast.p10,
        npv_reforecast_p50=r.reforecast.p50,
        npv_reforecast_p90=r.reforecast.p90,
    )


def template_of(record: RealisationRecord) -> str:
    """The CSV template of a record already read."""
    return template_csv(record)
