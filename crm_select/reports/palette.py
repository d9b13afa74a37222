"""One colour per option, in shortlist order, for every chart: app, Excel and PDF alike; the fills
that mark a figure better or worse than a baseline."""

from __future__ import annotations

OPTION_COLOURS = (
    "#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2",
    "#EECA3B", "#B279A2", "#FF9DA6", "#9D755D", "#BAB0AC",
)  # fmt: skip


INTEREST_COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#E45756")
"""Functionality, deadlines, budget, risk: the four interests on every chart."""

CATEGORY_COLOURS = (
    "#FFB300", "#803E75", "#FF6800", "#A6BDD7", "#C10020", "#CEA262", "#817066",
    "#007D34", "#F6768E", "#00538A", "#FF7A5C", "#53377A", "#93AA00", "#7F180D",
    "#F4C800", "#B32851", "#593315", "#F13A13", "#232C16", "#FF8E00",
)  # fmt: skip
"""Up to twenty categories (the TCO's thirteen cost categories) in distinct colours: Kelly's
colours of maximum contrast after white and black, most distinct first (Kelly 1965, "Twenty-two
colors of maximum contrast", Color Engineering 3(6))."""


def colour_of(index: int) -> str:
    """The colour of the option at ``index`` of the shortlist."""
    return OPTION_COLOURS[index % len(OPTION_COLOURS)]


MARK_FILL = {"better": "#C6EFCE", "worse": "#FFC7CE"}
"""Fills of cells better or worse than a baseline (Excel's own good / bad styles)."""
