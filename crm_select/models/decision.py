"""A scenario joined with the catalog: each shortlisted option with its overrides applied."""

from __future__ import annotations

from dataclasses import dataclass

from crm_select.models.catalog import (
    Catalog,
    CatalogOption,
    Development,
    Edition,
    FlatSubscription,
    Perpetual,
    Pricing,
    Subscription,
)
from crm_select.models.errors import PathError
from crm_select.models.money import Currency, convert
from crm_select.models.scenario import Scenario, ShortlistEntry, Strategy


@dataclass(frozen=True)
class ResolvedOption:
    """One option as this decision sees it: catalog facts, overrides applied, users set."""

    id: str
    option: CatalogOption
    edition: Edition
    strategy: Strategy
    users: int

    @property
    def name(self) -> str:
        if self.option.editions and len(self.option.editions) > 1:
            return f"{self.option.name} ({self.edition.name})"
        return self.option.name


def _with_price(pricing: Pricing, price: float) -> Pricing:
    match pricing:
        case Subscription():
            return pricing.model_copy(update={"per_user_month": price})
        case FlatSubscription():
            return pricing.model_copy(update={"per_month": price})
        case Perpetual(per_user=pu):
            field = "per_user" if pu > 0 else "per_server"
            return pricing.model_copy(update={field: price})
        case Development():
            return pricing.model_copy(update={"day_rate": price})
    raise TypeError(pricing)


def _apply_overrides(entry: ShortlistEntry, option: CatalogOption) -> tuple[CatalogOption, Edition]:
    o = entry.overrides
    edition = option.edition(entry.edition)
    if o.price is not None:
        edition = edition.model_copy(update={"pricing": _with_price(edition.pricing, o.price)})
    impl = option.implementation
    impl_update: dict[str, object] = {}
    if o.effort_days is not None:
        impl_update["effort_days"] = o.effort_days
    if o.duration_weeks is not None:
        impl_update["duration_weeks"] = o.duration_weeks
    if o.partner_day_rate is not None:
        impl_update["partner_day_rate"] = impl.partner_day_rate.model_copy(
            update={"amount": o.partner_day_rate}
        )
    update: dict[str, object] = {}
    if impl_update:
        update["implementation"] = impl.model_copy(update=impl_update)
    if o.coverage:
        update["coverage"] = {**option.coverage, **o.coverage}
    return option.model_copy(update=update), edition


def resolve(scenario: Scenario, catalog: Catalog) -> list[ResolvedOption]:
    """Join the shortlist with the catalog; raise PathError naming the entry that does not fit."""
    known = {o.id: o for o in catalog.options}
    resolved = []
    for i, entry in enumerate(scenario.options):
        if entry.inline is not None:
            option = entry.inline
        elif entry.catalog_id in known:
            option = known[entry.catalog_id]
        else:
            raise PathError(
                ("options", i, "catalog_id"),
                f"unknown catalog option {entry.catalog_id!r}; see `crm-select catalog`",
            )
        try:
            option.edition(entry.edition)
        except KeyError:
            raise PathError(
                ("options", i, "edition"),
                f"must be one of {[e.id for e in option.editions]}, got {entry.edition!r}",
            ) from None
        missing = sorted(
            c.value
            for c in option.currencies
            if c != scenario.currency and c not in scenario.exchange_rates
        )
        if missing:
            raise PathError(
                ("exchange_rates",),
                f"option {entry.option_id!r} is priced in {', '.join(missing)}: "
                f"give exchange_rates for {', '.join(missing)} -> {scenario.currency.value}",
            )
        option, edition = _apply_overrides(entry, option)
        users = entry.users or scenario.company.crm_users
        resolved.append(ResolvedOption(entry.option_id, option, edition, entry.strategy, users))
    return resolved


def to_scenario_currency(scenario: Scenario, amount: float, currency: Currency) -> float:
    """Convert an amount into the scenario's currency with the scenario's own rates."""
    return convert(amount, currency, scenario.currency, scenario.exchange_rates)
