"""Both languages are first-class: same keys, same placeholders, locale-aware numbers."""

from __future__ import annotations

import re

import pytest

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


NBSP = "\u00a0"


def test_numbers_follow_cldr() -> None:
    """Expected strings written from CLDR's en and ru number data (UTS #35): ru groups with a
    no-break space and uses a decimal comma, puts the sign after the amount and a space before %."""
    assert locales.number(1234567.891, "en", 2) == "1,234,567.89"
    assert locales.number(1234567.891, "ru", 2) == f"1{NBSP}234{NBSP}567,89"
    assert locales.number(10_000, "ru") == f"10{NBSP}000"  # not "10,000 испытаний"
    assert locales.number(0.5434, "ru", 3) == "0,543"
    assert locales.money(1500, "RUB", "ru") == f"1{NBSP}500{NBSP}₽"
    assert locales.money(-1500.5, "EUR", "ru", 2) == f"-1{NBSP}500,50{NBSP}€"
    assert locales.money(1500, "USD", "en") == "$1,500"
    assert locales.money(1500, "RUB", "en") == f"RUB{NBSP}1,500"  # CLDR currency spacing
    assert locales.percent(0.125, "ru", 1) == f"12,5{NBSP}%"
    assert locales.percent(0.125, "en", 1) == "12.5%"


def test_compact_numbers_say_mln_in_russian() -> None:
    assert locales.compact(12_345_678, "ru") == f"12,3{NBSP}млн"
    assert locales.compact(12_345_678, "en") == "12.3M"
    assert locales.compact(2_500_000_000, "ru") == f"2,5{NBSP}млрд"
    assert locales.compact_money(12_345_678, "RUB", "ru") == f"12,3{NBSP}млн{NBSP}₽"
    assert locales.compact_money(-2_500_000, "USD", "en") == "-$2.5M"
    assert locales.compact_money(12_345_678, "RUB", "en") == f"RUB{NBSP}12.3M"


def test_chart_axes_use_the_same_rules() -> None:
    from crm_select.locales.formats import compact_axis_expr, vega_number_locale

    assert vega_number_locale("ru") == {
        "decimal": ",",
        "thousands": NBSP,
        "grouping": [3],
        "currency": ["", ""],
        "percent": f"{NBSP}%",
    }
    assert vega_number_locale("en")["percent"] == "%"
    expr = compact_axis_expr("ru")
    assert f"format(datum.value / 1e6, ',.1~f') + \"{NBSP}млн\"" in expr
    assert "1e9" in expr
    assert "млрд" in expr


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


def test_editable_numbers_read_back_in_both_languages() -> None:
    """The baseline editor's numbers: grouped as the language groups them, read back exactly;
    Russian groups by a no-break space (a plain or narrow one typed is read too) and uses a
    decimal comma."""
    from crm_select.locales.formats import editable_number, parse_number

    assert editable_number(360_000_000, "ru") == "360\u00a0000\u00a0000"
    assert editable_number(360_000_000, "en") == "360,000,000"
    assert editable_number(0.035, "ru") == "0,035"
    assert editable_number(1234.5, "en") == "1,234.5"
    for lang in ("ru", "en"):
        for x in (360_000_000.0, 0.035, 1234.5, 0.0):
            assert parse_number(editable_number(x, lang), lang) == x
    assert parse_number("360 000 000,5", "ru") == 360_000_000.5
    assert parse_number("360\u202f000\u202f000", "ru") == 360_000_000
    with pytest.raises(ValueError, match="not a number"):
        parse_number("1,5", "en")  # not a grouping English writes
    with pytest.raises(ValueError, match="not a number"):
        parse_number("abc", "ru")


def test_editable_percentages_read_back_in_both_languages() -> None:
    """The baseline's trend: a fraction shown as a percentage with one decimal at least (CLDR:
    "3,5 %" with a no-break space in Russian, "3.5%" in English), read back exactly."""
    from crm_select.locales.formats import editable_percent, parse_percent

    assert editable_percent(0.03, "ru") == "3,0\u00a0%"
    assert editable_percent(0.03, "en") == "3.0%"
    assert editable_percent(0.03456, "en") == "3.456%"
    for lang in ("ru", "en"):
        for x in (0.03, 0.03456, -0.0225, 0.0, 1.25):
            assert parse_percent(editable_percent(x, lang), lang) == x
    assert parse_percent("3,5", "ru") == 0.035  # the sign may be left out
    assert parse_percent("12.5 %", "en") == 0.125
    with pytest.raises(ValueError, match="not a number"):
        parse_percent("3,5 %", "en")


#: Latin words a Russian text may carry: abbreviations and names read as such in Russian
#: (methods, authors, formats, products), the command's own name and words a file must contain
# fmt: off
LATIN_IN_RUSSIAN = frozenset({
    "AHP", "AIJ", "AIP", "BOM", "Brennan", "CFn", "CRM", "CSV", "E-mail", "ERP", "EVPPI", "Excel",
    "Forman", "Forrester", "HTML", "IRR", "JPEG", "JSON", "NPV", "Oakley", "PAPRIKA", "PDF", "PERT",
    "PNG", "PROMETHEE", "Peniwati", "PowerPoint", "RFP", "ROC", "ROI", "SMAA", "SPOTIS", "SWING",
    "SaaS", "Select", "Strong", "TCO", "TEI", "TOPSIS", "UTC", "VIKOR", "WPM", "WSM", "YAML",
    "code", "confidence", "crm-select", "docs", "finance", "kpi", "max", "min", "min-max", "money",
    "npv", "numpy-financial", "on-premise", "rank", "reversal", "spend", "swing", "zip",
})
# fmt: on


def test_russian_texts_carry_no_english_words() -> None:
    """Outside placeholders, a Russian entry's Latin words are known terms (a report once said
    "seed 0" in Russian where it means "зерно 0")."""
    stray = {
        (key, word)
        for key, text in locales.catalog("ru").items()
        for word in re.findall(r"\b[A-Za-z][A-Za-z\-]{2,}\b", re.sub(r"{[^}]*}", "", text))
        if word.rstrip("-") not in LATIN_IN_RUSSIAN
    }
    assert sorted(stray) == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_negative_amount_that_rounds_to_zero_shows_no_sign(lang: locales.Lang) -> None:
    """ "-0 ₽" (after go-live: spend 0.3 kopecks under the forecast) reads as a loss; CLDR
    formats -0.0 with its sign, so the layer drops it where the shown digits are all zero."""
    from crm_select.locales.formats import money, number, percent

    assert money(-0.3, "RUB", lang) == money(0, "RUB", lang)
    assert "-" not in money(-0.0, "RUB", lang)
    assert number(-0.04, lang, 1) == number(0, lang, 1)
    assert percent(-0.0004, lang, 1) == percent(0, lang, 1)
    assert money(-1, "RUB", lang) != money(1, "RUB", lang)  # a real negative keeps its sign
    assert percent(-0.001, lang, 1).startswith("-")


@pytest.mark.parametrize(
    ("key", "en", "ru"),
    [
        ("2026-Q4", "Q4 2026", f"IV{NBSP}кв. 2026"),
        ("2027-Q1", "Q1 2027", f"I{NBSP}кв. 2027"),
        ("2027-Q2", "Q2 2027", f"II{NBSP}кв. 2027"),
        ("2027-Q3", "Q3 2027", f"III{NBSP}кв. 2027"),
        ("2027-03", "Mar 2027", "март 2027"),
        ("2027-05", "May 2027", "май 2027"),  # the nominative, not a date's "мая"
        ("2027-01", "Jan 2027", "январь 2027"),
        ("2026-12", "Dec 2026", "декабрь 2026"),
    ],
)
def test_a_period_reads_as_each_language_writes_it(key: str, en: str, ru: str) -> None:
    assert locales.period(key, "en") == en
    assert locales.period(key, "ru") == ru


EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RU_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
ROMAN = ("I", "II", "III", "IV")


def test_every_key_the_record_writes_has_its_own_name() -> None:
    """Every month and quarter key the realisation record writes (its own ``period_label``)
    reads as written by hand: month names from the lists above, quarters in Roman numerals
    (Russian) or "Qn" (English); no two periods share a name."""
    import datetime as dt

    from crm_select.models.realisation import PeriodKind, next_period, period_label

    for kind in PeriodKind:
        start = dt.date(2025, 1, 1)
        seen: dict[str, set[str]] = {"en": set(), "ru": set()}
        while start.year < 2031:
            key, year = period_label(start, kind), start.year
            if kind is PeriodKind.MONTH:
                m = start.month - 1
                want = {"en": f"{EN_MONTHS[m]} {year}", "ru": f"{RU_MONTHS[m]} {year}"}
            else:
                n = (start.month - 1) // 3
                want = {"en": f"Q{n + 1} {year}", "ru": f"{ROMAN[n]}{NBSP}кв. {year}"}
            for lang in locales.LANGS:
                shown = locales.period(key, lang)
                assert shown == want[lang], (key, lang)
                assert shown not in seen[lang]
                seen[lang].add(shown)
            start = next_period(start, kind)


@pytest.mark.parametrize("text", ["2027-13", "2027-Q5", "2027-3", "Q1 2027", "", "annual"])
def test_what_is_not_a_period_key_is_shown_as_it_is(text: str) -> None:
    assert locales.period(text, "en") == text
    assert locales.period(text, "ru") == text
