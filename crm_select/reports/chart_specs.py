"""Chart definitions shared by the app's pages (crm_select/ui/charts.py shows them) and the report's
offline images (crm_select/reports/charts.py renders them with vl-convert): one altair spec per
chart, so both surfaces name, colour, label and format the same way.

Readable at 1024 px and projected: every row or bar gets :data:`ROW` pixels (more for a name
on several lines) and its label (no label is dropped for overlap; a long name wraps onto lines of
:data:`WRAP` characters instead of being cut), every colour has a legend
or a direct label, options keep their shortlist colour, and numbers follow the user's locale
(:func:`localised`: CLDR separators; money axes compact, "12,3 млн" / "12.3M"). A value axis
along the chart's width ticks on a round step (1, 2 or 5 × 10^k: "0, 500 тыс., 1 млн") chosen
for the plot's width so that no two labels touch (:func:`spaced_ticks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

import altair as alt
import pandas as pd

from crm_select.locales import Lang
from crm_select.locales.formats import (
    compact_axis_digits,
    compact_axis_expr,
    period,
    vega_number_locale,
)
from crm_select.reports.palette import CATEGORY_COLOURS, INTEREST_COLOURS, colour_of
from crm_select.reports.tables import as_read, input_label
from finance.sensitivity import TornadoRow

ROW = 30
"""Pixels per bar or heatmap row (at least)."""
LINE = 14
"""Pixels per line of a wrapped label."""
WRAP = 30
"""Characters per line of a name: longer names wrap at spaces onto more lines."""
LABEL_LIMIT = 320
"""Pixels of one line of an axis label before it is cut (only a single word longer than a
line, as names wrap at spaces)."""
LEGEND_LIMIT = 240
"""Pixels of one line of a legend label: two columns of them fit a 560 px chart (a 1024 px
window's column); legends wrap in rows instead of running off the chart."""
_BREAK = rf"(.{{1,{WRAP}}})(\s+|$)"
WRAPPED = (
    "slice(split(replace(datum.label, regexp('"
    + _BREAK.replace("\\", "\\\\")  # a backslash inside a Vega string literal
    + "', 'g'), '$1\\n'), '\\n'), 0, -1)"
)
"""A Vega label expression: the label as lines of at most :data:`WRAP` characters, broken at
spaces (the last line ends the text, so the split's empty tail is dropped)."""
AXIS_FONT = 13
"""Pixels of the axis labels on a page (ui/chart_slot draws them at this size, for a projector;
the report's images draw them smaller), the size the ticks' spacing is measured for."""
SCORE_TICK = 44
"""Pixels from one score tick to the next, at least: "0,55" is 29 px wide in :data:`AXIS_FONT`,
and a gap."""
PERCENT_TICK = 56
"""Pixels between percentage ticks, at least ("100 %" is 41 px wide)."""
MONEY_TICK = 84
"""Pixels between compact money ticks, at least ("−500 тыс." is 69 px wide)."""
LOW, HIGH = "#E45756", "#4C78A8"
"""The tornado's two ends: an input at its low (P10) and at its high (P90) value."""


Drawable = TypeVar("Drawable", bound=alt.TopLevelMixin)
"""Any chart the app or the report draws (one chart, layers, concatenations)."""


def localised(chart: Drawable, lang: Lang) -> Drawable:
    """The chart with the locale's number format (decimal comma and group space in Russian)."""
    return chart.configure(locale={"number": vega_number_locale(lang)})


def option_scale(names: Sequence[str]) -> alt.Scale:
    """The same option keeps the same colour on every chart (shortlist order)."""
    return alt.Scale(domain=list(names), range=[colour_of(i) for i in range(len(names))])


def spaced_ticks(pixels: int) -> alt.ExprRef:
    """The x axis's tick count as a Vega expression: as many ticks as the smallest step of 1, 2
    or 5 × 10^k leaves ``pixels`` apart at the plot's width now (a page's chart takes its
    container's). Vega's ticks for that count fall on that step exactly; its default, a tick per
    40 px, crowded the labels ("0,000,05") or had every other one hidden (−2, 2, 6 млн).
    For a chart or a layer of charts (their x scale is named "x"; a concatenation's is not)."""
    dom = "domain('x')"
    span = f"abs(peek({dom}) - {dom}[0])"
    least = f"({span} * {pixels} / width)"  # the value that many pixels stand for
    unit = f"pow(10, floor(log({least}) / LN10))"
    step = (
        f"({least} <= {unit} ? {unit} : {least} <= 2 * {unit} ? 2 * {unit}"
        f" : {least} <= 5 * {unit} ? 5 * {unit} : 10 * {unit})"
    )
    return alt.ExprRef(expr=f"{span} > 0 && width > 0 ? {span} / {step} : 1")


def value_axis(
    title: str | None,
    pixels: int = SCORE_TICK,
    fmt: str | None = None,
    label_expr: str | None = None,
) -> alt.Axis:
    """An axis of values along the chart's width: round steps at least ``pixels`` apart (the
    labels centred on their ticks, the last one included, so each keeps its own room), written
    by ``fmt`` or ``label_expr``."""
    return alt.Axis(
        title=title,
        tickCount=spaced_ticks(pixels),
        labelFlush=False,
        format=alt.Undefined if fmt is None else fmt,
        labelExpr=alt.Undefined if label_expr is None else label_expr,
    )


def _money_axis(title: str, lang: Lang, digits: int = 1, *, across: bool = False) -> alt.Axis:
    """A compact money axis; ``across`` the chart's width, on round steps (:func:`value_axis`)."""
    labels = compact_axis_expr(lang, digits)
    if across:
        return value_axis(title, MONEY_TICK, label_expr=labels)
    return alt.Axis(title=title, labelExpr=labels, labelOverlap=True)


def label_lines(label: str) -> list[str]:
    """The lines :data:`WRAPPED` breaks ``label`` into (the same rule, for the row heights)."""
    return [m.group(1) for m in re.finditer(_BREAK, label)]


def rows_height(labels: Iterable[str]) -> int:
    """Height for one row per label: :data:`ROW` pixels, or more where a name takes lines (its
    lines and a blank line's gap, so a wrapped name stays clear of the next row's)."""
    shown = list(dict.fromkeys(labels))
    lines = max((len(label_lines(str(label))) for label in shown), default=1)
    return max(3, len(shown)) * max(ROW, LINE * (lines + 1))


def names_axis(slanted: bool = False) -> alt.Axis:
    """An axis of names, every one shown in full: wrapped onto lines, or ``slanted`` on one
    line (a column axis: stacked lines would run into the next column's)."""
    if slanted:
        return alt.Axis(labelAngle=-30, labelLimit=2 * LABEL_LIMIT, labelOverlap=False)
    return alt.Axis(
        labelLimit=LABEL_LIMIT, labelOverlap=False, labelExpr=WRAPPED, labelLineHeight=LINE
    )


def names_legend(columns: int = 2) -> alt.Legend:
    """A legend of names below the chart, long ones wrapped."""
    return alt.Legend(
        title=None, orient="bottom", columns=columns, labelLimit=LEGEND_LIMIT, labelExpr=WRAPPED
    )


def ranking_bars(df: pd.DataFrame, names: Sequence[str], x_title: str) -> alt.LayerChart:
    """Horizontal bars of a score per option, best on top, each with its score written on it.

    ``df``: ``label`` (option name), ``score``; ``names`` every option in shortlist order.
    """
    order = list(df.sort_values("score", ascending=False)["label"])
    base = alt.Chart(df).encode(
        y=alt.Y(
            "label:N",
            sort=order,
            title=None,
            axis=names_axis(),
        ),
        x=alt.X("score:Q", axis=value_axis(x_title)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("label:N", scale=option_scale(names), legend=None),
        tooltip=["label:N", alt.Tooltip("score:Q", format=".3f")],
    )
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("score:Q", format=".3f"))
    return (bars + text).properties(height=rows_height(df["label"]))


def group_balance(df: pd.DataFrame, title: str) -> alt.LayerChart:
    """The four interests' shares of the weight, written on the bars (``df``: group, share)."""
    base = alt.Chart(df, title=title).encode(
        x=alt.X("share:Q", axis=value_axis(None, PERCENT_TICK, "%")),
        y=alt.Y("group:N", sort=None, title=None, axis=names_axis()),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "group:N", sort=None, scale=alt.Scale(range=list(INTEREST_COLOURS)), legend=None
        ),
        tooltip=["group:N", alt.Tooltip("share:Q", format=".1%")],
    )
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("share:Q", format=".0%"))
    return (bars + text).properties(height=rows_height(df["group"]))


def heatmap(
    df: pd.DataFrame, x: str, y: str, value: str, title: str, fmt: str = ".2f"
) -> alt.LayerChart:
    """A labelled heatmap (rank probabilities, disagreement by criterion x option): every row and
    column named, each cell written, ``ROW`` pixels per row."""
    base = alt.Chart(df, title=title).encode(
        x=alt.X(
            f"{x}:N",
            title=None,
            sort=None,
            axis=names_axis(slanted=True),
        ),
        y=alt.Y(
            f"{y}:N",
            title=None,
            sort=None,
            axis=names_axis(),
        ),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="orangered", domainMin=0), title=None),
        tooltip=[f"{x}:N", f"{y}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
    )
    dark = 0.6 * float(df[value].max()) if len(df) else 0.0  # white text on the darker cells
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(f"datum['{value}'] > {dark}", alt.value("white"), alt.value("black")),
    )
    return (cells + text).properties(height=rows_height(df[y]))


def cost_stack(
    df: pd.DataFrame,
    along: str,
    categories: Sequence[str],
    title: str,
    value_title: str,
    lang: Lang,
    *,
    horizontal: bool = False,
    along_title: str | None = None,
) -> alt.Chart:
    """Costs stacked by category along ``along`` (years, or options when ``horizontal``), one
    distinct colour per category (:data:`CATEGORY_COLOURS`), legend below.

    ``df``: ``along``, ``category`` (names), ``value``; ``categories`` the names in stack order.
    """
    colour = alt.Color(
        "category:N",
        title=None,
        sort=list(categories),
        scale=alt.Scale(domain=list(categories), range=list(CATEGORY_COLOURS[: len(categories)])),
        legend=names_legend(),
    )
    order = alt.Order("rank:Q")
    data = df.assign(rank=df["category"].map({c: k for k, c in enumerate(categories)}))
    money = alt.X("value:Q", stack="zero", axis=_money_axis(value_title, lang, across=True))
    tooltip = ["category:N", f"{along}:N", alt.Tooltip("value:Q", format=",.0f")]
    chart = alt.Chart(data, title=title).mark_bar()
    if horizontal:
        chart = chart.encode(
            y=alt.Y(f"{along}:N", sort=None, title=None, axis=names_axis()),
            x=money,
            color=colour,
            order=order,
            tooltip=tooltip,
        ).properties(height=rows_height(df[along]))
    else:
        chart = chart.encode(
            x=alt.X(f"{along}:O", title=along_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(value):Q", stack="zero", axis=_money_axis(value_title, lang)),
            color=colour,
            order=order,
            tooltip=tooltip,
        ).properties(height=380)
    return chart


def npv_histogram(
    df: pd.DataFrame, names: Sequence[str], title: str, x_title: str, y_title: str, lang: Lang
) -> alt.Chart:
    """Each option's NPV distribution as a step area, legend with the options' names.

    ``df``: ``label`` (option name), ``npv`` (bin centre), ``share`` (of trials).
    """
    return (
        alt.Chart(df, title=title)
        .mark_area(opacity=0.45, interpolate="step")
        .encode(
            x=alt.X("npv:Q", axis=_money_axis(x_title, lang, across=True)),
            y=alt.Y("share:Q", title=y_title, stack=None, axis=alt.Axis(format="%")),
            color=alt.Color(
                "label:N",
                scale=option_scale(names),
                legend=names_legend(),
            ),
            tooltip=["label:N", alt.Tooltip("npv:Q", format=",.0f")],
        )
        .properties(height=360)
    )


def cash_fan(
    df: pd.DataFrame, names: Sequence[str], title: str, x_title: str, y_title: str, lang: Lang
) -> alt.LayerChart:
    """Cumulative cash flow per option: median line with 25-75 % and 5-95 % bands, legend with
    the options' names. ``df``: ``label``, ``year``, ``p5``, ``p25``, ``p50``, ``p75``, ``p95``."""
    colour = alt.Color("label:N", scale=option_scale(names), legend=names_legend())
    x = alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0))
    outer = (
        alt.Chart(df)
        .mark_area(opacity=0.12)
        .encode(x=x, y=alt.Y("p5:Q", axis=_money_axis(y_title, lang)), y2="p95:Q", color=colour)
    )
    inner = alt.Chart(df).mark_area(opacity=0.22).encode(x=x, y="p25:Q", y2="p75:Q", color=colour)
    line = (
        alt.Chart(df)
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=x,
            y="p50:Q",
            color=colour,
            tooltip=["label:N", "year:O", alt.Tooltip("p50:Q", format=",.0f")],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"y": [0.0]}))
        .mark_rule(color="#888", strokeDash=[4, 3])
        .encode(y="y:Q")
    )
    return (outer + inner + line + zero).properties(height=380, title=title)


def tornado(
    df: pd.DataFrame, base: float, title: str, x_title: str, sides: tuple[str, str], lang: Lang
) -> alt.LayerChart:
    """NPV when each input moves to its low and its high end, others at base: one row per input
    (largest swing on top, every input named), the two ends in two colours with a legend, and a
    dashed line at the base-case NPV.

    ``df``: ``input`` (name), ``side`` (one of ``sides``: the low and the high end's names),
    ``npv`` (at that end), ``swing``.
    """
    order = list(df.sort_values("swing", ascending=False)["input"].drop_duplicates())
    data = df.assign(base=base)
    ends = [base, *df["npv"].astype(float)]
    digits = compact_axis_digits(min(ends), max(ends))  # small swings: 20,4 / 20,6 млн
    bars = (
        alt.Chart(data, title=title)
        .mark_bar(opacity=0.9)
        .encode(
            y=alt.Y(
                "input:N",
                sort=order,
                title=None,
                axis=names_axis(),
            ),
            x=alt.X(
                "base:Q",
                axis=_money_axis(x_title, lang, digits, across=True),
                scale=alt.Scale(zero=False),
            ),
            x2="npv:Q",
            color=alt.Color(
                "side:N",
                title=None,
                sort=list(sides),
                scale=alt.Scale(domain=list(sides), range=[LOW, HIGH]),
                legend=names_legend(columns=1),
            ),
            tooltip=["input:N", "side:N", alt.Tooltip("npv:Q", format=",.0f")],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"x": [base]}))
        .mark_rule(color="#333", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return (bars + rule).properties(height=rows_height(order))


def npv_range(
    df: pd.DataFrame, names: Sequence[str], title: str, x_title: str, lang: Lang
) -> alt.LayerChart:
    """NPV P5-P95 as a bar per option with the median marked, and the zero line.

    ``df``: ``label``, ``p5``, ``p50``, ``p95``.
    """
    colour = alt.Color("label:N", scale=option_scale(names), legend=None)
    y = alt.Y("label:N", sort=list(names), title=None, axis=names_axis())
    rule = (
        alt.Chart(df, title=title)
        .mark_rule(strokeWidth=4)
        .encode(
            y=y,
            x=alt.X("p5:Q", axis=_money_axis(x_title, lang, across=True)),
            x2="p95:Q",
            color=colour,
        )
    )
    point = (
        alt.Chart(df)
        .mark_point(filled=True, size=140, shape="diamond")
        .encode(
            y=y, x="p50:Q", color=colour, tooltip=["label:N", alt.Tooltip("p50:Q", format=",.0f")]
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color="#888", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return (rule + point + zero).properties(height=rows_height(df["label"]))


def tornado_frame(rows: Sequence[TornadoRow], sides: tuple[str, str], lang: Lang) -> pd.DataFrame:
    """The tornado's rows as :func:`tornado` reads them: input names in ``lang`` (reversed inputs
    named as luck, their ends swapped), one row per end."""
    out = []
    for key, r in map(as_read, rows):
        name = input_label(key, lang)
        out += [
            {"input": name, "side": sides[0], "npv": r.npv_low, "swing": r.swing},
            {"input": name, "side": sides[1], "npv": r.npv_high, "swing": r.swing},
        ]
    return pd.DataFrame(out, columns=["input", "side", "npv", "swing"])


def kpi_fan(
    fan: pd.DataFrame,
    actuals: pd.DataFrame,
    title: str,
    x_title: str,
    y_title: str,
    lang: Lang,
    *,
    money: bool = False,
) -> alt.LayerChart:
    """One KPI's forecast band (P10–P90, blue) and median (dashed) per period, the actuals
    drawn on it (red points). ``fan``: ``period``, ``p10``, ``p50``, ``p90``; ``actuals``:
    ``period``, ``actual``; periods by their stored keys (2027-03, 2026-Q4), which sort in
    time, shown as ``lang`` writes them ("Mar 2027", "IV кв. 2026") in that order. Money axes
    compact, as every money chart."""
    keys = sorted({*fan["period"], *actuals["period"]})
    shown = {k: period(str(k), lang) for k in keys}
    fan = fan.assign(period=fan["period"].map(shown))
    actuals = actuals.assign(period=actuals["period"].map(shown))
    x = alt.X("period:O", title=x_title, sort=list(shown.values()), axis=alt.Axis(labelAngle=0))
    values = [*fan[["p10", "p50", "p90"]].to_numpy().ravel(), *actuals["actual"].to_numpy()]
    # a narrow range (3.80M .. 3.86M) needs more digits than one, or every label reads 3.8M
    digits = compact_axis_digits(float(min(values)), float(max(values))) if values else 1
    y_axis = (
        _money_axis(y_title, lang, digits) if money else alt.Axis(title=y_title, format=",.4~g")
    )
    band = (
        alt.Chart(fan)
        .mark_area(opacity=0.2, color=HIGH)
        .encode(x=x, y=alt.Y("p10:Q", axis=y_axis, scale=alt.Scale(zero=False)), y2="p90:Q")
    )
    median = (
        alt.Chart(fan)
        .mark_line(strokeDash=[5, 3], color=HIGH)
        .encode(x=x, y="p50:Q", tooltip=["period:O", "p10:Q", "p50:Q", "p90:Q"])
    )
    points = (
        alt.Chart(actuals)
        .mark_line(point=alt.OverlayMarkDef(size=90, filled=True), color=LOW, strokeWidth=3)
        .encode(x=x, y="actual:Q", tooltip=["period:O", "actual:Q"])
    )
    return (band + median + points).properties(height=300, title=title)


def interest_stack(
    df: pd.DataFrame, groups: Sequence[str], title: str, x_title: str
) -> alt.LayerChart:
    """The performance view: each option's weighted score on each interest, stacked to its
    total (best on top), interests in their colours with a legend below.

    ``df``: ``label`` (option name), ``group`` (interest name), ``value`` (its part of the score).
    """
    totals = df.groupby("label", sort=False)["value"].sum()
    order = list(totals.sort_values(ascending=False).index)
    data = df.assign(rank=df["group"].map({g: k for k, g in enumerate(groups)}))
    y = alt.Y("label:N", sort=order, title=None, axis=names_axis())
    bars = (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("value:Q", stack="zero", axis=value_axis(x_title)),
            color=alt.Color(
                "group:N",
                title=None,
                sort=list(groups),
                scale=alt.Scale(domain=list(groups), range=list(INTEREST_COLOURS[: len(groups)])),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=LEGEND_LIMIT),
            ),
            order=alt.Order("rank:Q"),
            tooltip=["label:N", "group:N", alt.Tooltip("value:Q", format=".3f")],
        )
    )
    text = (
        alt.Chart(pd.DataFrame({"label": totals.index, "total": totals.to_numpy()}))
        .mark_text(align="left", dx=4)
        .encode(y=y, x="total:Q", text=alt.Text("total:Q", format=".3f"))
    )
    return (bars + text).properties(height=rows_height(order))


def gradient_lines(
    df: pd.DataFrame,
    names: Sequence[str],
    current: float,
    crossings: pd.DataFrame,
    title: str,
    x_title: str,
    y_title: str,
) -> alt.LayerChart:
    """The gradient view: every option's score (a line, its shortlist colour) against one
    interest's share of the weight from 0 to 100 %; a dashed rule at the share now and a black
    ring where the leader changes (tooltip: who leads before and after).

    ``df``: ``label``, ``share`` (0..1), ``score``; ``crossings``: ``share``, ``score``,
    ``before``, ``after``.
    """
    x = alt.X(
        "share:Q", axis=value_axis(x_title, PERCENT_TICK, "%"), scale=alt.Scale(domain=[0, 1])
    )
    lines = (
        alt.Chart(df, title=title)
        .mark_line(strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("score:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "label:N",
                scale=option_scale(names),
                legend=names_legend(),
            ),
            tooltip=[
                "label:N",
                alt.Tooltip("share:Q", format=".0%"),
                alt.Tooltip("score:Q", format=".3f"),
            ],
        )
    )
    now = (
        alt.Chart(pd.DataFrame({"share": [current]}))
        .mark_rule(color="#333", strokeDash=[4, 3])
        .encode(x="share:Q")
    )
    rings = (
        alt.Chart(crossings)
        .mark_point(size=160, color="black", strokeWidth=2, filled=False)
        .encode(
            x="share:Q",
            y="score:Q",
            tooltip=["before:N", "after:N", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    return (lines + now + rings).properties(height=380)
