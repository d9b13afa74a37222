"""Message catalogs (en, ru) and locale-aware number formatting; pure, no UI imports.

Every label, message and chart title comes from ``<lang>/*.toml`` (one file per area,
merged; a key defined twice is an error) through :func:`translate`, so pages, reports
and the CLI speak the same words.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["en", "ru"]
LANGS: tuple[Lang, ...] = ("en", "ru")
_DIR = Path(__file__).parent


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """The flat key -> text catalog of one language, merged from its area files."""
    merged: dict[str, str] = {}
    for path in sorted((_DIR / lang).glob("*.toml")):
        with path.open("rb") as f:
            flat = _flatten(tomllib.load(f))
        clash = merged.keys() & flat.keys()
        if clash:
            raise ValueError(f"{path}: keys already defined in another file: {sorted(clash)}")
        merged.update(flat)
    return merged


def _flatten(tree: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = str(value)
    return flat


def translate(key: str, lang: Lang, **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (English, then the key itself, as fallbacks)."""
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    return text.format(**fmt) if fmt else text


def number(value: float, lang: Lang, digits: int = 0) -> str:
    """12 345,6 in Russian, 12,345.6 in English (non-breaking thin grouping in Russian)."""
    text = f"{value:,.{digits}f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def money(value: float, currency: str, lang: Lang, digits: int = 0) -> str:
    """An amount with its currency in the locale's order: 1 234 ₽ / RUB 1,234."""
    symbols = {"RUB": "₽", "USD": "$", "EUR": "€"}
    if lang == "ru":
        return f"{number(value, lang, digits)}\u00a0{symbols.get(currency, currency)}"
    return f"{currency} {number(value, lang, digits)}"


def moment(value: dt.datetime, lang: Lang) -> str:
    """A point in time to the minute, in UTC: 2026-11-28 11:42 UTC (ru: 28.11.2026 11:42 UTC)."""
    utc = value.astimezone(dt.UTC) if value.tzinfo else value
    return utc.strftime("%d.%m.%Y %H:%M UTC" if lang == "ru" else "%Y-%m-%d %H:%M UTC")


def percent(value: float, lang: Lang, digits: int = 0) -> str:
    """0.125 -> 12.5 % (ru: 12,5 %)."""
    return f"{number(value * 100, lang, digits)}\u00a0%"
