"""Altair charts shared by the pages: one colour per option everywhere."""

from __future__ import annotations

import altair as alt
import pandas as pd

from crm_select.reports.palette import colour_of


def option_colours(options: list[str]) -> alt.Scale:
    """The same option keeps the same colour on every page (order of the shortlist)."""
    return alt.Scale(domain=options, range=[colour_of(i) for i in range(len(options))])


def bar_ranking(df: pd.DataFrame, options: list[str], x_title: str, height: int = 260) -> alt.Chart:
    """Horizontal bars of a score per option, best on top (df: option, label, score)."""
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", title=x_title),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("option:N", scale=option_colours(options), legend=None),
            tooltip=["label:N", alt.Tooltip("score:Q", format=".3f")],
        )
        .properties(height=height)
    )


def group_balance(df: pd.DataFrame, title: str) -> alt.Chart:
    """The four interests' shares of the weight (df: group, share)."""
    return (
        alt.Chart(df, title=title)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=None),
            y=alt.Y("group:N", sort=None, title=None),
            color=alt.Color("group:N", legend=None),
            tooltip=["group:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=180)
    )


def heatmap(
    df: pd.DataFrame, x: str, y: str, value: str, title: str, fmt: str = ".2f"
) -> alt.Chart:
    """A labelled heatmap (e.g. disagreement by criterion x option, rank probabilities)."""
    base = alt.Chart(df, title=title).encode(
        x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y(f"{y}:N", title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="orangered"), title=None),
        tooltip=[f"{x}:N", f"{y}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
    )
    text = base.mark_text(fontSize=11).encode(text=alt.Text(f"{value}:Q", format=fmt))
    return (cells + text).properties(height=max(160, 26 * df[y].nunique()))
