"""Cost model of one option: constants from the catalog, company and strategy, plus the
uncertain inputs (distributions) the simulation draws per trial.

All money is converted into the scenario currency here, explicitly, with
:func:`models.decision.to_scenario_currency`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from crm_select.models.catalog import (
    DeliveryType,
    Development,
    FlatSubscription,
    Perpetual,
    Range,
    Subscription,
)
from crm_select.models.decision import ResolvedOption, to_scenario_currency
from crm_select.models.distributions import Distribution, Fixed, Pert, Uniform
from crm_select.models.finance import COST_OVERRIDE_FIELDS, CostOverrides
from crm_select.models.scenario import Scenario
from finance.fit import lever_shares
from finance.judgement import judgement
from finance.risk import OutcomeModel, outcome_model, overrun
from finance.timing import advance_share

#: Cash cost categories reported by year, in this order.
CATEGORIES: tuple[str, ...] = (
    "licences",
    "infrastructure",
    "implementation",
    "customisation",
    "integration",
    "data_migration",
    "training",
    "change_management",
    "hypercare",
    "administration",
    "support",
    "add_ons",
    "exit",
)

#: Indirect (economic) costs: users' time, reported in their own block, never in cash TCO.
INDIRECT: tuple[str, ...] = ("data_entry",)

#: Every category the kernel computes, cash first.
ALL_CATEGORIES: tuple[str, ...] = CATEGORIES + INDIRECT

#: Categories that are project (one-time) costs and carry the cost-overrun multiplier.
PROJECT_CATEGORIES: tuple[str, ...] = (
    "implementation",
    "customisation",
    "integration",
    "data_migration",
    "change_management",
    "hypercare",
)

#: Inputs whose base value is not the distribution's own base (see docs/finance.md).
UNIFORM_01 = Uniform(min=0.0, max=1.0)


@dataclass(frozen=True)
class OptionModel:
    """Everything the cash-flow kernel needs about one option, in the scenario currency.

    ``inputs`` maps per-option input names to distributions; names shared by all options
    (levers, productivity factor, data-entry minutes) live in :class:`CompanyModel`.
    """

    id: str
    name: str
    delivery: DeliveryType
    strategy: str
    users: int
    licence_upfront: float
    licence_annual: float
    licence_escalation: float
    licence_advance: float
    infra_upfront: float
    infra_annual: float
    partner_rate: float
    internal_rate: float
    partner_share: float
    effort_multiplier: float
    duration_multiplier: float
    internal_share: float
    build_day_rate: float
    build_maintenance_rate: float
    customisation_share: float
    integration_share: float
    migration_share: float
    migration_days: float
    change_share: float
    hypercare_share: float
    training_cost: float
    support_rate: float
    add_on_rate: float
    admin_annual: float
    exit_share: float
    outcome: OutcomeModel
    inputs: dict[str, Distribution] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    capture_factor: float = 1.0
    bad_entry: tuple[float, float, float] = (0.0, 0.0, 0.0)
    bad_minutes: tuple[float, float] = (60.0, 150.0)
    quote_share: float = 1.0
    build_external: bool = True
    licence_over_term: bool = False
    #: share of each benefit lever the option delivers: coverage x fit (finance.fit)
    lever_share: dict[str, float] = field(default_factory=dict)
    #: multiplies every lever's uplift for this option (1: the benchmark; finance.break_even)
    uplift_scale: float = 1.0
    #: the option's adoption ramp after the committee's judgement (finance.judgement)
    adoption_ramp: tuple[float, ...] = (1.0,)


def _pert(r: object) -> Distribution:
    lo, mode, hi = r.min, r.mode, r.max  # type: ignore[attr-defined]
    if lo == hi:
        return Fixed(value=lo)
    return Pert(min=lo, mode=mode, max=hi)


def perpetual_licence(p: Perpetual, users: int, servers: int) -> float:
    """List price of a perpetual licence for ``users`` on ``servers`` servers (docstring of
    :class:`models.catalog.Perpetual`), in the pricing currency."""
    packs = math.ceil(users / p.pack_users) if p.pack_users else 0
    bundles = math.ceil(users / p.max_users) if p.max_users else 1
    return (
        p.per_user * users
        + p.per_pack * packs
        + p.server_licence * max(1, servers)
        + p.per_server * bundles
    )


def vat_factor(scenario: Scenario) -> float:
    """What external spend costs per unit of its net price: 1 + VAT when the buyer cannot
    recover input VAT (banks, insurers), else 1."""
    c = scenario.finance.conventions
    return 1.0 if c.vat_recoverable else 1.0 + c.vat_rate


def _licences(scenario: Scenario, ro: ResolvedOption) -> tuple[float, float, float, float, float]:
    """(upfront licence, annual licence in year 1, escalation, build day rate, build upkeep).

    Licence list prices less the negotiated discount; the annual line includes the edition's
    fixed yearly fees (support subscriptions, marketplace plans), per user where the catalog
    says so (fees are not discounted). External spend carries irrecoverable VAT
    (:func:`vat_factor`) unless the licence is VAT-exempt; a build by the company's own staff
    carries none.
    """
    p = ro.edition.pricing
    users = ro.users
    keep = 1.0 - ro.discount
    g = vat_factor(scenario)
    lic_g = 1.0 if getattr(p, "vat_exempt", False) else g

    def cur(amount: float) -> float:
        return to_scenario_currency(scenario, amount, p.currency)

    fees = g * sum(
        to_scenario_currency(scenario, f.amount * (users if f.per_user else 1), f.currency)
        for f in ro.edition.annual_fees
    )
    match p:
        case Subscription():
            billed = max(users, p.min_users)
            return (
                cur(p.onboarding_fee) * g,
                cur(p.per_user_month * 12 * billed) * keep * lic_g + fees,
                p.annual_escalation,
                0.0,
                0.0,
            )
        case FlatSubscription():
            accounts = math.ceil(users / p.max_users) if p.max_users else 1
            yearly = cur(p.per_month * 12 * accounts) * keep * lic_g
            return 0.0, yearly + fees, p.annual_escalation, 0.0, 0.0
        case Perpetual():
            servers = ro.option.infrastructure.servers
            upfront = cur(perpetual_licence(p, users, servers)) * keep * lic_g
            return upfront, upfront * p.maintenance_rate + fees, 0.0, 0.0, 0.0
        case Development():
            rate = cur(p.day_rate) * (g if p.builder == "external" else 1.0)
            return 0.0, fees, 0.0, rate, p.maintenance_rate
    raise TypeError(p)


def quoted_share(
    effort_multiplier: float,
    partner_share: float,
    partner_rate: float,
    internal_share: float,
    internal_rate: float,
) -> float:
    """The share of a person-day's cost a partner quotes (its own days, not the company's)."""
    partner = effort_multiplier * partner_share * partner_rate
    internal = (effort_multiplier * (1.0 - partner_share) + internal_share) * internal_rate
    total = partner + internal
    return partner / total if total > 0 else 0.0


def integration_days(scenario: Scenario, ids: set[str]) -> Distribution:
    """Person-days of every integration in the company profile for one option: the sum of the
    three-point estimates by complexity (at the native set-up's where ``ids``, the option's own
    and catalog ids, are among the integration's native options), drawn as one PERT
    (all integrations of an option overrun together: the same team builds them)."""
    days = scenario.finance.costs.integration_days
    ranges = [
        days.native if ids & set(i.native) else getattr(days, i.complexity.value)
        for i in scenario.company.integrations
    ]
    if not ranges:
        return Fixed(value=0.0)
    return _pert(
        Range(
            min=sum(r.min for r in ranges),
            mode=sum(r.mode for r in ranges),
            max=sum(r.max for r in ranges),
        )
    )


def option_model(scenario: Scenario, ro: ResolvedOption) -> OptionModel:
    """Build the cost model of one resolved option (overrides from the scenario applied)."""
    fin = scenario.finance
    company = scenario.company
    opt = ro.option
    impl = opt.implementation
    effect = getattr(fin.risk.strategy, ro.strategy.value)
    ratios = fin.costs
    lab = company.loaded_labour_cost_per_day
    lic_up, lic_annual, esc, build_rate, build_upkeep = _licences(scenario, ro)

    g = vat_factor(scenario)
    infra_up = infra_annual = 0.0
    infra = opt.infrastructure
    if opt.delivery_type != DeliveryType.SAAS:
        if infra.db_licence is not None:
            infra_up = g * to_scenario_currency(
                scenario, infra.db_licence.amount, infra.db_licence.currency
            )
        if infra.server_cost_year is not None:
            infra_annual = (
                g
                * infra.servers
                * to_scenario_currency(
                    scenario, infra.server_cost_year.amount, infra.server_cost_year.currency
                )
            )

    effort, weeks = impl.at_size(ro.users)  # resolve() set them at this size already
    if impl.partner_day_rate is None:
        raise ValueError(f"{ro.id}: no partner day rate (resolve the option first)")
    inputs: dict[str, Distribution] = {
        "effort_days": _pert(effort),
        "integration_days": integration_days(scenario, {ro.id, opt.id}),
        "duration_weeks": _pert(weeks),
        "schedule_overrun": overrun(fin.risk.schedule_overrun, opt.delivery_type),
        "cost_overrun": overrun(fin.risk.cost_overrun, opt.delivery_type),
        "outcome": UNIFORM_01,
        "abandonment": UNIFORM_01,
    }
    if isinstance(ro.edition.pricing, Development):
        inputs["build_days"] = _pert(ro.edition.pricing.at_size(ro.users, opt.coverage))
    bad = fin.indirect.bad_data_entry
    bad_p = (bad.probability_full, bad.probability_partial, bad.probability_failure)
    if any(bad_p):
        inputs["data_entry_risk"] = UNIFORM_01
    overrides = fin.cost_overrides.get(ro.id, CostOverrides())
    for name in COST_OVERRIDE_FIELDS:
        dist = getattr(overrides, name)
        if dist is not None:
            inputs[f"override.{name}"] = dist

    partner_rate = g * to_scenario_currency(
        scenario, impl.partner_day_rate.amount, impl.partner_day_rate.currency
    )
    sessions = math.ceil(ro.users / ratios.users_per_session)
    judged = judgement(scenario, ro)
    admin_fte = infra.admin_fte + (opt.administration.fte(ro.users) if opt.administration else 0)
    return OptionModel(
        id=ro.id,
        name=ro.name,
        delivery=opt.delivery_type,
        strategy=ro.strategy.value,
        users=ro.users,
        licence_upfront=lic_up,
        licence_annual=lic_annual,
        licence_escalation=esc,
        licence_advance=0.0
        if fin.conventions.billing == "year_end"
        else advance_share(ro.licence_billing, company.discount_rate),
        infra_upfront=infra_up,
        infra_annual=infra_annual,
        partner_rate=partner_rate,
        internal_rate=lab,
        partner_share=effect.partner_share,
        effort_multiplier=effect.effort_multiplier,
        duration_multiplier=effect.duration_multiplier,
        internal_share=impl.internal_share,
        build_day_rate=build_rate,
        build_maintenance_rate=build_upkeep,
        customisation_share=getattr(ratios.customisation, opt.delivery_type.value),
        integration_share=ratios.integration,
        migration_share=ratios.data_migration,
        migration_days=max(0, company.data_sources - 1) * ratios.migration_days_per_source,
        change_share=ratios.change_management,
        hypercare_share=ratios.hypercare_share,
        training_cost=ro.users * ratios.training_days_per_user * lab
        + sessions * ratios.trainer_days_per_session * partner_rate,
        support_rate=ratios.support_rate,
        add_on_rate=ratios.add_on_rate,
        admin_annual=admin_fte * company.working_days * lab,
        exit_share=fin.risk.exit_cost_share,
        outcome=outcome_model(fin.risk, opt.delivery_type, ro.strategy.value, judged.shift),
        inputs=inputs,
        warnings=ro.warnings,
        capture_factor=1.0 - fin.indirect.capture_saving if opt.activity_capture else 1.0,
        bad_entry=bad_p,
        bad_minutes=(bad.minutes.min, bad.minutes.max),
        quote_share=quoted_share(
            effect.effort_multiplier, effect.partner_share, partner_rate, impl.internal_share, lab
        ),
        build_external=getattr(ro.edition.pricing, "builder", "external") == "external",
        licence_over_term=isinstance(ro.edition.pricing, Subscription | FlatSubscription),
        lever_share=lever_shares(scenario, ro),
        adoption_ramp=judged.ramp(tuple(fin.benefits.adoption_ramp)),
    )
