"""When recurring charges are paid, on the model's yearly grid.

The grid discounts the flows of the year ``(y - 1, y]`` at its end ``y`` (docs/finance.md). A
charge billed at other points of the year is split between the year's start ``y - 1`` and its
end ``y`` so that both its nominal amount and its present value are exact: a payment at
``y - 1 + s`` (``0 <= s <= 1``) is worth ``(1 + r)^-(y - 1 + s)``, and the split that
reproduces it puts the share

    w(s) = ((1 + r)^(1 - s) - 1) / r        (w = 1 - s when r = 0)

at the start of the year and ``1 - w(s)`` at its end. A billing period of a month, a quarter
or a year pays ``n`` equal parts at ``s = k / n`` (in advance, k = 0 .. n-1) or
``s = (k + 1) / n`` (in arrears), so its share is the mean of ``w`` over those points: annual
in advance is 1 (the whole year at its start, PV raised by the factor ``1 + r``), annual in
arrears 0 (the year-end convention), monthly in advance about 0.54 at r = 10 %.
"""

from __future__ import annotations

from crm_select.models.catalog import Billing

PARTS = {"month": 12, "quarter": 4, "year": 1}


def start_share(s: float, rate: float) -> float:
    """The share of a payment at ``y - 1 + s`` placed at the year's start (module docstring)."""
    if rate == 0 or s in (0.0, 1.0):
        return 1.0 - s  # exact at the year's start and end
    return ((1.0 + rate) ** (1.0 - s) - 1.0) / rate


def advance_share(billing: Billing, rate: float) -> float:
    """The share of a year's charge placed at the year's start for a billing convention."""
    n = PARTS[billing.period]
    first = 0 if billing.timing == "advance" else 1
    return sum(start_share((k + first) / n, rate) for k in range(n)) / n
