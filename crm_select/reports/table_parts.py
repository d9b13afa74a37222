"""A wide table shown in parts that fit a width: the label columns repeated in each part, the
rest in balanced groups that keep one measure's percentiles together. The HTML report and the
app's pages show wide tables this way, so every column is on screen without scrolling.

Widths are counted in characters of the formatted cells (on a web page a header wraps at
spaces and a text anywhere, in the app's grid neither; a number never); each surface says how
many characters it has room for.
"""

from __future__ import annotations

import math
import re

from crm_select.reports.tables import Table

_TEXT_WRAP = 12  # characters of a text cell counted: text wraps (anywhere, if it must)
_PERCENTILE = re.compile(r"\s+(P\d+|Mean|Среднее)$", re.IGNORECASE)


def _width(table: Table, rows: list[list[str]], c: int, wraps: bool) -> int:
    """Characters column ``c`` needs: its header and its longest cell, and padding. Where text
    ``wraps`` (a web page), a header needs its longest word and a text cell
    :data:`_TEXT_WRAP` characters; a number never wraps."""
    name = str(table.df.columns[c])
    header = max((len(w) for w in name.split()), default=1) if wraps else len(name)
    cell = max((len(row[c]) for row in rows), default=0)
    if wraps and table.kinds.get(c, "text") == "text":
        cell = min(cell, _TEXT_WRAP)
    return max(header, cell) + 2


def _pack(groups: list[list[int]], need: list[int], limit: int) -> list[list[int]]:
    """Groups of columns in order into parts of at most ``limit`` characters where they can."""
    parts: list[list[int]] = [[]]
    for group in groups:
        taken = sum(need[c] for c in parts[-1])
        if parts[-1] and taken + sum(need[c] for c in group) > limit:
            parts.append([])
        parts[-1].extend(group)
    return parts


def column_parts(
    table: Table, rows: list[list[str]], width: int, wraps: bool = True
) -> list[list[int]]:
    """The columns of each part ``table`` is shown in: all of them while they fit
    ``width`` characters, else the label columns (those before the first value after the first
    column) and balanced groups of the rest, never splitting the percentiles of one measure
    (``NPV P5``, ``NPV P50``, ``NPV P95``)."""
    n = table.df.shape[1]
    lead = next((c for c in range(1, n) if table.kinds.get(c, "text") != "text"), n)
    need = [_width(table, rows, c, wraps) for c in range(n)]
    room = width - sum(need[:lead])
    rest = sum(need[lead:])
    if rest <= room or lead == n:
        return [list(range(n))]
    groups: list[list[int]] = []
    for c in range(lead, n):
        stem = _PERCENTILE.sub("", str(table.df.columns[c]))
        if groups and _PERCENTILE.sub("", str(table.df.columns[groups[-1][0]])) == stem:
            groups[-1].append(c)
        else:
            groups.append([c])
    room = max(room, 1)
    count = math.ceil(rest / room)
    packings = (_pack(groups, need, limit) for limit in range(math.ceil(rest / count), room))
    parts = next((p for p in packings if len(p) <= count), _pack(groups, need, room))
    return [[*range(lead), *part] for part in parts]


def part_tables(table: Table, rows: list[list[str]], width: int, wraps: bool = True) -> list[Table]:
    """``table`` as the tables of :func:`column_parts`: the first keeps its key and title, the
    others are keyed ``key-2``, ``key-3``, ... and every title says which part of how many."""
    parts = column_parts(table, rows, width, wraps)
    if len(parts) == 1:
        return [table]
    out = []
    for k, cols in enumerate(parts, start=1):
        where = {c: i for i, c in enumerate(cols)}
        out.append(
            Table(
                table.key if k == 1 else f"{table.key}-{k}",
                table.sheet,
                f"{table.title} ({k}/{len(parts)})",
                table.df.iloc[:, cols],
                {where[c]: kind for c, kind in table.kinds.items() if c in where},
                table.heatmap,
                table.note if k == len(parts) else "",
                {(r, where[c]): m for (r, c), m in table.marks.items() if c in where},
            )
        )
    return out
