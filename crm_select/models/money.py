"""Currencies and sourced prices: every price in the catalog says where it came from and when."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from crm_select.models.base import Strict
from crm_select.models.i18n_text import LocalLongText
from crm_select.models.limits import MAX_AMOUNT
from crm_select.models.text import Text


class Currency(StrEnum):
    RUB = "RUB"
    USD = "USD"
    EUR = "EUR"
    INR = "INR"
    GBP = "GBP"


class Provenance(Strict):
    """Where a figure came from, when it was read, and whether it is our estimate."""

    source: Text = Field(min_length=3, description="URL or citation of the figure")
    as_of: dt.date
    estimate: bool = False
    note: LocalLongText | None = Field(
        None, description="what the figure is and how it was read, in one language or both"
    )


class Price(Provenance):
    """An amount of money in a named currency, with its provenance."""

    amount: float = Field(ge=0, le=MAX_AMOUNT)
    currency: Currency


def convert(
    amount: float, from_ccy: Currency, to_ccy: Currency, rates: dict[Currency, float]
) -> float:
    """Convert with explicit rates: ``rates[X]`` is units of ``to_ccy`` per one unit of X."""
    if from_ccy == to_ccy:
        return amount
    if from_ccy not in rates:
        raise KeyError(
            f"no exchange rate {from_ccy.value}->{to_ccy.value}: add exchange_rates.{from_ccy.value}"
        )
    return amount * rates[from_ccy]
