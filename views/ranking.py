"""5 · Ranking: the chosen method, all methods side by side, live what-if weights, robustness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from crm_select.ui.charts import bar_ranking, heatmap
from crm_select.ui.compute import acceptability, comparison, prepared, ranking
from crm_select.ui.i18n import number, percent, t, warning_text
from crm_select.ui.labels import criterion_names, option_names
from crm_select.ui.state import current_scenario
from scoring.analysis import rank_matrix
from scoring.methods import METHODS
from scoring.sensitivity import stability_intervals

st.title(t("ranking.title"))
scenario = current_scenario()
options = option_names(scenario)
criteria = criterion_names(scenario)
order = list(options)

method = st.selectbox(
    t("common.method"), list(METHODS), format_func=lambda m: t(f"method.{m}"), key="rank_method"
)
dec = prepared(scenario)
dm = dec.matrix
base = ranking(scenario, method)

st.subheader(t("ranking.what_if"))
st.caption(t("ranking.what_if_help"))
groups = list(dec.groups)
cols = st.columns(len(groups))
chosen = {
    g: cols[i].slider(t(f"group.{g}"), 0, 100, round(dec.groups[g] * 100), key=f"wi-{g}")
    for i, g in enumerate(groups)
}
group_of = dec.tree.group_of
if sum(chosen.values()) == 0:
    st.error(t("ranking.all_zero"))
    st.stop()
weights = np.array(
    [
        dec.weights[c] / dec.groups[group_of[c]] * chosen[group_of[c]]
        if dec.groups[group_of[c]]
        else 0.0
        for c in dm.criteria
    ]
)
if weights.sum() == 0:
    st.error(t("ranking.all_zero"))
    st.stop()
live = rank_matrix(
    dm.values,
    weights / weights.sum(),
    dm.directions,
    method,
    options=dm.options,
    criteria=dm.criteria,
)

rows = pd.DataFrame(
    [
        {
            "option": r["option"],
            "label": options[r["option"]],
            "score": r["score"],
            "rank": r["rank"],
        }
        for r in live.ranking()
    ]
)
left, right = st.columns([3, 2])
left.altair_chart(
    bar_ranking(rows, order, t("ranking.score_axis", method=t(f"method.{method}"))), width="stretch"
)
right.dataframe(
    rows[["rank", "label", "score"]].rename(
        columns={"rank": t("common.rank"), "label": t("common.option"), "score": t("common.score")}
    ),
    hide_index=True,
    column_config={t("common.score"): st.column_config.NumberColumn(format="%.3f")},
)
winner = options[live.winner]
if live.winner != base.winner:
    right.warning(t("ranking.winner_changed", new=winner, old=options[base.winner]))
else:
    right.success(t("ranking.winner", name=winner))
right.caption(t("ranking.normalisation", norm=live.normalisation))
if live.ties:
    right.info(
        t("ranking.ties", ties="; ".join(", ".join(options[o] for o in tie) for tie in live.ties))
    )

methods_tab, stability_tab, smaa_tab, warnings_tab = st.tabs(
    [t("ranking.methods"), t("ranking.stability"), t("ranking.smaa"), t("common.warnings")]
)

with methods_tab:
    comp = comparison(scenario)
    st.dataframe(
        pd.DataFrame(
            {
                t(f"method.{m}"): {options[r["option"]]: r["rank"] for r in res.ranking()}
                for m, res in comp.results.items()
            }
        ),
        width="stretch",
    )
    st.caption(t("ranking.agreement"))
    st.dataframe(
        pd.DataFrame(comp.spearman).rename(
            index=lambda m: t(f"method.{m}"), columns=lambda m: t(f"method.{m}")
        ),
        width="stretch",
        column_config={
            t(f"method.{m}"): st.column_config.NumberColumn(format="%.2f") for m in comp.results
        },
    )

with stability_tab:
    intervals, minimal = stability_intervals(
        dm.values,
        weights / weights.sum(),
        dm.directions,
        method,
        criteria=dm.criteria,
        options=dm.options,
    )
    if minimal is None:
        st.success(t("ranking.no_single_change"))
    else:
        st.warning(
            t(
                "ranking.minimal",
                criterion=criteria[minimal.criterion],
                start=percent(minimal.from_weight, 1),
                end=percent(minimal.to_weight, 1),
                winner=options[minimal.new_winner],
            )
        )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("common.criterion"): criteria[iv.criterion],
                    t("common.weight"): iv.weight,
                    t("ranking.lower"): iv.lower,
                    t("ranking.upper"): iv.upper,
                    t("ranking.margin"): None if np.isinf(iv.margin) else iv.margin,
                }
                for iv in sorted(intervals, key=lambda iv: iv.margin)
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            k: st.column_config.NumberColumn(format="percent")
            for k in (
                t("common.weight"),
                t("ranking.lower"),
                t("ranking.upper"),
                t("ranking.margin"),
            )
        },
    )

with smaa_tab:
    n_col, c_col, seed_col = st.columns(3)
    samples = n_col.select_slider(
        t("ranking.samples"), [1_000, 5_000, 10_000, 20_000], 10_000, key="smaa_n"
    )
    concentration = c_col.select_slider(
        t("ranking.concentration"), [5, 20, 50, 100, 300, 1000], 100, key="smaa_c"
    )
    seed = seed_col.number_input(t("ranking.seed"), 0, 2**31 - 1, 1, key="smaa_seed")
    res = acceptability(scenario, method, samples, float(concentration), int(seed))
    probs = pd.DataFrame(
        [
            {"option": options[o], "rank": str(r + 1), "p": float(res.acceptability[i, r])}
            for i, o in enumerate(res.options)
            for r in range(len(res.options))
        ]
    )
    st.altair_chart(
        heatmap(probs, "rank", "option", "p", t("ranking.smaa_title"), fmt=".0%"), width="stretch"
    )
    st.caption(t("ranking.smaa_help", n=number(samples), c=concentration))

with warnings_tab:
    for w in base.warnings:
        st.caption(f"⚠ {warning_text(w.code, w.where, w.message)}")
