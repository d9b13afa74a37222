"""The Ranking page's sensitivity to the interests: dynamic, performance and gradient views."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import gradient_lines, heatmap, interest_stack, ranking_bars
from crm_select.ui.compute import dynamic, interests
from crm_select.ui.i18n import percent, t
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain


def interest_views(
    scenario: Scenario,
    settings: RankingSettings,
    shares: dict[str, float] | None,
    options: dict[str, str],
) -> None:
    """Draw the three views at the page's method and weights (saved or what-if)."""
    views = interests(scenario, settings, shares)
    sweep = views.sweep
    groups = list(sweep.groups)
    label = {g: t(f"group.{g}") for g in groups}
    names = [options[o] for o in sweep.options]
    axis = t("ranking.score_axis", method=t(f"method.{sweep.method}"))

    st.markdown(f"**{t('interests.dynamic')}**")
    st.caption(t("interests.dynamic_help"))
    pick, drag = st.columns([1, 2])
    group = select_one(
        t("interests.interest"), groups, format_func=label.__getitem__, key="dyn_group", where=pick
    )
    now = round(sweep.current[group] * 100)
    share = drag.slider(
        t("interests.share", interest=label[group]), 0, 100, now, key=f"dyn_{group}"
    )
    view = dynamic(scenario, group, share / 100, settings, shares)
    bars = pd.DataFrame(
        {"label": [options[o] for o in view.options], "score": view.scores, "rank": view.ranks}
    )
    show_chart(lambda: ranking_bars(bars, names, axis))
    moved = ", ".join(f"{label[g]} {percent(v)}" for g, v in view.shares.items())
    st.caption(t("interests.dynamic_now", shares=moved, leader=plain(options[view.leader])))

    st.markdown(f"**{t('interests.performance')}**")
    perf = views.performance
    if perf.combine == "sum" and perf.contribution is not None:
        st.caption(t("interests.performance_sum"))
        parts = pd.DataFrame(
            [
                {"label": options[o], "group": label[g], "value": float(perf.contribution[i, k])}
                for i, o in enumerate(perf.options)
                for k, g in enumerate(perf.groups)
            ]
        )
        show_chart(
            lambda: interest_stack(
                parts, [label[g] for g in perf.groups], t("interests.performance_title"), axis
            )
        )
    else:
        st.caption(t("interests.performance_each", method=t(f"method.{perf.method}")))
        cells = pd.DataFrame(
            [
                {"option": options[o], "group": label[g], "score": float(perf.performance[i, k])}
                for i, o in enumerate(perf.options)
                for k, g in enumerate(perf.groups)
            ]
        )
        show_chart(
            lambda: heatmap(cells, "group", "option", "score", t("interests.performance_title"))
        )

    st.markdown(f"**{t('interests.gradient')}**")
    st.caption(t("interests.gradient_help"))
    along = select_one(
        t("interests.interest"), groups, format_func=label.__getitem__, key="grad_group"
    )
    k = groups.index(along)
    lines = pd.DataFrame(
        [
            {"label": options[o], "share": float(x), "score": float(sweep.scores[k, p, i])}
            for i, o in enumerate(sweep.options)
            for p, x in enumerate(sweep.t)
        ]
    )
    changes = [c for c in views.changes if c.group == along]
    rings = pd.DataFrame(
        [
            {
                "share": c.share,
                "score": c.score,
                "before": options[c.before],
                "after": options[c.after],
            }
            for c in changes
        ],
        columns=["share", "score", "before", "after"],
    )
    show_chart(
        lambda: gradient_lines(
            lines,
            names,
            sweep.current[along],
            rings,
            t("interests.gradient_title", interest=label[along]),
            t("interests.share", interest=label[along]),
            axis,
        )
    )
    if not changes:
        st.success(t("interests.no_change", interest=label[along]))
    for c in changes:
        st.info(
            t(
                "interests.change",
                interest=label[along],
                share=percent(c.share, 1),
                before=plain(options[c.before]),
                after=plain(options[c.after]),
            )
        )
    if not sweep.exact:
        st.caption(t("interests.searched"))
