"""Finance assumptions of a scenario: benefits, risk, cost overrides, simulation settings.

Every field has a documented default so a scenario may omit the whole ``finance`` section
or any part of it. docs/finance.md explains the model these numbers feed; the defaults and
their sources are listed there too.

Conventions used by the fields below:

* rates and shares are fractions (0.10 = 10 %);
* money is in the scenario's currency;
* a "Distribution" is any of models.distributions (fixed, uniform, triangular, pert,
  lognormal, discrete, bernoulli).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.catalog import Component, Range
from crm_select.models.distributions import Distribution, Fixed, Lognormal, Pert, Uniform, bounds
from crm_select.models.errors import PathError
from crm_select.models.text import Key

# --- benefits ---------------------------------------------------------------------------

#: the benchmark levers, in the order results list them
LEVER_NAMES: tuple[str, ...] = (
    "sales_per_rep",
    "win_rate",
    "cross_sales",
    "retention",
    "margin",
    "admin",
)


class Lever(Strict):
    """One benchmark benefit lever: an uncertain uplift, whether it counts, and the share of
    the uplift attributable to the CRM (the rest to other initiatives running at the same
    time; default 1, see docs/finance.md, "Attribution")."""

    enabled: bool = True
    uplift: Distribution
    attribution: Distribution = Field(
        default_factory=lambda: Fixed(value=1.0),
        description="share of the uplift attributable to the CRM (0-1; default 1)",
    )

    @model_validator(mode="after")
    def _share(self) -> Lever:
        lo, hi = bounds(self.attribution)
        if lo < 0 or hi > 1:
            raise PathError(("attribution",), f"must lie within [0, 1], got range {lo:g}..{hi:g}")
        return self


def _lever(enabled: bool, lo: float, mode: float, hi: float) -> Lever:
    return Lever(enabled=enabled, uplift=Pert(min=lo, mode=mode, max=hi))


class BenefitLevers(Strict):
    """The benchmark levers of design 2.3 (first three years after go-live).

    Defaults (PERT min / mode / max) and how each is applied (docs/finance.md):

    * ``sales_per_rep``: +10 %/yr sales per rep -> PERT(0.05, 0.10, 0.15) on new-business
      revenue. Enabled.
    * ``win_rate``: +5 %/yr deals won -> PERT(0.02, 0.05, 0.08) on new-business revenue.
      Disabled: it overlaps ``sales_per_rep`` (more deals won *are* more sales per rep).
    * ``cross_sales``: up to +20-25 %/yr -> PERT(0.05, 0.15, 0.25) on cross-sell revenue.
    * ``retention``: satisfaction +3 %/yr acting through churn, read as a churn reduction in
      percentage points -> PERT(0.0, 0.01, 0.02), capped at the company's churn.
    * ``margin``: +1-3 % relative margin per deal -> PERT(0.01, 0.02, 0.03).
    * ``admin``: sales & marketing admin costs -10 %/yr -> PERT(0.05, 0.10, 0.15), scaled by
      the productivity-correction factor.
    """

    sales_per_rep: Lever = Field(default_factory=lambda: _lever(True, 0.05, 0.10, 0.15))
    win_rate: Lever = Field(default_factory=lambda: _lever(False, 0.02, 0.05, 0.08))
    cross_sales: Lever = Field(default_factory=lambda: _lever(True, 0.05, 0.15, 0.25))
    retention: Lever = Field(default_factory=lambda: _lever(True, 0.0, 0.01, 0.02))
    margin: Lever = Field(default_factory=lambda: _lever(True, 0.01, 0.02, 0.03))
    admin: Lever = Field(default_factory=lambda: _lever(True, 0.05, 0.10, 0.15))
    allow_overlap: bool = Field(
        False,
        description="allow sales_per_rep and win_rate together (they overlap; see docs)",
    )

    @model_validator(mode="after")
    def _no_double_count(self) -> BenefitLevers:
        if self.sales_per_rep.enabled and self.win_rate.enabled and not self.allow_overlap:
            raise PathError(
                ("win_rate", "enabled"),
                "sales_per_rep and win_rate overlap (more deals won are more sales per rep); "
                "enable one of them, or set allow_overlap: true to count both knowingly",
            )
        for name in LEVER_NAMES:
            lo, hi = bounds(getattr(self, name).uplift)
            if lo < -1 or hi > 1:
                raise PathError(
                    (name, "uplift"), f"uplift must lie within [-1, 1], got range {lo:g}..{hi:g}"
                )
        return self


def _requires() -> dict[str, list[Component]]:
    C = Component
    return {
        "sales_per_rep": [
            C.CONTACT_MANAGEMENT,
            C.SALES_MANAGEMENT,
            C.MOBILE_SALES,
            C.TELEPHONE_SALES,
        ],
        "win_rate": [C.SALES_MANAGEMENT, C.CONTACT_MANAGEMENT, C.EXECUTIVE_REPORTING],
        "cross_sales": [C.MARKETING, C.EXECUTIVE_REPORTING],
        "retention": [C.CUSTOMER_SERVICE, C.CONTACT_MANAGEMENT],
        "margin": [C.SALES_MANAGEMENT, C.EXECUTIVE_REPORTING],
        "admin": [C.INTEGRATION, C.DATA_SYNC, C.TIME_MANAGEMENT],
    }


class Fit(Strict):
    """Benefits gated by fit: the share of each lever an option can deliver from its grades
    (0-5) on the Goldenberg components the lever needs (docs/finance.md, "Fit").

    ``share = floor + (1 - floor) x clip((g - zero_grade) / (full_grade - zero_grade), 0, 1)``
    with ``g`` the mean grade of the lever's components: the catalog's grade, replaced by the
    committee's consensus where raters scored a rating criterion named after the component.
    An estimate: no source prices a component grade; the mapping is a setting.
    """

    enabled: bool = Field(
        True, description="gate each lever by the option's coverage of its components"
    )
    zero_grade: float = Field(0.0, ge=0, le=5, description="mean grade delivering only the floor")
    full_grade: float = Field(4.0, ge=0, le=5, description="mean grade delivering the whole lever")
    floor: float = Field(0.0, ge=0, le=1, description="share delivered at or below zero_grade")
    requires: dict[str, list[Component]] = Field(
        default_factory=_requires, description="lever -> the components it needs"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Fit:
        if self.zero_grade >= self.full_grade:
            raise PathError(
                ("zero_grade",),
                f"must be below full_grade ({self.full_grade:g}), got {self.zero_grade:g}",
            )
        for name, comps in self.requires.items():
            if name not in LEVER_NAMES:
                raise PathError(("requires", name), f"unknown lever; known: {list(LEVER_NAMES)}")
            if not comps:
                raise PathError(("requires", name), "name at least one component")
        missing = [n for n in LEVER_NAMES if n not in self.requires]
        if missing:
            raise PathError(("requires",), f"every lever needs its components; missing {missing}")
        return self


class Benefits(Strict):
    """How the levers turn into money after go-live."""

    levers: BenefitLevers = Field(default_factory=BenefitLevers)
    fit: Fit = Field(default_factory=Fit)
    adoption_ramp: list[float] = Field(
        default_factory=lambda: [0.5, 0.8, 1.0],
        min_length=1,
        max_length=10,
        description="share of the benefit realised in year 1, 2, ... after go-live; "
        "the last value is held",
    )
    productivity_factor: Distribution = Field(
        default_factory=lambda: Pert(min=0.4, mode=0.5, max=0.7),
        description="share of saved admin time that turns into output (TEI-style productivity "
        "capture, default PERT 0.4/0.5/0.7)",
    )
    compounding: bool = Field(
        False,
        description="False: each lever's benchmark is a level reached through the ramp and held; "
        "True: the yearly benchmark compounds for the first three years after go-live",
    )
    decay: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of the benefit lost each year after the adoption ramp's plateau "
        "(0: held; e.g. 0.1 when the gains fade without reinforcement)",
    )
    margin_uplift: Literal["relative", "points"] = Field(
        "relative",
        description="the margin lever's uplift: relative to the gross margin (+2 % of a 22 % "
        "margin is 22.44 %) or in percentage points (+2 points: 24 %)",
    )
    satisfaction_to_churn: float | None = Field(
        None,
        ge=0,
        le=1,
        description="when set, the retention lever's uplift is a customer-satisfaction gain and "
        "this many points of churn fall per point of satisfaction; unset: the uplift is already "
        "in points of churn",
    )

    @model_validator(mode="after")
    def _ranges(self) -> Benefits:
        for i, a in enumerate(self.adoption_ramp):
            if not 0 <= a <= 1:
                raise PathError(("adoption_ramp", i), f"must be between 0 and 1, got {a}")
        lo, hi = bounds(self.productivity_factor)
        if lo < 0 or hi > 1:
            raise PathError(
                ("productivity_factor",), f"must lie within [0, 1], got range {lo:g}..{hi:g}"
            )
        return self


# --- risk -------------------------------------------------------------------------------


class OutcomeProbabilities(Strict):
    """Probabilities of the three project outcomes; they must sum to 1."""

    full: float = Field(ge=0, le=1)
    partial: float = Field(ge=0, le=1)
    failure: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> OutcomeProbabilities:
        total = self.full + self.partial + self.failure
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"full + partial + failure must sum to 1, got {total:g}")
        return self


def _p(full: float, partial: float, failure: float) -> OutcomeProbabilities:
    return OutcomeProbabilities(full=full, partial=partial, failure=failure)


class OutcomeByDelivery(Strict):
    """Default outcome probabilities per delivery type, averaging the independent evidence's
    30 % full / 40 % partial / 30 % failure (crm_benefits_risk_evidence.md, "How to use" 4:
    B16, D7, F3, F6, F8-F10; docs/finance.md, Risk). SaaS and boxed sit above the average,
    custom below ("eternal implementation")."""

    boxed: OutcomeProbabilities = Field(default_factory=lambda: _p(0.33, 0.42, 0.25))
    saas: OutcomeProbabilities = Field(default_factory=lambda: _p(0.36, 0.40, 0.24))
    configurable: OutcomeProbabilities = Field(default_factory=lambda: _p(0.29, 0.40, 0.31))
    custom: OutcomeProbabilities = Field(default_factory=lambda: _p(0.22, 0.38, 0.40))


class StrategyEffect(Strict):
    """What the implementation strategy changes."""

    partner_share: float = Field(ge=0, le=1, description="share of the effort done by partners")
    effort_multiplier: float = Field(gt=0, le=10)
    duration_multiplier: float = Field(gt=0, le=10)
    failure_to_partial: float = Field(
        ge=-1, le=1, description="probability moved from failure to partial (absolute)"
    )


class StrategyEffects(Strict):
    """Defaults: consultants are faster and move 5 points from failure to partial; in-house
    needs more of its own effort and drags on (x1.4 duration); mixed sits between."""

    in_house: StrategyEffect = Field(
        default_factory=lambda: StrategyEffect(
            partner_share=0.0,
            effort_multiplier=1.3,
            duration_multiplier=1.4,
            failure_to_partial=0.0,
        )
    )
    consultants: StrategyEffect = Field(
        default_factory=lambda: StrategyEffect(
            partner_share=1.0,
            effort_multiplier=1.0,
            duration_multiplier=1.0,
            failure_to_partial=0.05,
        )
    )
    mixed: StrategyEffect = Field(
        default_factory=lambda: StrategyEffect(
            partner_share=0.5,
            effort_multiplier=1.1,
            duration_multiplier=1.15,
            failure_to_partial=0.025,
        )
    )


def _ln(p10: float, p90: float) -> Lognormal:
    return Lognormal(p10=p10, p90=p90)


class OverrunByDelivery(Strict):
    """A multiplier per delivery type (lognormal by default, P10 / P90)."""

    boxed: Distribution
    saas: Distribution
    configurable: Distribution
    custom: Distribution

    @model_validator(mode="after")
    def _positive(self) -> OverrunByDelivery:
        for name in ("boxed", "saas", "configurable", "custom"):
            lo, _ = bounds(getattr(self, name))
            if lo <= 0:
                raise PathError((name,), f"a multiplier must be > 0, got minimum {lo:g}")
        return self


class Risk(Strict):
    """Project risk: outcome, overruns, abandonment, TEI-style risk adjustment."""

    outcome: OutcomeByDelivery = Field(default_factory=OutcomeByDelivery)
    strategy: StrategyEffects = Field(default_factory=StrategyEffects)
    partial_value: Uniform = Field(
        default_factory=lambda: Uniform(min=0.3, max=0.7),
        description="share of the benefits a partial outcome delivers",
    )
    failure_value: Uniform = Field(
        default_factory=lambda: Uniform(min=0.0, max=0.2),
        description="share of the benefits a failed project still delivers until abandoned",
    )
    schedule_overrun: OverrunByDelivery = Field(
        default_factory=lambda: OverrunByDelivery(
            boxed=_ln(0.95, 1.5),
            saas=_ln(0.95, 1.4),
            configurable=_ln(1.0, 2.0),
            custom=_ln(1.0, 3.5),
        ),
        description="multiplier on the implementation duration (fat tail for custom builds)",
    )
    cost_overrun: OverrunByDelivery = Field(
        default_factory=lambda: OverrunByDelivery(
            boxed=_ln(0.95, 1.4),
            saas=_ln(0.95, 1.3),
            configurable=_ln(1.0, 1.8),
            custom=_ln(1.0, 2.5),
        ),
        description="multiplier on project costs (implementation, development, integration, "
        "migration, change management)",
    )
    abandonment_given_failure: float = Field(
        1 / 3,
        ge=0,
        le=1,
        description="probability a failed project is abandoned (1/3 x 30 % failure = 10 % "
        "abandoned, the independent evidence's split; docs/finance.md, Risk)",
    )
    abandonment_before_go_live: float = Field(
        1 / 3,
        ge=0,
        le=1,
        description="share of abandonments that happen during implementation (the money "
        "spent so far sunk, no benefit ever); the rest after go-live",
    )
    abandonment_years_after_go_live: Uniform = Field(
        default_factory=lambda: Uniform(min=0.0, max=2.0),
        description="when a project abandoned after go-live is dropped, in years after it",
    )
    exit_cost_share: float = Field(
        0.1, ge=0, le=10, description="exit cost paid at abandonment, as a share of project cost"
    )
    tei_benefit_haircut: float = Field(
        0.10, ge=0, le=1, description="risk-adjusted ROI: benefits reduced by this share"
    )
    tei_cost_markup: float = Field(
        0.10, ge=0, le=10, description="risk-adjusted ROI: costs increased by this share"
    )


# --- the committee's judgement ---------------------------------------------------------


class CommitteeJudgement(Strict):
    """How the committee's scores move adoption and the outcome probabilities of each option
    (finance/judgement.py; docs/finance.md, "The committee's judgement"). Criteria are rating
    criteria ids; unscored ones are left out, and with none scored nothing moves. Estimates:
    no source maps a committee score to an adoption level or a failure probability."""

    enabled: bool = True
    adoption_criteria: list[Key] = Field(
        default_factory=lambda: ["user_adoption", "usability"],
        description="criteria whose consensus sets the adoption ceiling and ramp speed",
    )
    ceiling_at_worst: float = Field(
        0.4,
        ge=0,
        le=1,
        description="adoption ceiling when the adoption criteria score their scale's minimum "
        "(1 at the maximum)",
    )
    speed_at_worst: float = Field(
        0.75, gt=0, le=1, description="ramp speed at the minimum score (each ramp year x speed)"
    )
    speed_at_best: float = Field(1.25, ge=1, le=4, description="ramp speed at the maximum score")
    risk_criteria: list[Key] = Field(
        default_factory=lambda: [
            "expectation_fit",
            "executive_visibility",
            "phased_scope",
            "department_balance",
            "tco_transparency",
            "business_led",
        ],
        description="the failure reasons whose consensus shifts the outcome probabilities",
    )
    max_shift: float = Field(
        0.10,
        ge=0,
        le=0.5,
        description="probability moved from failure to full success at the best score (the "
        "other way at the worst; none at the middle of the scale)",
    )

    @model_validator(mode="after")
    def _apart(self) -> CommitteeJudgement:
        both = sorted(set(self.adoption_criteria) & set(self.risk_criteria))
        if both:
            raise PathError(
                ("risk_criteria",),
                f"{both} already set adoption: a score moves one finance input, not two",
            )
        return self


# --- indirect (economic) costs --------------------------------------------------------


class BadDataEntry(Strict):
    """The source's cautionary case: badly organised data entry (one company's managers spent
    about 2.5 hours a day filling in the CRM). A risk, not the normal cost: in a trial it
    strikes with a probability tied to the project's outcome, and adds ``minutes`` a day."""

    probability_full: float = Field(0.0, ge=0, le=1, description="after a full success")
    probability_partial: float = Field(0.0, ge=0, le=1, description="after a partial success")
    probability_failure: float = Field(0.0, ge=0, le=1, description="after a failure")
    minutes: Uniform = Field(
        default_factory=lambda: Uniform(min=60, max=150),
        description="extra minutes per user per working day when it strikes",
    )

    @model_validator(mode="after")
    def _day(self) -> BadDataEntry:
        if self.minutes.min < 0 or self.minutes.max > 24 * 60:
            raise PathError(("minutes",), "must lie within [0, 1440] minutes a day")
        return self


class IndirectCosts(Strict):
    """Users' time: an indirect (economic) cost reported in its own block, never inside the
    cash TCO, the budget criterion's TCO (unless ``finance.budget_tco`` is ``economic``) or the
    initial-price check. NPV and ROI count it, as they count the admin savings."""

    data_entry_minutes: Distribution = Field(
        default_factory=lambda: Fixed(value=0.0),
        description="extra minutes per CRM user per working day spent entering data beyond "
        "today's practice (default 0: the admin-savings benchmark is a net, measured outcome)",
    )
    bad_data_entry: BadDataEntry = Field(default_factory=BadDataEntry)
    capture_saving: float = Field(
        0.5,
        ge=0,
        le=1,
        description="share of the data-entry minutes an option with activity capture "
        "(auto-logging of calls and mail) saves",
    )

    @model_validator(mode="after")
    def _ranges(self) -> IndirectCosts:
        lo, hi = bounds(self.data_entry_minutes)
        if lo < 0 or hi > 24 * 60:
            raise PathError(
                ("data_entry_minutes",), f"must lie within [0, 1440], got range {lo:g}..{hi:g}"
            )
        return self


class Correlation(Strict):
    """A rank (Spearman) correlation between two named inputs (see docs/finance.md)."""

    a: Key
    b: Key
    rho: float = Field(ge=-1, le=1)

    @model_validator(mode="after")
    def _distinct(self) -> Correlation:
        if self.a == self.b:
            raise ValueError(f"a and b must differ, got {self.a!r} twice")
        return self


# --- costs ------------------------------------------------------------------------------


COST_OVERRIDE_FIELDS = (
    "licences_upfront",
    "licences_annual",
    "infrastructure_upfront",
    "infrastructure_annual",
    "implementation",
    "customisation",
    "integration",
    "data_migration",
    "training",
    "change_management",
    "administration",
    "support",
    "add_ons",
    "data_entry",
)


class CostOverrides(Strict):
    """Replace any cost of one option by a distribution (scenario currency).

    ``*_upfront`` and the project categories (implementation, customisation, integration,
    data_migration, training, change_management) are one-time totals; ``*_annual``,
    administration, support, add_ons and data_entry are amounts per year at full use.
    """

    licences_upfront: Distribution | None = None
    licences_annual: Distribution | None = None
    infrastructure_upfront: Distribution | None = None
    infrastructure_annual: Distribution | None = None
    implementation: Distribution | None = None
    customisation: Distribution | None = None
    integration: Distribution | None = None
    data_migration: Distribution | None = None
    training: Distribution | None = None
    change_management: Distribution | None = None
    administration: Distribution | None = None
    support: Distribution | None = None
    add_ons: Distribution | None = None
    data_entry: Distribution | None = None

    @model_validator(mode="after")
    def _non_negative(self) -> CostOverrides:
        for name in COST_OVERRIDE_FIELDS:
            dist = getattr(self, name)
            if dist is not None and bounds(dist)[0] < 0:
                raise PathError(
                    (name,), f"a cost cannot be negative, got minimum {bounds(dist)[0]:g}"
                )
        return self


class ShareByDelivery(Strict):
    boxed: float = Field(ge=0, le=10)
    saas: float = Field(ge=0, le=10)
    configurable: float = Field(ge=0, le=10)
    custom: float = Field(ge=0, le=10)


class IntegrationDays(Strict):
    """Person-days of one integration by complexity (three-point; docs/finance.md gives the
    sources: a connector 3-8 days, a 1C exchange 7-10, a custom ERP integration that cost five
    times its quote)."""

    low: Range = Field(default_factory=lambda: Range(min=1, mode=2, max=3))
    medium: Range = Field(default_factory=lambda: Range(min=5, mode=7, max=10))
    high: Range = Field(default_factory=lambda: Range(min=20, mode=35, max=60))
    native: Range = Field(
        default_factory=lambda: Range(min=0, mode=0.5, max=1),
        description="an option that integrates natively: setting up its own connector",
    )


class CostRatios(Strict):
    """Defaults for cost categories the catalog does not price, as ratios and person-days.

    Project categories are shares of the implementation cost (partner + internal days), plus
    person-days per integration, per extra data source, per training session and for
    hypercare; sources in docs/finance.md.
    """

    customisation: ShareByDelivery = Field(
        default_factory=lambda: ShareByDelivery(boxed=0.1, saas=0.15, configurable=0.4, custom=0.0),
        description="customisation as a share of implementation (custom builds price it as "
        "development instead)",
    )
    integration: float = Field(
        0.0,
        ge=0,
        le=10,
        description="integration as a share of implementation, beside the per-integration "
        "days (0: integrations are priced one by one from company.integrations; files of "
        "schema version 1 keep their 0.5)",
    )
    integration_days: IntegrationDays = Field(default_factory=IntegrationDays)
    data_migration: float = Field(
        0.2, ge=0, le=10, description="migration of the first data source, share of implementation"
    )
    migration_days_per_source: float = Field(
        3.5, ge=0, le=100, description="person-days for each data source beyond the first"
    )
    change_management: float = Field(0.1, ge=0, le=10)
    training_days_per_user: float = Field(1.0, ge=0, le=100)
    trainer_days_per_session: float = Field(
        1.5, ge=0, le=30, description="external trainer days per training session"
    )
    users_per_session: int = Field(12, ge=1, le=1000, description="trainees per session")
    hypercare_share: float = Field(
        0.07,
        ge=0,
        le=2,
        description="expert support right after go-live, as a share of core implementation days",
    )
    support_rate: float = Field(
        0.15,
        ge=0,
        le=10,
        description="support and enhancements per year after go-live, as a share of implementation",
    )
    add_on_rate: float = Field(
        0.05, ge=0, le=10, description="add-on modules per year, as a share of annual licences"
    )


# --- settings ---------------------------------------------------------------------------


class SimulationSettings(Strict):
    trials: int = Field(
        10_000,
        ge=100,
        le=5_000_000,
        description="trials (the maximum when a convergence rule is set)",
    )
    seed: int = Field(20261125, ge=0)
    latin_hypercube: bool = False
    chunk_size: int = Field(25_000, ge=100, le=1_000_000)
    threads: int = Field(2, ge=1, le=64)
    irr_sample: int = Field(
        10_000,
        ge=100,
        le=5_000_000,
        description="IRR and discounted-payback statistics use the first N trials",
    )
    fan_sample: int = Field(
        10_000,
        ge=100,
        le=5_000_000,
        description="cumulative cash-flow percentiles use the first N trials (the NPV histogram uses all)",
    )


class Convergence(Strict):
    """Optional stopping rule: stop when every option's mean NPV is within +-tolerance
    (relative) at the given confidence, after at least min_trials."""

    enabled: bool = False
    tolerance: float = Field(0.01, gt=0, le=1)
    confidence: float = Field(0.95, gt=0.5, lt=1)
    min_trials: int = Field(10_000, ge=100)


class TornadoSettings(Strict):
    low_quantile: float = Field(0.10, gt=0, lt=0.5)
    high_quantile: float = Field(0.90, gt=0.5, lt=1)
    variance_sample: int = Field(
        20_000, ge=100, le=1_000_000, description="trials used for rank-correlation contributions"
    )
    top: int = Field(12, ge=1, le=100)


class ShareBand(Strict):
    """A range of shares (fractions of TCO)."""

    min: float = Field(ge=0, le=1)
    max: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> ShareBand:
        if self.min > self.max:
            raise ValueError(f"min must be <= max, got min={self.min} > max={self.max}")
        return self


def _band(lo: float, hi: float) -> ShareBand:
    return ShareBand(min=lo, max=hi)


class LicenceShareReference(Strict):
    """Licence share of TCO seen in practice, by delivery type (information, not a check):
    SaaS subscriptions 45-55 % of five-year TCO (Salesforce, A34), Russian boxed and
    configurable licences 5-15 % (design 2.4; RU/KZ budgets 20-30 %, S50)."""

    boxed: ShareBand = Field(default_factory=lambda: _band(0.05, 0.15))
    saas: ShareBand = Field(default_factory=lambda: _band(0.45, 0.55))
    configurable: ShareBand = Field(default_factory=lambda: _band(0.05, 0.30))
    custom: ShareBand = Field(default_factory=lambda: _band(0.0, 0.0))


class Conventions(Strict):
    """How cash flows are timed and counted; every result states the conventions in force.

    ``billing``: ``as_billed`` pays licences, maintenance, fixed yearly fees and add-on
    subscriptions as each contract bills them (the shortlist entry's ``billing``, else the
    catalog's; vendors bill annual plans in advance); ``year_end`` pays every licence year at
    its end, the convention of schema versions 1 and 2 (it understates their present value by
    1 / (1 + r) and hides the first invoice at year 0).

    Tax, VAT, inflation and a residual value are optional; the defaults reproduce the pre-tax,
    VAT-recoverable, zero-inflation convention. With inflation, amounts are at year-0 prices
    and grow by their index, consistent with a nominal discount rate.
    """

    billing: Literal["as_billed", "year_end"] = "as_billed"
    profit_tax_rate: float = Field(
        0.0,
        ge=0,
        lt=1,
        description="0: pre-tax cash flows; else benefits are taxed, operating costs deducted "
        "and up-front licences, database licences and bespoke builds amortised (RU 25 % from "
        "2025, DE about 30 %)",
    )
    amortisation_years: float = Field(
        5.0, gt=0, le=30, description="straight-line life of capitalised items, from go-live"
    )
    vat_rate: float = Field(
        0.0, ge=0, le=1, description="VAT on external spend (RU 22 % from 2026, DE 19 %, AT 20 %)"
    )
    vat_recoverable: bool = Field(
        True,
        description="False: the buyer cannot recover input VAT (banks, insurers): external "
        "spend grows by the VAT rate (VAT-exempt licences excepted)",
    )
    price_inflation: float = Field(
        0.0, ge=-0.5, le=1, description="yearly, for infrastructure, add-ons and revenue"
    )
    wage_inflation: float = Field(
        0.0, ge=-0.5, le=1, description="yearly, for project work, staff and admin savings"
    )
    residual_value: bool = Field(
        False,
        description="count the book value of capitalised items left at the horizon (long-lived "
        "builds) as a flow at year H",
    )

    @property
    def taxed(self) -> bool:
        return self.profit_tax_rate > 0

    @property
    def inflated(self) -> bool:
        return self.price_inflation != 0 or self.wage_inflation != 0


class FinanceAssumptions(Strict):
    simulation: SimulationSettings = Field(default_factory=SimulationSettings)
    conventions: Conventions = Field(default_factory=Conventions)
    benefits: Benefits = Field(default_factory=Benefits)
    risk: Risk = Field(default_factory=Risk)
    costs: CostRatios = Field(default_factory=CostRatios)
    cost_overrides: dict[Key, CostOverrides] = Field(
        default_factory=dict, description="option id -> cost category -> distribution"
    )
    correlations: list[Correlation] = Field(
        default_factory=lambda: [
            Correlation(a="schedule_overrun", b="cost_overrun", rho=0.7),
            Correlation(a="outcome", b="cost_overrun", rho=0.3),
            Correlation(a="outcome", b="schedule_overrun", rho=0.3),
        ],
        description="rank correlations between named inputs (per option; see docs/finance.md)",
    )
    initial_price_band: ShareBand = Field(
        default_factory=lambda: _band(0.5, 0.7),
        description="the source's rule: the initial price (licences and implementation as "
        "quoted) is only 50-70 % of TCO; a result outside the band warns",
    )
    licence_share_reference: LicenceShareReference = Field(default_factory=LicenceShareReference)
    indirect: IndirectCosts = Field(default_factory=IndirectCosts)
    judgement: CommitteeJudgement = Field(default_factory=CommitteeJudgement)
    budget_tco: Literal["cash", "economic"] = Field(
        "cash",
        description="the TCO the budget criterion ranks: cash, or economic (with users' time)",
    )
    tornado: TornadoSettings = Field(default_factory=TornadoSettings)
    convergence: Convergence = Field(default_factory=Convergence)

    @model_validator(mode="after")
    def _no_duplicate_pairs(self) -> FinanceAssumptions:
        seen: dict[frozenset[str], int] = {}
        for i, c in enumerate(self.correlations):
            key = frozenset((c.a, c.b))
            if key in seen:
                raise PathError(
                    ("correlations", i), f"pair {c.a}/{c.b} already given at [{seen[key]}]"
                )
            seen[key] = i
        return self


__all__ = [
    "COST_OVERRIDE_FIELDS",
    "BadDataEntry",
    "BenefitLevers",
    "Benefits",
    "Conventions",
    "Convergence",
    "Correlation",
    "CostOverrides",
    "CostRatios",
    "FinanceAssumptions",
    "Fixed",
    "IndirectCosts",
    "Lever",
    "LicenceShareReference",
    "OutcomeByDelivery",
    "OutcomeProbabilities",
    "Risk",
    "ShareBand",
    "SimulationSettings",
    "StrategyEffect",
    "StrategyEffects",
    "TornadoSettings",
]
