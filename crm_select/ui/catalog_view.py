"""The catalog as a readable, translated table."""

from __future__ import annotations

import pandas as pd

from crm_select.models.catalog import (
    CatalogOption,
    Component,
    Development,
    FlatSubscription,
    Perpetual,
    Pricing,
    Subscription,
)
from crm_select.models.decision import price_field
from crm_select.ui.i18n import lang, money, t


def headline_price(option: CatalogOption, edition_id: str | None = None) -> str:
    """An edition's list price (the default edition's unless named) in words of the current
    language."""
    p = option.edition(edition_id).pricing
    ccy = p.currency.value
    match p:
        case Subscription():
            return t("price.per_user_month", amount=money(p.per_user_month, ccy))
        case FlatSubscription(max_users=None):
            return t("price.per_month_any", amount=money(p.per_month, ccy))
        case FlatSubscription():
            return t("price.per_month", amount=money(p.per_month, ccy), users=p.max_users)
        case Perpetual(per_user=pu) if pu > 0:
            return t("price.perpetual_user", amount=money(pu, ccy))
        case Perpetual(per_pack=pack, pack_users=n) if pack > 0:
            return t("price.perpetual_pack", amount=money(pack, ccy), users=n)
        case Perpetual():
            return t("price.perpetual_server", amount=money(p.per_server, ccy))
        case Development():
            days = p.build_days or p.bands[0].build_days  # the smallest band's when sized
            return t("price.development", days=int(days.mode), rate=money(p.day_rate, ccy))
    raise TypeError(p)


def catalog_frame(options: list[CatalogOption]) -> pd.DataFrame:
    rows = [
        {
            t("home.col_name"): o.label(lang()),
            t("home.col_vendor"): o.vendor_label(lang()),
            t("home.col_country"): o.country,
            t("home.col_type"): t(f"delivery.{o.delivery_type.value}"),
            t("home.col_edition"): o.edition().label(lang()),
            t("home.col_price"): headline_price(o),
            t("home.col_estimate"): o.edition().pricing.estimate,
            t("home.col_coverage"): sum(o.coverage[c] for c in Component),
            t("home.col_russia"): t(f"russia.{o.risk.russia.value}"),
        }
        for o in options
    ]
    return pd.DataFrame(rows)


def price_unit(pricing: Pricing) -> str:
    """What a negotiated price for this pricing is per, in words: "RUB per user per month"."""
    field = price_field(pricing)
    users = pricing.pack_users if isinstance(pricing, Perpetual) else None
    return t(f"price_unit.{field}", ccy=pricing.currency.value, users=users)
