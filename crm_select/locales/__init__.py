"""Message catalogs (en, ru) and locale-aware number formatting; pure, no UI imports.

Every label, message and chart title comes from ``<lang>/*.toml`` (one file per area,
merged; a key defined twice is an error) through :func:`translate`, so pages, reports
and the CLI speak the same words. Numbers, money, percentages and compact numbers come from
:mod:`crm_select.locales.formats` (CLDR rules through Babel), re-exported here.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from crm_select.locales.formats import (
    compact,
    compact_money,
    day,
    moment,
    money,
    number,
    percent,
    period,
)
from crm_select.locales.lang import LANGS, Lang

__all__ = [
    "LANGS",
    "Lang",
    "catalog",
    "compact",
    "compact_money",
    "day",
    "moment",
    "money",
    "number",
    "percent",
    "period",
    "translate",
]

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
