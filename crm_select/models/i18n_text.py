"""Text a user can give in one language or both."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "ru"]
LocalText = str | dict[Lang, str]


def text(value: LocalText, lang: Lang) -> str:
    """The value in ``lang``, falling back to the other language."""
    if isinstance(value, str):
        return value
    return value.get(lang) or next(iter(value.values()), "")
