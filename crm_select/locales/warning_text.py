"""A scoring warning as a reader sees it, on a page or in a report: the translated headline,
what it concerns by name, and (in English) the detail with ids replaced by names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from crm_select.locales import percent, translate
from crm_select.locales.lang import Lang


def named_where(where: str, names: Mapping[str, str]) -> str:
    """A warning's ``where`` (ids: ``"a/b"`` cells or judgements, comma-separated lists) with
    every id ``names`` knows replaced by its display name."""
    return ", ".join(
        " / ".join(names.get(part, part) for part in item.split("/"))
        for item in where.split(",")
        if item
    )


def named_detail(message: str, names: Mapping[str, str], ids: Iterable[str]) -> str:
    """The English detail with each of ``ids`` (whole ids only) replaced by its name."""
    known = sorted({i for i in ids if i in names}, key=len, reverse=True)
    if not known:
        return message
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, known)) + r")(?![\w-])")
    return pattern.sub(lambda m: names[m.group(1)], message)


def warning_headline(code: str, message: str, lang: Lang) -> str:
    """The translated headline of ``code`` (the message itself for a code without one)."""
    headline = translate(f"warning.{code}", lang)
    return message if headline == f"warning.{code}" else headline


def warning_text(code: str, where: str, message: str, lang: Lang) -> str:
    """Headline, where in brackets and, in English, the detail after a dash."""
    headline = warning_headline(code, message, lang)
    place = f" ({where})" if where else ""
    detail = f" — {message}" if lang == "en" and headline != message else ""
    return f"{headline}{place}{detail}"


def price_check_text(share: float, band: tuple[float, float], lang: Lang) -> str | None:
    """The initial-price check's message in ``lang`` (None: ``share`` lies in ``band``):
    the share of TCO and the band the source material expects."""
    if band[0] <= share <= band[1]:
        return None
    side = "low" if share < band[0] else "high"
    return translate(
        f"warning.initial_price_{side}",
        lang,
        share=percent(share, lang),
        low=percent(band[0], lang),
        high=percent(band[1], lang),
    )
