"""The company profile: what the benefit model multiplies the benchmark uplifts by."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.errors import PathError
from crm_select.models.i18n_text import LocalText
from crm_select.models.limits import MAX_AMOUNT
from crm_select.models.text import Key, Name


class IntegrationKind(StrEnum):
    """What kind of system the CRM exchanges data with."""

    ERP = "erp"
    ACCOUNTING = "accounting"
    TELEPHONY = "telephony"
    EMAIL = "email"
    WEB_FORMS = "web_forms"
    ECOMMERCE = "ecommerce"
    MARKETING = "marketing"
    MESSAGING = "messaging"
    BI = "bi"
    OTHER = "other"


class Complexity(StrEnum):
    """How hard an integration is (docs/finance.md gives the person-days of each level)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class SystemIntegration(Strict):
    """A system the CRM must be integrated with, priced per integration."""

    name: LocalText = Field(min_length=1, description="in one language or both ({en, ru})")
    kind: IntegrationKind = IntegrationKind.OTHER
    complexity: Complexity = Complexity.MEDIUM
    native: list[Key] = Field(
        default_factory=list,
        description="option or catalog ids that integrate natively (e.g. 1C:CRM inside "
        "1C:Trade Management): only the native connector's set-up is priced for them; ids "
        "not on the shortlist are kept for when they come back",
    )


class CompanyProfile(Strict):
    """Annual figures in the scenario's currency; rates as fractions (0.25 = 25 %)."""

    name: Name = ""
    industry: Name = ""
    crm_users: int = Field(ge=1, le=1_000_000)
    sales_reps: int = Field(ge=0, le=1_000_000)
    annual_revenue: float = Field(ge=0, le=MAX_AMOUNT)
    existing_customer_share: float = Field(
        0.6, ge=0, le=1, description="share of revenue from existing customers"
    )
    gross_margin: float = Field(ge=0, le=1)
    deals_per_year: float = Field(ge=0, le=1e9)
    win_rate: float = Field(ge=0, le=1)
    average_deal: float = Field(ge=0, le=MAX_AMOUNT)
    admin_costs: float = Field(
        ge=0, le=MAX_AMOUNT, description="sales & marketing administrative costs per year"
    )
    cross_sell_revenue: float = Field(
        ge=0, le=MAX_AMOUNT, description="revenue from cross-sales per year"
    )
    churn: float = Field(ge=0, le=1, description="share of existing-customer revenue lost per year")
    loaded_labour_cost_per_day: float = Field(ge=0, le=MAX_AMOUNT)
    working_days: int = Field(247, ge=1, le=366)
    discount_rate: float = Field(gt=-1, le=1, description="annual, nominal")
    horizon_years: int = Field(5, ge=1, le=10)
    market: Key | None = Field(
        None,
        pattern=r"^[A-Z]{2}$",
        description="the buyer's country: its rate card prices partner days (default: the "
        "market of the scenario currency)",
    )
    integrations: list[SystemIntegration] = Field(
        default_factory=list, description="systems the CRM must exchange data with"
    )
    data_sources: int = Field(
        1, ge=0, le=100, description="systems whose customer data are migrated into the CRM"
    )

    @property
    def existing_revenue(self) -> float:
        """Revenue from existing customers a year: what cross-sales can at most be."""
        return self.annual_revenue * self.existing_customer_share

    @model_validator(mode="after")
    def _consistent(self) -> CompanyProfile:
        existing = self.existing_revenue
        if self.cross_sell_revenue > existing + 1e-9:
            raise PathError(
                ("cross_sell_revenue",),
                f"cross_sell_revenue ({self.cross_sell_revenue:g}) cannot exceed revenue from "
                f"existing customers (annual_revenue x existing_customer_share = {existing:g})",
            )
        return self
