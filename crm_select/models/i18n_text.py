"""Text a user can give in one language or both."""

from __future__ import annotations

from typing import Literal

from crm_select.models.text import Name

Lang = Literal["en", "ru"]
LocalText = Name | dict[Lang, Name]


def text(value: LocalText, lang: Lang) -> str:
    """The value in ``lang``, falling back to the other language."""
    if isinstance(value, str):
        return value
    return value.get(lang) or next(iter(value.values()), "")
