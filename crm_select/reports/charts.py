"""Report charts: altair specifications rendered to PNG offline (reports/render.py).

Every option keeps one colour across all charts (the order of the shortlist). A chart that
cannot be built or drawn is named in the result's ``failed`` with the reason; the others are
still drawn, and nothing a chart contains can stop the process that asked for it.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from crm_select.models.i18n_text import Lang
from crm_select.reports.palette import colour_of
from crm_select.reports.render import FONT_DIR, ChartSet, render_pngs
from crm_select.reports.report_data import ReportData
from crm_select.reports.tables import (
    category_label,
    group_label,
    input_label,
    tr,
)
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
LABEL_LIMIT = 260


def option_colours(data: ReportData) -> alt.Scale:
    names = [data.option_name(o) for o in data.option_ids]
    colours = [colour_of(i) for i in range(len(names))]
    return alt.Scale(domain=names, range=colours)


def ranking_chart(data: ReportData, lang: Lang) -> alt.Chart:
    t = tr(lang)
    df = pd.DataFrame(
        [
            {"option": data.option_name(r.option), "score": r.score, "rank": r.rank}
            for r in data.ranking.ranking()
        ]
    )
    order = list(df["option"])
    base = alt.Chart(df).encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("score:Q", title=t("axis_score")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("option:N", scale=option_colours(data), legend=None)
    )
    labels = base.mark_text(align="left", dx=3).encode(text=alt.Text("score:Q", format=".3f"))
    return (bars + labels).properties(title=t("chart_ranking"), width=420, height=32 * len(df))


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
            y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            x=alt.X("value:Q", stack="zero", title=t("axis_score")),
            color=alt.Color(
                "group:N",
                title=t("axis_group"),
                sort=[group_label(g, lang) for g in groups],
                scale=alt.Scale(range=["#4C78A8", "#F58518", "#54A24B", "#E45756"]),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(title=t("balance"), width=420, height=32 * len(order))
    )


def tco_chart(data: ReportData, lang: Lang) -> alt.Chart:
    t = tr(lang)
    rows = []
    for o in data.option_ids:
        cats = data.sim_option(o).tco_by_category
        for c, vals in cats.items():
            total = float(sum(vals))
            if total:
                rows.append(
                    {
                        "option": data.option_name(o),
                        "category": category_label(c, lang),
                        "value": total,
                        "order": CATEGORIES.index(c) if c in CATEGORIES else 99,
                    }
                )
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "option:N",
                sort=[data.option_name(o) for o in data.option_ids],
                title=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            x=alt.X(
                "value:Q",
                stack="zero",
                title=t("axis_money", currency=data.currency),
                axis=alt.Axis(format="~s"),
            ),
            color=alt.Color(
                "category:N",
                title=t("axis_category"),
                sort=[category_label(c, lang) for c in CATEGORIES],
                scale=alt.Scale(scheme="tableau20"),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(title=t("chart_tco"), width=420, height=32 * len(data.option_ids))
    )


def npv_chart(data: ReportData, lang: Lang) -> alt.Chart | None:
    t = tr(lang)
    rows = []
    for o in data.option_ids:
        sim = data.sim_option(o)
        if sim.npv.get("p50") is None:
            continue
        rows.append(
            {
                "option": data.option_name(o),
                "p5": sim.npv["p5"],
                "p50": sim.npv["p50"],
                "p95": sim.npv["p95"],
            }
        )
    if not rows:
        return None
    df = pd.DataFrame(rows)
    colour = alt.Color("option:N", scale=option_colours(data), legend=None)
    y = alt.Y("option:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    money = alt.Axis(format="~s")
    rule = (
        alt.Chart(df)
        .mark_rule(strokeWidth=3)
        .encode(
            y=y,
            x=alt.X("p5:Q", title=t("axis_money", currency=data.currency), axis=money),
            x2="p95:Q",
            color=colour,
        )
    )
    point = (
        alt.Chart(df)
        .mark_point(filled=True, size=120, shape="diamond")
        .encode(y=y, x="p50:Q", color=colour)
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color="#888", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return (rule + point + zero).properties(title=t("chart_npv"), width=420, height=32 * len(df))


def tornado_chart(data: ReportData, lang: Lang, option_id: str | None = None) -> alt.Chart | None:
    t = tr(lang)
    oid = option_id or data.winner
    sim = data.sim_option(oid)
    if not sim.tornado:
        return None
    base = sim.tornado_base_npv
    rows = []
    for r in sim.tornado:
        name = input_label(r.input, lang)
        rows.append(
            {"input": name, "side": t("chart_low"), "from": base, "to": r.npv_low, "swing": r.swing}
        )
        rows.append(
            {
                "input": name,
                "side": t("chart_high"),
                "from": base,
                "to": r.npv_high,
                "swing": r.swing,
            }
        )
    df = pd.DataFrame(rows)
    order = [input_label(r.input, lang) for r in sim.tornado]
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("input:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            x=alt.X(
                "from:Q", title=t("axis_money", currency=data.currency), axis=alt.Axis(format="~s")
            ),
            x2="to:Q",
            color=alt.Color(
                "side:N",
                title=None,
                scale=alt.Scale(
                    domain=[t("chart_low"), t("chart_high")], range=["#E45756", "#54A24B"]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(title=t("chart_tornado"), width=420, height=22 * len(order))
    )


def report_charts(data: ReportData, lang: Lang) -> ChartSet:
    """PNG of every report chart, keyed ranking / balance / tco / npv / tornado; a chart that
    fails to build or draw is in ``failed`` with the reason instead."""
    builders: dict[str, Callable[[ReportData, Lang], alt.Chart | None]] = {
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
                specs[key] = chart.configure(font=FONT).configure_view(stroke=None).to_dict()
        except Exception as e:  # one chart's failure must not cost the report
            failed[key] = f"{type(e).__name__}: {e}"
    drawn = render_pngs(specs)
    why = {**failed, **drawn.failed}
    order = tuple(k for k in builders if k in drawn.images or k in why)
    return ChartSet(drawn.images, why, order)
