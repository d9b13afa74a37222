"""The bundled catalog and examples are valid, complete and survive a round-trip."""

from __future__ import annotations

from collections import Counter

import pytest

from crm_select.models.catalog import DeliveryType
from crm_select.models.decision import resolve
from crm_select.models.loader import dump_scenario, load_catalog, load_scenario, parse_scenario
from crm_select.models.paths import EXAMPLES_DIR

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


def test_catalog_covers_every_delivery_type_with_three_real_options() -> None:
    catalog = load_catalog()
    counts = Counter(o.delivery_type for o in catalog.options)
    assert len(catalog.options) >= 16
    assert all(counts[t] >= 3 for t in DeliveryType), counts


def test_catalog_has_russian_and_global_products() -> None:
    countries = {o.country for o in load_catalog().options}
    assert "RU" in countries
    assert countries - {"RU"}


def test_every_catalog_price_is_sourced_and_dated() -> None:
    catalog = load_catalog()
    for option in catalog.options:
        for edition in option.editions:
            assert edition.pricing.source.strip(), (option.id, edition.id)
            assert edition.pricing.as_of.year >= 2003, (option.id, edition.id)
        impl = option.implementation
        rates = [impl.partner_day_rate] if impl.partner_day_rate else []
        rates += [card.rate(impl.partner_tier) for card in catalog.rate_cards]
        assert rates, option.id  # a quoted rate, or the rate cards price its partner tier
        sized = [*impl.bands, *getattr(edition.pricing, "bands", [])]
        if option.administration is not None:
            sized.append(option.administration)
        for figure in [*rates, *sized]:
            assert figure.source.strip(), option.id
            assert figure.as_of.year >= 2003, option.id
            assert figure.note or not figure.estimate, option.id  # an estimate says why


def test_catalog_summaries_are_bilingual() -> None:
    for option in load_catalog().options:
        assert set(option.summary) == {"en", "ru"}, option.id
        assert any("а" <= ch <= "я" for ch in option.summary["ru"].lower()), option.id


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_validates_and_resolves(path) -> None:
    catalog = load_catalog()
    scenario = load_scenario(path, catalog)
    assert len(resolve(scenario, catalog)) == len(scenario.options)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_round_trip_gives_an_equal_model(path, fmt: str) -> None:
    scenario = load_scenario(path)
    again = parse_scenario(dump_scenario(scenario, fmt), f"again.{fmt}")
    assert again == scenario


def test_at_least_two_examples_with_different_scale() -> None:
    seats = sorted(load_scenario(p).company.crm_users for p in EXAMPLES)
    assert len(seats) >= 2
    assert seats[-1] >= 10 * seats[0]
