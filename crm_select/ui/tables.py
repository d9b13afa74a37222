"""Tables that keep their numbers and show them in the current language's format."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from crm_select.reports.palette import MARK_FILL
from crm_select.reports.table_parts import part_tables
from crm_select.reports.tables import Kind, Table, formatted
from crm_select.ui.i18n import lang, money, number, percent

__all__ = ["PAGE_WIDTH", "Kind", "marked", "pinned", "show_wide", "styled", "table_of"]

Format = Callable[[float], str]

PAGE_WIDTH = 84
"""Characters of a table a page's grid shows without scrolling in a 1024 px window (a
projector's; the page's column is about 560 px there, about 6.7 px a character with padding,
measured in Chromium; the grid wraps neither headers nor text): a wider table is shown in
parts."""


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


def table_of(frame: pd.DataFrame, kinds: Mapping[str, Kind], key: str) -> Table:
    """A page's frame as a report :class:`~crm_select.reports.tables.Table` (``kinds``: how
    the columns so named show their numbers; the others are text)."""
    where = {str(c): i for i, c in enumerate(frame.columns)}
    return Table(key, "", "", frame, {where[c]: k for c, k in kinds.items()})


def pinned(columns: Sequence[str]) -> dict[str, Any]:
    """``st.dataframe``'s column settings that keep ``columns`` (the labels) in view while the
    grid scrolls sideways."""
    return {c: st.column_config.Column(pinned=True) for c in columns}


def show_wide(table: Table, currency: str, key: str) -> None:
    """A report table on the page: in parts that fit (the report's split, the labels repeated
    and pinned), its numbers in the current language's format, its marked cells filled."""
    rows = formatted(table, currency, lang())
    parts = part_tables(table, rows, PAGE_WIDTH, wraps=False)
    for k, part in enumerate(parts, start=1):
        labels = [str(c) for i, c in enumerate(part.df.columns) if part.kinds.get(i) is None]
        st.dataframe(
            marked(part, currency),
            hide_index=True,
            width="stretch",
            key=key if k == 1 else f"{key}-{k}",
            column_config=pinned(labels),
        )
