"""Tables that keep their numbers and show them in the current language's format."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

Format = Callable[[float], str]


def _cell(fmt: Format, missing: str) -> Callable[[object], str]:
    def show(value: object) -> str:
        if isinstance(value, int | float) and not math.isnan(value):
            return fmt(float(value))
        return missing if value is None or isinstance(value, float) else str(value)

    return show


def styled(frame: pd.DataFrame, formats: Mapping[str, Format], missing: str = "—") -> Any:
    """``frame`` with display formats per column (a pandas Styler for ``st.dataframe``).

    The cells stay numbers, so a test (or a copy from the grid) reads the values, while the page
    shows them as ``money``, ``percent`` or ``number`` format them; a missing value shows as
    ``missing``.
    """
    return frame.style.format({c: _cell(f, missing) for c, f in formats.items()})
