"""The languages every text and number is offered in."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "ru"]
LANGS: tuple[Lang, ...] = ("en", "ru")
