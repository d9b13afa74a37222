"""A scenario joined with the catalog: each shortlisted option with its overrides applied."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from crm_select.locales import translate
from crm_select.models.catalog import (
    Billing,
    Catalog,
    CatalogOption,
    Development,
    Edition,
    FlatSubscription,
    Perpetual,
    Pricing,
    Range,
    Subscription,
    outside_sourced_sizes,
)
from crm_select.models.errors import PathError
from crm_select.models.i18n_text import Lang, text
from crm_select.models.money import Currency, Price, convert
from crm_select.models.scenario import Scenario, ShortlistEntry, Strategy

#: the buyer market of a scenario currency, when the company profile names none
CURRENCY_MARKET: dict[Currency, str] = {
    Currency.RUB: "RU",
    Currency.USD: "US",
    Currency.EUR: "DE",
    Currency.GBP: "GB",
    Currency.INR: "IN",
}


@dataclass(frozen=True)
class ResolvedOption:
    """One option as this decision sees it: catalog facts, overrides applied, users set.

    ``option.implementation`` carries the core effort and duration at this decision's size
    (``effort_days``, ``duration_weeks``) and the partner day rate of the buyer's market (or
    the option's quoted rate); ``discount`` is the negotiated discount off the licence list
    price; ``warnings`` say where a figure is used outside what it was sourced for;
    ``billing`` is the contract's own billing when the shortlist entry states one.
    """

    id: str
    option: CatalogOption
    edition: Edition
    strategy: Strategy
    users: int
    discount: float = 0.0
    warnings: tuple[str, ...] = ()
    billing: Billing | None = None

    @property
    def licence_billing(self) -> Billing:
        """How this contract bills licences: the shortlist entry's, else the catalog's."""
        return self.billing or getattr(self.edition.pricing, "billing", None) or Billing()

    @property
    def name(self) -> str:
        return self.label()

    def label(self, lang: Lang | None = None) -> str:
        """The option's name in ``lang``, with the edition's after a dot when the option has
        several ("Bitrix24 (cloud) · Standard (50 users)")."""
        if self.option.editions and len(self.option.editions) > 1:
            return f"{self.option.label(lang)} · {self.edition.label(lang)}"
        return self.option.label(lang)

    @property
    def effort_days(self) -> Range:
        """Core implementation effort at this decision's size (person-days, min/mode/max)."""
        return self.option.implementation.at_size(self.users)[0]

    @property
    def duration_weeks(self) -> Range:
        """Implementation duration at this decision's size (weeks, min/mode/max)."""
        return self.option.implementation.at_size(self.users)[1]

    @property
    def partner_day_rate(self) -> Price:
        """The partner day rate :func:`resolve` chose (quoted, or the market's rate card)."""
        rate = self.option.implementation.partner_day_rate
        if rate is None:
            raise ValueError(f"{self.id}: no partner day rate (resolve the option first)")
        return rate


def display_names(resolved: Sequence[ResolvedOption], lang: Lang | None = None) -> dict[str, str]:
    """Option id -> the one name every surface shows (pages, reports, deck, command line): the
    product's in ``lang``, with the edition's only where two options share the product."""
    products = [r.option.name for r in resolved]
    return {
        r.id: r.option.label(lang) if products.count(r.option.name) == 1 else r.label(lang)
        for r in resolved
    }


def id_names(scenario: Scenario, resolved: Sequence[ResolvedOption], lang: Lang) -> dict[str, str]:
    """Every id a warning or a table can carry -> its name in ``lang``: the interests (and
    ``groups``, the AHP level above them), raters, criteria and options (:func:`display_names`)."""
    return {
        "groups": translate("criteria.groups", lang),
        **{g.id.value: translate(f"group.{g.id.value}", lang) for g in scenario.criteria.groups},
        **{r.id: r.name for r in scenario.raters},
        **{c.id: text(c.name, lang) for c in scenario.criteria.criteria},
        **display_names(resolved, lang),
    }


PriceField = Literal[
    "per_user_month", "per_month", "per_user", "per_pack", "per_server", "day_rate"
]


def price_field(pricing: Pricing) -> PriceField:
    """The headline price a negotiated price replaces, which is also its unit: per user and
    month, per month, per user licence, per pack of workplaces, per server licence or per
    person-day of a build."""
    match pricing:
        case Subscription():
            return "per_user_month"
        case FlatSubscription():
            return "per_month"
        case Perpetual(per_user=pu, per_pack=pack):
            return "per_user" if pu > 0 else "per_pack" if pack > 0 else "per_server"
        case Development():
            return "day_rate"
    raise TypeError(pricing)


def _with_price(pricing: Pricing, price: float) -> Pricing:
    return pricing.model_copy(update={price_field(pricing): price})


def market_of(scenario: Scenario) -> str:
    """The buyer's market: the company profile's, else the scenario currency's."""
    return scenario.company.market or CURRENCY_MARKET[scenario.currency]


def _partner_rate(scenario: Scenario, catalog: Catalog, option: CatalogOption) -> Price:
    """The option's quoted rate, else the buyer market's rate card for the option's tier."""
    impl = option.implementation
    if impl.partner_day_rate is not None:
        return impl.partner_day_rate
    market = market_of(scenario)
    card = catalog.rate_card(market)
    if card is None:
        known = sorted(c.market for c in catalog.rate_cards)
        raise PathError(
            ("company", "market"),
            f"no partner rate card for market {market!r} (known: {known}); give "
            "company.market or overrides.partner_day_rate",
        )
    return card.rate(impl.partner_tier)


def _size_warnings(option: CatalogOption, edition: Edition, users: int) -> list[str]:
    """Where the figures used for this size were sourced for other sizes."""
    out = []
    bands = option.implementation.bands
    if bands and (w := outside_sourced_sizes([b.users for b in bands], users)):
        out.append(f"implementation effort: {w}")
    p = edition.pricing
    if isinstance(p, Development) and p.bands:
        w = outside_sourced_sizes([b.users for b in p.bands], users)
        if w:
            out.append(f"build effort: {w}")
    if isinstance(p, Perpetual) and p.per_server > 0 and p.max_users and users > p.max_users:
        out.append(
            f"edition {edition.id!r} covers {p.max_users} users; {users} need "
            f"{math.ceil(users / p.max_users)} of them (a larger edition may be cheaper)"
        )
    if isinstance(p, FlatSubscription) and p.max_users and users > p.max_users:
        out.append(
            f"plan {edition.id!r} covers {p.max_users} users; {users} need "
            f"{math.ceil(users / p.max_users)} accounts (a larger plan may be cheaper)"
        )
    return out


def _apply_overrides(
    scenario: Scenario, catalog: Catalog, entry: ShortlistEntry, option: CatalogOption
) -> tuple[CatalogOption, Edition]:
    """The option at this decision's size and market, with the entry's overrides applied."""
    o = entry.overrides
    users = entry.users or scenario.company.crm_users
    edition = option.edition(entry.edition)
    if o.price is not None:
        edition = edition.model_copy(update={"pricing": _with_price(edition.pricing, o.price)})
    impl = option.implementation
    effort, weeks = impl.at_size(users)
    rate = _partner_rate(scenario, catalog, option)
    if o.partner_day_rate is not None:
        rate = rate.model_copy(update={"amount": o.partner_day_rate})
    impl = impl.model_copy(
        update={
            "effort_days": o.effort_days or effort,
            "duration_weeks": o.duration_weeks or weeks,
            "partner_day_rate": rate,
        }
    )
    update: dict[str, object] = {"implementation": impl}
    if o.coverage:
        update["coverage"] = {**option.coverage, **o.coverage}
    p = edition.pricing
    if isinstance(p, Development) and p.bands:
        coverage = update.get("coverage", option.coverage)
        build = p.at_size(users, coverage)  # type: ignore[arg-type]
        edition = edition.model_copy(update={"pricing": p.model_copy(update={"build_days": build})})
    return option.model_copy(update=update), edition


def _unknown_option(i: int, catalog_id: str | None) -> PathError:
    return PathError(
        ("options", i, "catalog_id"),
        f"unknown catalog option {catalog_id!r}; see `crm-select catalog`",
    )


def _unknown_edition(i: int, option: CatalogOption, edition: str | None) -> PathError:
    return PathError(
        ("options", i, "edition"),
        f"must be one of {[e.id for e in option.editions]}, got {edition!r}",
    )


def unknown_references(data: object, catalog: Catalog) -> list[PathError]:
    """Every shortlist entry in a scenario's raw data that names a catalog option or an edition
    the catalog does not have. It reads the data before it validates, so a file's unknown ids
    are reported in the same pass as its field errors."""
    entries = data.get("options") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    known = {o.id: o for o in catalog.options}
    found = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry.get("inline") is not None:
            continue
        catalog_id, edition = entry.get("catalog_id"), entry.get("edition")
        if not isinstance(catalog_id, str):
            continue  # missing or not a name: the field's own validation says so
        if catalog_id not in known:
            found.append(_unknown_option(i, catalog_id))
        elif isinstance(edition, str) and edition not in {e.id for e in known[catalog_id].editions}:
            found.append(_unknown_edition(i, known[catalog_id], edition))
    return found


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
            raise _unknown_option(i, entry.catalog_id)
        try:
            option.edition(entry.edition)
        except KeyError:
            raise _unknown_edition(i, option, entry.edition) from None
        option, edition = _apply_overrides(scenario, catalog, entry, option)
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
        users = entry.users or scenario.company.crm_users
        resolved.append(
            ResolvedOption(
                entry.option_id,
                option,
                edition,
                entry.strategy,
                users,
                discount=entry.overrides.discount,
                warnings=tuple(_size_warnings(option, edition, users)),
                billing=entry.billing,
            )
        )
    return resolved


def to_scenario_currency(scenario: Scenario, amount: float, currency: Currency) -> float:
    """Convert an amount into the scenario's currency with the scenario's own rates."""
    return convert(amount, currency, scenario.currency, scenario.exchange_rates)
