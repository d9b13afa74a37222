"""The pages' charts: the shared definitions (crm_select/reports/chart_specs.py, the same the
report renders offline); pages draw them through ui/chart_slot.show_chart."""

from __future__ import annotations

from crm_select.reports.chart_specs import (
    cash_fan,
    cost_stack,
    gradient_lines,
    group_balance,
    heatmap,
    interest_stack,
    kpi_fan,
    npv_histogram,
    ranking_bars,
    tornado,
    tornado_frame,
)

__all__ = [
    "cash_fan",
    "cost_stack",
    "gradient_lines",
    "group_balance",
    "heatmap",
    "interest_stack",
    "kpi_fan",
    "npv_histogram",
    "ranking_bars",
    "tornado",
    "tornado_frame",
]
