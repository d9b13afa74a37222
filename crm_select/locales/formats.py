"""Numbers, money, percentages and compact numbers in the user's language, by CLDR (Babel).

One place for every surface: pages, the charts' axis formats and the reports call these, never
hand-written separators. Russian: decimal comma, no-break space between thousands ("1 234 567,8"),
"12,5 %", "12,3 млн ₽"; English: "1,234,567.8", "12.5%", "RUB 12.3M". Reporting periods as
each language writes them: "Mar 2027", "Q4 2026"; "март 2027", "IV кв. 2026".

Currency spacing is CLDR's rule (``currencySpacing``): a currency sign that ends in a letter
(an ISO code such as "RUB" in English) is set off from the digits by a no-break space; Babel
applies the patterns but not this rule.

References
----------
Unicode CLDR, Part 3 Numbers (UTS #35): number patterns, compact decimal formats, currency
spacing. https://unicode.org/reports/tr35/tr35-numbers.html
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from decimal import Decimal
from functools import cache
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    NumberFormatError,
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_symbol,
    parse_decimal,
)

from crm_select.locales.lang import Lang

NBSP = "\u00a0"


@cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(lang)


def _digits(pattern: str, digits: int) -> str:
    """A CLDR pattern (positive part) with exactly ``digits`` fraction digits."""
    core = re.sub(r"\.[0#]+", "", pattern.split(";")[0])
    frac = "." + "0" * digits if digits > 0 else ""
    return re.sub(r"[#0,]*0", lambda m: m.group(0) + frac, core, count=1)


def _spaced(text: str, currency: str, lang: Lang) -> str:
    """CLDR currency spacing: a no-break space between a sign made of letters and a digit."""
    sign = re.escape(get_currency_symbol(currency, _locale(lang)))
    if not re.search(r"[^\W\d_]", sign):
        return text
    text = re.sub(rf"({sign})(?=[\d\-−])", rf"\1{NBSP}", text)
    return re.sub(rf"(?<=\d)({sign})", rf"{NBSP}\1", text)


def _unsigned_zero(value: float, digits: int) -> float:
    """``value``, or 0 when it shows as zero at ``digits`` decimals: "-0 ₽" and "-0,0 %" are
    not amounts (a cost 0.3 kopecks under its forecast shows as 0)."""
    return 0.0 if round(value, digits) == 0 else value


def number(value: float, lang: Lang, digits: int = 0) -> str:
    """12 345,6 (ru) / 12,345.6 (en)."""
    pattern = _digits(_locale(lang).decimal_formats[None].pattern, digits)
    return format_decimal(_unsigned_zero(value, digits), format=pattern, locale=_locale(lang))


def editable_number(value: float, lang: Lang, digits: int = 0) -> str:
    """A number to edit in a text box: at least ``digits`` fraction digits, up to six where the
    value has them (no float noise), group separators as :func:`number` writes them."""
    base = _digits(_locale(lang).decimal_formats[None].pattern, digits)
    pattern = base + ("" if digits else ".") + "#" * max(0, 6 - digits)
    return format_decimal(value, format=pattern, locale=_locale(lang))


def parse_number(text: str, lang: Lang) -> float:
    """A number as a user types it in ``lang`` (CLDR's symbols: "26 000,50" in Russian,
    "26,000.50" in English; any kind of space between thousands; "−" for minus). Russian also
    takes a decimal point when there is no comma ("26000.5"). Raises ``ValueError`` on
    anything else, grouping in the wrong places included."""
    clean = text.strip().replace("\u2212", "-")
    symbols = _locale(lang).number_symbols["latn"]
    if not symbols["group"].strip():  # a space groups: any space does (typed, no-break, narrow)
        clean = re.sub(r"[ \u00a0\u202f]", symbols["group"], clean)
    if lang == "ru" and symbols["decimal"] not in clean and clean.count(".") == 1:
        clean = clean.replace(".", symbols["decimal"])
    if not re.fullmatch(r"[-+]?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*", clean):
        raise ValueError(f"not a number: {text!r}")
    try:
        return float(parse_decimal(clean, locale=_locale(lang), strict=True))
    except NumberFormatError as e:
        raise ValueError(f"not a number: {text!r}") from e


def editable_percent(value: float, lang: Lang) -> str:
    """A fraction to edit as a percentage: one decimal at least, up to four where the value
    has them (0.03 -> "3,0 %" in Russian, 0.03456 -> "3.456%" in English)."""
    pattern = _digits(_locale(lang).percent_formats[None].pattern, 1).replace(".0", ".0###", 1)
    return format_percent(value, format=pattern, locale=_locale(lang))


def parse_percent(text: str, lang: Lang) -> float:
    """A percentage as a user types it in ``lang``, as a fraction: "3,5 %" (ru) and "3.5%"
    (en) are 0.035, the sign may be left out ("3,5"), any space before it. ``ValueError`` on
    anything :func:`parse_number` refuses."""
    sign = _locale(lang).number_symbols["latn"]["percentSign"]
    points = parse_number(text.strip().removesuffix(sign).removesuffix("%"), lang)
    return float(Decimal(repr(points)) / 100)  # decimal: "3,456 %" reads 0.03456 exactly


#: Streamlit's date-picker pattern per language: day.month.year in Russian, ISO 8601 in English
DATE_INPUT_FORMAT: dict[Lang, Literal["DD.MM.YYYY", "YYYY-MM-DD"]] = {
    "ru": "DD.MM.YYYY",
    "en": "YYYY-MM-DD",
}


def money(value: float, currency: str, lang: Lang, digits: int = 0) -> str:
    """1 234 ₽ (ru) / RUB 1,234, $1,234 (en): the locale's currency pattern and sign."""
    pattern = _digits(_locale(lang).currency_formats["standard"].pattern, digits)
    text = format_currency(
        _unsigned_zero(value, digits),
        currency,
        format=pattern,
        locale=_locale(lang),
        currency_digits=False,
    )
    return _spaced(text, currency, lang)


def percent(value: float, lang: Lang, digits: int = 0) -> str:
    """0.125 -> 12,5 % (ru) / 12.5% (en)."""
    pattern = _digits(_locale(lang).percent_formats[None].pattern, digits)
    shown = _unsigned_zero(value * 100, digits) / 100
    return format_percent(shown, format=pattern, locale=_locale(lang))


def compact(value: float, lang: Lang, digits: int = 1) -> str:
    """12 345 678 -> 12,3 млн (ru) / 12.3M (en): CLDR's short compact decimal format."""
    return format_compact_decimal(value, locale=_locale(lang), fraction_digits=digits)


def compact_money(value: float, currency: str, lang: Lang, digits: int = 1) -> str:
    """12 345 678 RUB -> 12,3 млн ₽ (ru) / RUB 12.3M (en)."""
    text = format_compact_currency(value, currency, locale=_locale(lang), fraction_digits=digits)
    return _spaced(text, currency, lang)


def vega_number_locale(lang: Lang) -> dict[str, object]:
    """The d3-format number locale of Vega charts (``config.locale.number``): CLDR's decimal and
    group separators and percent sign, so axis labels and tooltips read "0,543", "10 000" and
    "12 %" in Russian."""
    symbols = _locale(lang).number_symbols["latn"]
    pattern = _locale(lang).percent_formats[None].pattern.split(";")[0]
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": ["", ""],
        "percent": pattern[pattern.rindex("0") + 1 :],  # what follows the digits: "%" or " %"
    }


def compact_axis_expr(lang: Lang, digits: int = 1) -> str:
    """A Vega label expression writing ``datum.value`` compactly by CLDR's short patterns
    (12,3 млн / 12.3M; thousands, millions, billions, trillions), with the chart's locale."""
    patterns = _locale(lang).compact_decimal_formats["short"]["other"]
    expr = "format(datum.value, ',.0f')"
    for power in (3, 6, 9, 12):
        suffix = re.sub(r"0+", "", str(patterns[str(10**power)].pattern)).replace("'", "")
        expr = (
            f"abs(datum.value) >= 1e{power} ? format(datum.value / 1e{power}, ',.{digits}~f')"
            f" + {json.dumps(suffix, ensure_ascii=False)} : {expr}"
        )
    return expr


def compact_axis_digits(lo: float, hi: float, ticks: int = 10) -> int:
    """Fraction digits that tell apart the compact labels of an axis over ``[lo, hi]``.

    An axis puts at most ``ticks`` ticks on a step of 1, 2 or 5 × 10^k, so the step is at least
    ``10^⌊log10((hi − lo) / ticks)⌋``; labels in units of ``10^p`` (thousand, million, ...:
    the largest CLDR unit not above ``max(|lo|, |hi|)``) need ``p − ⌊log10 step⌋`` digits to
    differ (at least one, at most six; trailing zeros are dropped by ``~``).
    """
    span, big = abs(hi - lo), max(abs(lo), abs(hi))
    if not (math.isfinite(span) and math.isfinite(big)) or span == 0 or big < 1e3:
        return 1
    power = max(p for p in (3, 6, 9, 12) if big >= 10**p or p == 3)
    step = math.floor(math.log10(span / ticks))
    return min(6, max(1, power - step))


def day(value: dt.date, lang: Lang) -> str:
    """A calendar date: 2026-11-22 (ru: 22.11.2026), unambiguous in both languages."""
    return value.strftime("%d.%m.%Y" if lang == "ru" else "%Y-%m-%d")


def moment(value: dt.datetime, lang: Lang) -> str:
    """A point in time to the minute, in UTC: 2026-11-28 11:42 UTC (ru: 28.11.2026 11:42 UTC)."""
    utc = value.astimezone(dt.UTC) if value.tzinfo else value
    return utc.strftime("%d.%m.%Y %H:%M UTC" if lang == "ru" else "%Y-%m-%d %H:%M UTC")


_MONTH_KEY = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_QUARTER_KEY = re.compile(r"(\d{4})-Q([1-4])")

#: CLDR date patterns of a month in a year: English the abbreviated name ("Mar 2027"), Russian
#: the full stand-alone name in the nominative ("март 2027", not the genitive "марта" of a date)
_MONTH_PATTERN: dict[Lang, str] = {"en": "LLL y", "ru": "LLLL y"}
_ROMAN = ("I", "II", "III", "IV")


def period(key: str, lang: Lang) -> str:
    """A reporting period's stored key as ``lang`` writes it, for display only (the key stays
    what is stored, typed and exported): a month ``2027-03`` -> "Mar 2027" (en) / "март 2027"
    (ru); a quarter ``2026-Q4`` -> "Q4 2026" (en, CLDR's abbreviated quarter) / "IV кв. 2026"
    (ru, the quarter in Roman numerals as Russian accounts and statistics write it; CLDR's
    "4-й кв." reads as an ordinal). Anything else is returned unchanged."""
    if m := _MONTH_KEY.fullmatch(key):
        start = dt.date(int(m[1]), int(m[2]), 1)
        return format_date(start, _MONTH_PATTERN[lang], locale=_locale(lang))
    if q := _QUARTER_KEY.fullmatch(key):
        year, n = int(q[1]), int(q[2])
        if lang == "ru":
            return f"{_ROMAN[n - 1]}{NBSP}кв. {year}"
        return format_date(dt.date(year, 3 * n - 2, 1), "QQQ y", locale=_locale(lang))
    return key
