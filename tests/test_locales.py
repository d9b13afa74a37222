"""Both languages are first-class: same keys, same placeholders, locale-aware numbers."""

from __future__ import annotations

import re

from crm_select import locales


def test_every_key_exists_in_both_languages() -> None:
    en, ru = locales.catalog("en"), locales.catalog("ru")
    assert sorted(en.keys() - ru.keys()) == []
    assert sorted(ru.keys() - en.keys()) == []


def test_placeholders_match() -> None:
    en, ru = locales.catalog("en"), locales.catalog("ru")
    for key, text in en.items():
        assert set(re.findall(r"{(\w+)", text)) == set(re.findall(r"{(\w+)", ru[key])), key


def test_russian_catalog_is_russian() -> None:
    ru = locales.catalog("ru")
    cyrillic = [k for k, v in ru.items() if re.search("[а-яА-Я]", v)]
    assert len(cyrillic) >= 0.7 * len(ru)


def test_numbers_follow_the_locale() -> None:
    assert locales.number(1234567.891, "en", 2) == "1,234,567.89"
    assert locales.number(1234567.891, "ru", 2) == "1\u00a0234\u00a0567,89"
    assert locales.money(1500, "RUB", "ru") == "1\u00a0500\u00a0₽"
    assert locales.money(1500, "USD", "en") == "USD 1,500"
    assert locales.percent(0.125, "ru", 1) == "12,5\u00a0%"


def test_missing_key_falls_back_to_the_key() -> None:
    assert locales.translate("no.such.key", "ru") == "no.such.key"


def test_every_scoring_warning_code_has_a_translation() -> None:
    import ast
    from pathlib import Path

    codes = set()
    for path in (Path(__file__).resolve().parents[1] / "scoring").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "ScoringWarning"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                codes.add(str(node.args[0].value))
    assert len(codes) >= 15
    missing = sorted(c for c in codes if f"warning.{c}" not in locales.catalog("ru"))
    assert missing == []
