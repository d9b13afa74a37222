"""Report charts: altair specifications rendered to PNG offline (reports/render.py).

Every option keeps one colour across all charts (the order of the shortlist). A chart that
cannot be built or drawn is named in the result's ``failed`` with the reason; the others are
still drawn, and nothing a chart contains can stop the process that asked for it.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from crm_select.locales.formats import vega_number_locale
from crm_select.models.i18n_text import Lang
from crm_select.reports.chart_specs import (
    cost_stack,
    names_axis,
    npv_range,
    ranking_bars,
    rows_height,
    tornado,
    tornado_frame,
    value_axis,
)
from crm_select.reports.palette import INTEREST_COLOURS
from crm_select.reports.render import FONT_DIR, ChartSet, render_pngs
from crm_select.reports.report_data import ReportData, in_report_language
from crm_select.reports.tables import (
    category_label,
    group_label,
    tr,
)
from finance.conventions import benefit_reading
from finance.costs import CATEGORIES

__all__ = ["CHART_TITLES", "FONT_DIR", "ChartSet", "report_charts"]

# Each chart's title among the report's messages (``report.`` keys), by chart key.
CHART_TITLES = {
    "ranking": "chart_ranking",
    "balance": "balance",
    "tco": "chart_tco",
    "npv": "chart_npv",
    "tornado": "chart_tornado",
}

FONT = "DejaVu Sans"
WIDTH = 420
"""Pixels of a report chart's plot (the PDF's text width at scale 2)."""


def _names(data: ReportData) -> list[str]:
    return [data.option_name(o) for o in data.option_ids]


def ranking_chart(data: ReportData, lang: Lang) -> alt.LayerChart:
    t = tr(lang)
    df = pd.DataFrame(
        [{"label": data.option_name(r.option), "score": r.score} for r in data.ranking.ranking()]
    )
    return ranking_bars(df, _names(data), t("axis_score")).properties(
        title=t("chart_ranking"), width=WIDTH
    )


def balance_chart(data: ReportData, lang: Lang) -> alt.Chart:
    t = tr(lang)
    parts = data.contributions
    groups = [g.id.value for g in data.scenario.criteria.groups]
    order = [data.option_name(r.option) for r in data.ranking.ranking()]
    rows = [
        {
            "option": data.option_name(o),
            "group": group_label(g, lang),
            "value": parts[o].get(g, 0.0),
            "order": k,
        }
        for o in data.option_ids
        for k, g in enumerate(groups)
    ]
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("option:N", sort=order, title=None, axis=names_axis()),
            x=alt.X("value:Q", stack="zero", axis=value_axis(t("axis_score"))),
            color=alt.Color(
                "group:N",
                title=t("axis_group"),
                sort=[group_label(g, lang) for g in groups],
                scale=alt.Scale(range=list(INTEREST_COLOURS)),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(title=t("balance"), width=WIDTH, height=rows_height(order))
    )


def tco_totals(data: ReportData, lang: Lang) -> list[tuple[str, str, float]]:
    """(option id, category name, mean TCO over the horizon) for every non-zero category, in
    the shortlist's and the categories' order: the TCO chart's and the deck's bars."""
    return [
        (o, category_label(c, lang), total)
        for o in data.option_ids
        for c, vals in data.sim_option(o).tco_by_category.items()
        if (total := float(sum(vals)))
    ]


def tco_chart(data: ReportData, lang: Lang) -> alt.Chart:
    t = tr(lang)
    rows = [
        {"option": data.option_name(o), "category": category, "value": total}
        for o, category, total in tco_totals(data, lang)
    ]
    shown = {r["category"] for r in rows}
    categories = [category_label(c, lang) for c in CATEGORIES if category_label(c, lang) in shown]
    return cost_stack(
        pd.DataFrame(rows),
        "option",
        categories,
        t("chart_tco"),
        t("axis_money", currency=data.currency),
        lang,
        horizontal=True,
    ).properties(width=WIDTH)


def npv_chart(data: ReportData, lang: Lang) -> alt.LayerChart | None:
    t = tr(lang)
    rows = [
        {
            "label": data.option_name(o),
            **{k: data.sim_option(o).npv[k] for k in ("p5", "p50", "p95")},
        }
        for o in data.option_ids
        if data.sim_option(o).npv.get("p50") is not None
    ]
    if not rows:
        return None
    return npv_range(
        pd.DataFrame(rows),
        _names(data),
        f"{t('chart_npv')} ({benefit_reading(data.scenario, lang)})",
        t("axis_money", currency=data.currency),
        lang,
    ).properties(width=WIDTH)


def tornado_chart(
    data: ReportData, lang: Lang, option_id: str | None = None
) -> alt.LayerChart | None:
    t = tr(lang)
    sim = data.sim_option(option_id or data.winner)
    if not sim.tornado:
        return None
    sides = (t("chart_low"), t("chart_high"))
    return tornado(
        tornado_frame(sim.tornado, sides, lang),
        sim.tornado_base_npv,
        f"{t('chart_tornado')} ({benefit_reading(data.scenario, lang)})",
        t("axis_money", currency=data.currency),
        sides,
        lang,
    ).properties(width=WIDTH)


@in_report_language
def report_charts(data: ReportData, lang: Lang) -> ChartSet:
    """PNG of every report chart, keyed ranking / balance / tco / npv / tornado; a chart that
    fails to build or draw is in ``failed`` with the reason instead."""
    builders: dict[str, Callable[[ReportData, Lang], alt.Chart | alt.LayerChart | None]] = {
        "ranking": ranking_chart,
        "balance": balance_chart,
        "tco": tco_chart,
        "npv": npv_chart,
        "tornado": tornado_chart,
    }
    specs: dict[str, dict[str, object]] = {}
    failed: dict[str, str] = {}
    for key, build in builders.items():
        try:
            chart = build(data, lang)
            if chart is not None:
                specs[key] = (
                    chart.configure(font=FONT, locale={"number": vega_number_locale(lang)})
                    .configure_view(stroke=None)
                    .to_dict()
                )
        except Exception as e:  # one chart's failure must not cost the report
            failed[key] = f"{type(e).__name__}: {e}"
    drawn = render_pngs(specs)
    why = {**failed, **drawn.failed}
    order = tuple(k for k in builders if k in drawn.images or k in why)
    return ChartSet(drawn.images, why, order)
