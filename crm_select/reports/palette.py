"""One colour per option, in shortlist order, for every chart: app, Excel and PDF alike; the fills
that mark a figure better or worse than a baseline."""

from __future__ import annotations

OPTION_COLOURS = (
    "#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2",
    "#EECA3B", "#B279A2", "#FF9DA6", "#9D755D", "#BAB0AC",
)  # fmt: skip


def colour_of(index: int) -> str:
    """The colour of the option at ``index`` of the shortlist."""
    return OPTION_COLOURS[index % len(OPTION_COLOURS)]


MARK_FILL = {"better": "#C6EFCE", "worse": "#FFC7CE"}
"""Fills of cells better or worse than a baseline (Excel's own good / bad styles)."""
