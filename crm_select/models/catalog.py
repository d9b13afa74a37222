"""The catalog of real CRM options (data/vendors.yaml): what each costs and what it covers."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.distributions import ThreePoint
from crm_select.models.errors import PathError
from crm_select.models.i18n_text import Lang, LocalLongText
from crm_select.models.limits import MAX_AMOUNT
from crm_select.models.money import Currency, Price, Provenance
from crm_select.models.text import Key, Name, Text


class DeliveryType(StrEnum):
    """The four kinds of option (design 2.1)."""

    BOXED = "boxed"
    SAAS = "saas"
    CONFIGURABLE = "configurable"
    CUSTOM = "custom"


class Component(StrEnum):
    """Barton Goldenberg's 11 components of a full CRM solution."""

    CONTACT_MANAGEMENT = "contact_management"
    SALES_MANAGEMENT = "sales_management"
    TELEPHONE_SALES = "telephone_sales"
    TIME_MANAGEMENT = "time_management"
    CUSTOMER_SERVICE = "customer_service"
    MARKETING = "marketing"
    EXECUTIVE_REPORTING = "executive_reporting"
    INTEGRATION = "integration"
    DATA_SYNC = "data_sync"
    ECOMMERCE = "ecommerce"
    MOBILE_SALES = "mobile_sales"


class CrmType(StrEnum):
    OPERATIONAL = "operational"
    ANALYTICAL = "analytical"
    COLLABORATIVE = "collaborative"


Grade = Annotated[int, Field(ge=0, le=5)]


class Range(ThreePoint):
    """A non-negative three-point estimate (effort in days, duration in weeks)."""

    min: float = Field(ge=0)
    mode: float = Field(ge=0)
    max: float = Field(ge=0)


def check_unique(ids: list[str], field: str) -> None:
    """Raise at the second occurrence of any id in a list of items."""
    first: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in first:
            raise PathError(
                (field, i, "id"), f"duplicate id {item_id!r} (first at {field}[{first[item_id]}])"
            )
        first[item_id] = i


# --- size bands ------------------------------------------------------------------------


class UserRange(Strict):
    """The roll-out sizes (licensed users) a sourced figure speaks of; ``max`` None is open."""

    min: int = Field(ge=1)
    max: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> UserRange:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"min must be <= max, got min={self.min} > max={self.max}")
        return self

    @property
    def reference(self) -> float:
        """The size the band's figure is pegged to: the middle of the range (twice the lower
        end for an open range)."""
        return (self.min + self.max) / 2 if self.max is not None else 2.0 * self.min

    def holds(self, users: int) -> bool:
        return self.min <= users and (self.max is None or users <= self.max)


class SizeBand(Provenance):
    """Core implementation effort and duration sourced for one size band (small / mid /
    enterprise) of roll-out."""

    name: Literal["small", "mid", "enterprise"]
    users: UserRange
    effort_days: Range = Field(description="core partner/consultant person-days")
    duration_weeks: Range


class BuildBand(Provenance):
    """Bespoke build person-days sourced for one size band of roll-out."""

    name: Literal["small", "mid", "enterprise"]
    users: UserRange
    build_days: Range


def check_bands(bands: list[SizeBand] | list[BuildBand]) -> None:
    """Bands are ordered by size without overlap, and their figures never fall with size (so
    that a bigger roll-out never costs less)."""
    for i in range(1, len(bands)):
        a, b = bands[i - 1], bands[i]
        if a.users.max is None or b.users.min <= a.users.max:
            raise PathError(
                ("bands", i, "users"), "bands must be ordered by size and must not overlap"
            )
        for name in ("effort_days", "duration_weeks", "build_days"):
            ra, rb = getattr(a, name, None), getattr(b, name, None)
            if ra is None or rb is None:
                continue
            if rb.min < ra.min or rb.mode < ra.mode or rb.max < ra.max:
                raise PathError(
                    ("bands", i, name), f"must not be smaller than the previous band's {name}"
                )


def at_size(points: list[tuple[float, Range]], users: int) -> Range:
    """A three-point estimate at ``users`` from ``(reference size, estimate)`` points: linear
    between the bands' reference sizes (so each stretch is a fixed part plus a per-user part),
    the first band's figure below the first reference size, and beyond the last the last
    stretch's per-user slope for the mode with the range scaled alike (the first band's figure
    when there is only one band)."""
    if len(points) == 1 or users <= points[0][0]:
        return points[0][1]
    i = 1
    while i < len(points) - 1 and users > points[i][0]:
        i += 1
    (u0, r0), (u1, r1) = points[i - 1], points[i]
    w = (users - u0) / (u1 - u0)
    if w > 1 and r1.mode > 0:
        # beyond the last band: the mode follows the last per-user slope, the spread scales
        # with it (a linear extrapolation of min and max could cross the mode)
        f = (r0.mode + w * (r1.mode - r0.mode)) / r1.mode
        return Range(min=r1.min * f, mode=r1.mode * f, max=r1.max * f)
    return Range(
        min=r0.min + w * (r1.min - r0.min),
        mode=r0.mode + w * (r1.mode - r0.mode),
        max=r0.max + w * (r1.max - r0.max),
    )


def outside_sourced_sizes(ranges: list[UserRange], users: int) -> str | None:
    """A warning when ``users`` lies outside every size the figures were sourced for."""
    if any(r.holds(users) for r in ranges):
        return None
    lo = min(r.min for r in ranges)
    his = [r.max for r in ranges]
    hi = "+" if None in his else f"-{max(h for h in his if h is not None)}"
    return f"{users} users lies outside the sizes the figures were sourced for ({lo}{hi} users)"


# --- pricing models -------------------------------------------------------------------


class Billing(Strict):
    """When a recurring charge is paid: at the start (advance) or end (arrears) of each
    billing period of a month, a quarter or a year. Vendors bill annual plans in advance."""

    timing: Literal["advance", "arrears"] = "advance"
    period: Literal["month", "quarter", "year"] = "year"


class Subscription(Provenance):
    """SaaS per user per month (billed annually unless stated)."""

    model: Literal["subscription"] = "subscription"
    currency: Currency
    per_user_month: float = Field(ge=0, le=MAX_AMOUNT)
    min_users: int = Field(1, ge=1)
    annual_escalation: float = Field(0.0, ge=0, le=0.5, description="yearly list-price uplift")
    onboarding_fee: float = Field(
        0.0, ge=0, le=MAX_AMOUNT, description="one-time vendor fee at year 0"
    )
    billing: Billing = Field(default_factory=Billing)
    vat_exempt: bool = Field(
        False, description="the licence carries no VAT (e.g. Russian registry software)"
    )


class FlatSubscription(Provenance):
    """SaaS priced per account (e.g. Bitrix24 cloud): a flat monthly fee up to a user cap."""

    model: Literal["flat_subscription"] = "flat_subscription"
    currency: Currency
    per_month: float = Field(ge=0, le=MAX_AMOUNT)
    max_users: int | None = Field(None, ge=1)
    annual_escalation: float = Field(0.0, ge=0, le=0.5)
    billing: Billing = Field(default_factory=Billing)
    vat_exempt: bool = Field(
        False, description="the licence carries no VAT (e.g. Russian registry software)"
    )


class Perpetual(Provenance):
    """On-premise licence bought at year 0, plus annual maintenance as a share of it.

    The licence is ``per_user x users + per_pack x ceil(users / pack_users) + server_licence x
    servers + per_server x ceil(users / max_users)``: named-user licences, client-licence packs
    (1C workplaces), one server licence per server of the option's infrastructure (at least
    one), and an edition bundle that covers ``max_users`` (Bitrix24 editions; more users need a
    larger edition, and the result warns).
    """

    model: Literal["perpetual"] = "perpetual"
    currency: Currency
    per_user: float = Field(
        0.0, ge=0, le=MAX_AMOUNT, description="licence per named user / workplace"
    )
    per_pack: float = Field(
        0.0, ge=0, le=MAX_AMOUNT, description="client-licence pack covering pack_users"
    )
    pack_users: int | None = Field(None, ge=1, description="workplaces one pack covers")
    server_licence: float = Field(
        0.0, ge=0, le=MAX_AMOUNT, description="licence per server (at least one)"
    )
    per_server: float = Field(
        0.0, ge=0, le=MAX_AMOUNT, description="flat licence per edition bundle"
    )
    max_users: int | None = Field(None, ge=1, description="users the edition bundle covers")
    maintenance_rate: float = Field(ge=0, le=1, description="annual maintenance / renewal share")
    billing: Billing = Field(
        default_factory=Billing, description="when maintenance and fixed yearly fees are paid"
    )
    vat_exempt: bool = Field(
        False, description="the licence carries no VAT (e.g. Russian registry software)"
    )

    @model_validator(mode="after")
    def _packs(self) -> Perpetual:
        if self.per_pack > 0 and self.pack_users is None:
            raise PathError(("pack_users",), "give the workplaces a pack covers (per_pack > 0)")
        return self


class Development(Provenance):
    """A bespoke build: effort in person-days at a day rate, then yearly upkeep.

    Sized from scope: with ``bands``, the build days of the roll-out's size (interpolated
    between the bands' reference sizes, :func:`at_size`) times ``modules / reference_modules``,
    where ``modules`` counts the components the option covers at ``module_grade`` or better
    (the build's scope, re-graded per decision with ``overrides.coverage``). Without bands,
    ``build_days`` is the build whatever the size.
    """

    model: Literal["development"] = "development"
    currency: Currency
    build_days: Range | None = None
    bands: list[BuildBand] = Field(default_factory=list)
    reference_modules: int = Field(
        8, ge=1, le=11, description="components the sourced build figures assume"
    )
    module_grade: int = Field(3, ge=1, le=5, description="a component graded this or more is built")
    day_rate: float = Field(gt=0, le=MAX_AMOUNT)
    builder: Literal["external", "internal"] = Field(
        "external", description="who builds: an agency (external spend) or the company's own staff"
    )
    maintenance_rate: float = Field(ge=0, le=1, description="annual upkeep as a share of build")

    @model_validator(mode="after")
    def _sized(self) -> Development:
        if self.build_days is None and not self.bands:
            raise PathError(("build_days",), "give build_days or size bands")
        check_bands(self.bands)
        return self

    def modules(self, coverage: dict[Component, int]) -> int:
        """Components in the build's scope: those graded ``module_grade`` or better."""
        return sum(1 for g in coverage.values() if g >= self.module_grade)

    def at_size(self, users: int, coverage: dict[Component, int]) -> Range:
        """Build person-days for ``users`` and the scope the coverage grades describe."""
        if self.build_days is not None:
            return self.build_days
        days = at_size([(b.users.reference, b.build_days) for b in self.bands], users)
        f = self.modules(coverage) / self.reference_modules
        return Range(min=days.min * f, mode=days.mode * f, max=days.max * f)


Pricing = Annotated[
    Subscription | FlatSubscription | Perpetual | Development, Field(discriminator="model")
]


class AnnualFee(Provenance):
    """A fixed yearly fee beside the licence (a support subscription, a marketplace plan)."""

    name: Name = Field(min_length=1)
    amount: float = Field(ge=0, le=MAX_AMOUNT)
    currency: Currency
    per_user: bool = Field(False, description="the amount is per licensed user")


LocalNames = dict[Lang, Name]
"""A name in a language where it reads differently from ``name`` (e.g. a Russian vendor's
product in Russian): ``{"ru": "Базовый"}``."""


def label_in(name: str, names: LocalNames, lang: Lang | None) -> str:
    """``names[lang]`` when given, else ``name`` (the catalog's name, in English or Latin)."""
    return names.get(lang, name) if lang is not None else name


class Edition(Strict):
    id: Key = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: Name = Field(description="in English or Latin letters: what the English UI shows")
    names: LocalNames = Field(default_factory=dict)
    pricing: Pricing
    annual_fees: list[AnnualFee] = Field(default_factory=list)

    def label(self, lang: Lang | None = None) -> str:
        """The edition's name in ``lang`` (``name`` unless ``names`` has one)."""
        return label_in(self.name, self.names, lang)


class Infrastructure(Strict):
    """On-premise running needs: servers, database licences, administrators."""

    servers: int = Field(0, ge=0)
    server_cost_year: Price | None = Field(
        None, description="hosting or amortised hardware per server"
    )
    db_licence: Price | None = Field(None, description="one-off database licence, if any")
    admin_fte: float = Field(0.0, ge=0, le=50)


class PartnerTier(StrEnum):
    """Who the implementation partner is; the buyer market's rate card prices each tier."""

    STANDARD = "standard"
    CERTIFIED = "certified"
    VENDOR = "vendor"


class Implementation(Strict):
    """Implementation effort, duration and who does it.

    With ``bands`` the core effort and duration scale with the roll-out (:func:`at_size`);
    ``effort_days`` and ``duration_weeks`` give one figure for every size instead (and are
    what a resolved option carries: the figure at the decision's size). The partner day rate
    comes from the buyer market's rate card for ``partner_tier`` unless ``partner_day_rate``
    names a rate quoted for this option.
    """

    effort_days: Range | None = Field(
        None, description="core partner/consultant person-days, any size (else from bands)"
    )
    duration_weeks: Range | None = None
    bands: list[SizeBand] = Field(default_factory=list)
    partner_tier: PartnerTier = PartnerTier.STANDARD
    partner_day_rate: Price | None = Field(
        None, description="a rate quoted for this option (else the market rate card's)"
    )
    internal_share: float = Field(
        0.3, ge=0, le=1, description="internal staff days as a share of partner days"
    )

    @model_validator(mode="after")
    def _sized(self) -> Implementation:
        if not self.bands and (self.effort_days is None or self.duration_weeks is None):
            raise PathError(("effort_days",), "give effort_days and duration_weeks, or bands")
        check_bands(self.bands)
        return self

    def at_size(self, users: int) -> tuple[Range, Range]:
        """Core effort (person-days) and duration (weeks) for a roll-out to ``users``."""
        effort, weeks = self.effort_days, self.duration_weeks
        if effort is None:
            effort = at_size([(b.users.reference, b.effort_days) for b in self.bands], users)
        if weeks is None:
            # duration does not grow without end beyond the largest band
            top = min(users, int(self.bands[-1].users.reference))
            weeks = at_size([(b.users.reference, b.duration_weeks) for b in self.bands], top)
        return effort, weeks


class Administration(Provenance):
    """Application administrators (SaaS too): ``max(min_fte, users / users_per_fte)`` FTE,
    beside the infrastructure's own ``admin_fte`` for servers and databases."""

    users_per_fte: float = Field(gt=0, description="licensed users per administrator")
    min_fte: float = Field(0.0, ge=0, le=50, description="at least this much, whatever the size")

    def fte(self, users: int) -> float:
        return max(self.min_fte, users / self.users_per_fte)


class Availability(StrEnum):
    """Can a Russian legal entity buy, run and get support for it today?"""

    AVAILABLE = "available"
    RESTRICTED = "restricted"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"


class Lifecycle(StrEnum):
    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    END_OF_LIFE = "end_of_life"


class Risk(Strict):
    lock_in: Grade = Field(description="0 none .. 5 severe")
    vendor_viability: Grade = Field(description="0 doubtful .. 5 very strong")
    russia: Availability
    data_residency_ru: bool | None = Field(
        description="personal data can be kept in Russia (152-FZ); null when unknown"
    )
    lifecycle: Lifecycle = Lifecycle.ACTIVE
    end_of_support: dt.date | None = None
    notes: list[LocalLongText] = Field(
        default_factory=list, description="each note in one language or both ({en, ru})"
    )


class CatalogOption(Strict):
    """One CRM option a company can choose."""

    id: Key = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: Name = Field(description="in English or Latin letters: what the English UI shows")
    names: LocalNames = Field(default_factory=dict)
    vendor: Name
    vendor_names: LocalNames = Field(default_factory=dict)
    country: Key = Field(pattern=r"^[A-Z]{2}$")
    delivery_type: DeliveryType
    summary: dict[Literal["en", "ru"], Text] = Field(default_factory=dict)
    editions: list[Edition] = Field(min_length=1)
    default_edition: Key
    implementation: Implementation
    infrastructure: Infrastructure = Field(default_factory=Infrastructure)
    administration: Administration | None = Field(
        None, description="application administrators by size (none: only admin_fte)"
    )
    activity_capture: Provenance | None = Field(
        None,
        description="the option logs calls, mail and meetings itself (auto-capture): users "
        "enter less by hand (finance.indirect.capture_saving)",
    )
    coverage: dict[Component, Grade]
    crm_types: dict[CrmType, Grade]
    risk: Risk
    languages: list[Key] = Field(min_length=1)
    sources: list[Provenance] = Field(default_factory=list)

    def label(self, lang: Lang | None = None) -> str:
        """The option's name in ``lang`` (``name`` unless ``names`` has one)."""
        return label_in(self.name, self.names, lang)

    def vendor_label(self, lang: Lang | None = None) -> str:
        """Who supplies it, in ``lang`` (``vendor`` unless ``vendor_names`` has one)."""
        return label_in(self.vendor, self.vendor_names, lang)

    @model_validator(mode="after")
    def _consistent(self) -> CatalogOption:
        ids = [e.id for e in self.editions]
        check_unique(ids, "editions")
        if self.default_edition not in ids:
            raise PathError(
                ("default_edition",), f"must be one of {ids}, got {self.default_edition!r}"
            )
        missing = [c.value for c in Component if c not in self.coverage]
        if missing:
            raise ValueError(f"coverage must grade all 11 components; missing {missing}")
        missing_types = [t.value for t in CrmType if t not in self.crm_types]
        if missing_types:
            raise ValueError(f"crm_types must grade all three types; missing {missing_types}")
        return self

    def edition(self, edition_id: str | None = None) -> Edition:
        """The named edition, or the default one."""
        wanted = edition_id or self.default_edition
        for e in self.editions:
            if e.id == wanted:
                return e
        raise KeyError(f"{self.id}: no edition {wanted!r}; have {[e.id for e in self.editions]}")

    @property
    def currencies(self) -> set[Currency]:
        found = {e.pricing.currency for e in self.editions}
        found |= {fee.currency for e in self.editions for fee in e.annual_fees}
        if self.implementation.partner_day_rate is not None:
            found.add(self.implementation.partner_day_rate.currency)
        for price in (self.infrastructure.server_cost_year, self.infrastructure.db_licence):
            if price is not None:
                found.add(price.currency)
        return found


class RateCard(Strict):
    """Partner day rates in one buyer market (a country), by partner tier."""

    market: Key = Field(pattern=r"^[A-Z]{2}$")
    standard: Price
    certified: Price
    vendor: Price

    def rate(self, tier: PartnerTier) -> Price:
        return getattr(self, tier.value)


class Catalog(Strict):
    """The whole catalog file."""

    version: int = 1
    as_of: dt.date
    options: list[CatalogOption] = Field(min_length=1)
    rate_cards: list[RateCard] = Field(
        default_factory=list, description="partner day rates by buyer market and tier"
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        check_unique([o.id for o in self.options], "options")
        seen: dict[str, int] = {}
        for i, card in enumerate(self.rate_cards):
            if card.market in seen:
                raise PathError(
                    ("rate_cards", i, "market"),
                    f"market {card.market!r} already has a card (rate_cards[{seen[card.market]}])",
                )
            seen[card.market] = i
        return self

    def rate_card(self, market: str) -> RateCard | None:
        return next((c for c in self.rate_cards if c.market == market), None)

    def get(self, option_id: str) -> CatalogOption:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)
