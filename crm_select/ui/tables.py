"""Tables that keep their numbers and show them in the current language's format."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from crm_select.reports.palette import MARK_FILL
from crm_select.reports.tables import Table
from crm_select.ui.i18n import money, number, percent

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


def marked(table: Table, currency: str) -> Any:
    """A report :class:`~crm_select.reports.tables.Table` for ``st.dataframe``: its numbers in
    the current language's format and its marked cells (better or worse than a baseline) on
    the report's green or red fill."""
    shown: dict[str, Format] = {
        "money": lambda v: money(v, currency),
        "percent": lambda v: percent(v, 1),
        "years": lambda v: number(v, 1),
    }
    formats = {str(table.df.columns[c]): shown[k] for c, k in table.kinds.items() if k in shown}
    css = pd.DataFrame("", index=table.df.index, columns=table.df.columns)
    for (r, c), mark in table.marks.items():
        css.iat[r, c] = f"background-color: {MARK_FILL[mark]}"
    return styled(table.df, formats).apply(lambda _: css, axis=None)
