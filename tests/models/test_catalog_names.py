"""Catalog names: the English UI shows English (or Latin) names, the Russian UI the Russian name
where the catalog gives one."""

from __future__ import annotations

import re

from crm_select.models.loader import load_catalog

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def test_no_catalog_name_is_russian() -> None:
    """Every option's and edition's ``name`` (what English users see) has no Cyrillic."""
    cat = load_catalog()
    russian = [
        (o.id, n) for o in cat.options for n in [o.name, *(e.name for e in o.editions)]
        if CYRILLIC.search(n)
    ]  # fmt: skip
    assert russian == []


def test_russian_names_where_the_product_is_russian() -> None:
    cat = load_catalog()
    bitrix = cat.get("bitrix24-cloud")
    basic = bitrix.edition("basic")
    assert basic.label("en") == "Basic (5 users)"
    assert basic.label("ru") == "Базовый (5 пользователей)"
    assert cat.get("1c-crm").label("en") == "1C:CRM PROF / CORP 3.1"
    assert cat.get("1c-crm").label("ru") == "1С:CRM ПРОФ / КОРП 3.1"
    assert cat.get("kontur-krm").label("ru") == "КонтурКРМ"
    # a name without a Russian one reads the same in Russian
    assert cat.get("salesforce-sales-cloud").label("ru") == "Salesforce Sales Cloud"
    assert cat.get("salesforce-sales-cloud").label() == "Salesforce Sales Cloud"
