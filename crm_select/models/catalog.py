"""The catalog of real CRM options (data/vendors.yaml): what each costs and what it covers."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.distributions import ThreePoint
from crm_select.models.errors import PathError
from crm_select.models.money import Currency, Price, Provenance


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


# --- pricing models -------------------------------------------------------------------


class Subscription(Provenance):
    """SaaS per user per month (billed annually unless stated)."""

    model: Literal["subscription"] = "subscription"
    currency: Currency
    per_user_month: float = Field(ge=0)
    min_users: int = Field(1, ge=1)
    annual_escalation: float = Field(0.0, ge=0, le=0.5, description="yearly list-price uplift")
    onboarding_fee: float = Field(0.0, ge=0, description="one-time vendor fee at year 0")


class FlatSubscription(Provenance):
    """SaaS priced per account (e.g. Bitrix24 cloud): a flat monthly fee up to a user cap."""

    model: Literal["flat_subscription"] = "flat_subscription"
    currency: Currency
    per_month: float = Field(ge=0)
    max_users: int | None = Field(None, ge=1)
    annual_escalation: float = Field(0.0, ge=0, le=0.5)


class Perpetual(Provenance):
    """On-premise licence bought at year 0, plus annual maintenance as a share of it."""

    model: Literal["perpetual"] = "perpetual"
    currency: Currency
    per_user: float = Field(0.0, ge=0, description="licence per named user / workplace")
    per_server: float = Field(0.0, ge=0, description="flat licence per server or per edition")
    max_users: int | None = Field(None, ge=1, description="users the flat licence covers")
    maintenance_rate: float = Field(ge=0, le=1, description="annual maintenance / renewal share")


class Development(Provenance):
    """A bespoke build: effort in person-days at a day rate, then yearly upkeep."""

    model: Literal["development"] = "development"
    currency: Currency
    build_days: Range
    day_rate: float = Field(gt=0)
    maintenance_rate: float = Field(ge=0, le=1, description="annual upkeep as a share of build")


Pricing = Annotated[
    Subscription | FlatSubscription | Perpetual | Development, Field(discriminator="model")
]


class AnnualFee(Provenance):
    """A fixed yearly fee beside the licence (a support subscription, a marketplace plan)."""

    name: str = Field(min_length=1)
    amount: float = Field(ge=0)
    currency: Currency
    per_user: bool = Field(False, description="the amount is per licensed user")


class Edition(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    pricing: Pricing
    annual_fees: list[AnnualFee] = Field(default_factory=list)


class Infrastructure(Strict):
    """On-premise running needs: servers, database licences, administrators."""

    servers: int = Field(0, ge=0)
    server_cost_year: Price | None = Field(
        None, description="hosting or amortised hardware per server"
    )
    db_licence: Price | None = Field(None, description="one-off database licence, if any")
    admin_fte: float = Field(0.0, ge=0, le=50)


class Implementation(Strict):
    effort_days: Range = Field(description="partner/consultant person-days, typical scope")
    duration_weeks: Range
    partner_day_rate: Price
    internal_share: float = Field(
        0.3, ge=0, le=1, description="internal staff days as a share of partner days"
    )


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
    notes: list[str] = Field(default_factory=list)


class CatalogOption(Strict):
    """One CRM option a company can choose."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    vendor: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    delivery_type: DeliveryType
    summary: dict[Literal["en", "ru"], str] = Field(default_factory=dict)
    editions: list[Edition] = Field(min_length=1)
    default_edition: str
    implementation: Implementation
    infrastructure: Infrastructure = Field(default_factory=Infrastructure)
    coverage: dict[Component, Grade]
    crm_types: dict[CrmType, Grade]
    risk: Risk
    languages: list[str] = Field(min_length=1)
    sources: list[Provenance] = Field(default_factory=list)

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
        found.add(self.implementation.partner_day_rate.currency)
        for price in (self.infrastructure.server_cost_year, self.infrastructure.db_licence):
            if price is not None:
                found.add(price.currency)
        return found


class Catalog(Strict):
    """The whole catalog file."""

    version: int = 1
    as_of: dt.date
    options: list[CatalogOption] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        check_unique([o.id for o in self.options], "options")
        return self

    def get(self, option_id: str) -> CatalogOption:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)
