"""Column widths that never break a word: each column gets at least the width of its longest
word (a header wraps at spaces, a cell too), the rest of the table's width shared as the layout
asked. The same rule as a web browser's automatic table layout (CSS 2.1 §17.5.2.2: a column is
never narrower than its minimum content width)."""

from __future__ import annotations

from collections.abc import Sequence


def fit_widths(wanted: Sequence[float], least: Sequence[float]) -> list[float] | None:
    """``wanted`` widths changed as little as needed so that column i is at least ``least[i]``
    wide, the total unchanged: what a narrow column lacks is taken from the others in proportion
    to what they have beyond their own least. None when the least widths add up to more than
    the total (the caller then sets a smaller font)."""
    total = sum(wanted)
    if sum(least) > total + 1e-9:
        return None
    widths = [max(w, m) for w, m in zip(wanted, least, strict=True)]
    excess = sum(widths) - total
    spare = [w - m for w, m in zip(widths, least, strict=True)]
    room = sum(spare)
    if excess <= 0 or room <= 0:
        return widths
    return [w - excess * s / room for w, s in zip(widths, spare, strict=True)]
