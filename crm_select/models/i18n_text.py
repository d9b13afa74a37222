"""Text a user can give in one language or both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from crm_select.models.text import Name, Text

Lang = Literal["en", "ru"]
LocalText = Name | dict[Lang, Name]
LocalLongText = Text | dict[Lang, Text]
"""A description or note in one language or both (``{en: ..., ru: ...}``)."""


def text(value: str | Mapping[Lang, str], lang: Lang) -> str:
    """The value in ``lang``, falling back to the other language."""
    if isinstance(value, str):
        return value
    return value.get(lang) or next(iter(value.values()), "")
