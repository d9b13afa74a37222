"""5 · Ranking: the chosen method, all methods side by side, live what-if weights, robustness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from crm_select.models.ranking_settings import (
    NORMALISING,
    Method,
    Normalisation,
    Robustness,
    ScoreNoise,
)
from crm_select.services.errors import ScoringError
from crm_select.services.score_gaps import SUMMARISED
from crm_select.ui import confidence_view
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import heatmap, ranking_bars
from crm_select.ui.compute import (
    acceptability,
    comparison,
    prepared,
    ranking,
    stability,
    what_if,
)
from crm_select.ui.gaps import show_gaps
from crm_select.ui.i18n import number, percent, t
from crm_select.ui.interest_views import interest_views
from crm_select.ui.labels import criterion_names, option_names, warning_line, where_names
from crm_select.ui.method_picker import pick_method
from crm_select.ui.number_field import number_field
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.provenance import scenario_scores_line, scenario_weights_line
from crm_select.ui.state import current_scenario
from crm_select.ui.tables import styled

st.title(t("ranking.title"))
scenario = current_scenario()
st.caption(scenario_scores_line(scenario))
if weights_line := scenario_weights_line(scenario):
    st.caption(weights_line)
options = option_names(scenario)
criteria = criterion_names(scenario)
order = list(options)
saved = scenario.ranking

method_col, norm_col = st.columns(2)
method = pick_method(saved.method, key="rank_method", where=method_col)
update: dict[str, object] = {"method": method}
if method in NORMALISING:
    norms = list(Normalisation)
    current = saved.normalisation_of(method) or norms[0]
    chosen_norm = select_one(
        t("ranking.normalisation_pick"),
        norms,
        index=norms.index(current),
        format_func=lambda n: t(f"ranking.norm_{n}"),
        key=f"rank_norm_{method.value}",
        where=norm_col,
    )
    update["normalisation"] = {**saved.normalisation, method: chosen_norm}
elif method is Method.VIKOR:
    update["vikor_v"] = norm_col.slider(
        t("ranking.vikor_v"), 0.0, 1.0, saved.vikor_v, 0.05, key="rank_vikor_v"
    )
settings = saved.model_copy(update=update)
show_gaps(scenario, settings)
try:
    dec = prepared(scenario, settings)
    base = ranking(scenario, settings)
except ScoringError as e:  # e.g. max normalisation on a criterion with negative values
    st.warning(warning_line(scenario, e.code, e.where, e.message))
    st.stop()

st.subheader(t("ranking.what_if"))
st.caption(t("ranking.what_if_help"))
groups = list(dec.groups)
defaults = {g: round(dec.groups[g] * 100) for g in groups}


def back_to_saved() -> None:
    for g in groups:
        st.session_state[f"wi-{g}"] = defaults[g]


cols = st.columns(len(groups))
chosen = {
    g: cols[i].slider(t(f"group.{g}"), 0, 100, defaults[g], key=f"wi-{g}")
    for i, g in enumerate(groups)
}
if not any(chosen[g] and dec.groups[g] for g in groups):
    st.error(t("ranking.all_zero"))
    st.stop()
shares = None if chosen == defaults else {g: float(v) for g, v in chosen.items()}
live = what_if(scenario, shares, settings)
if shares is None:
    st.caption(t("ranking.weights_saved"))
else:
    total = sum(shares.values())
    moved = ", ".join(f"{t(f'group.{g}')} {percent(v / total)}" for g, v in shares.items())
    said, reset = st.columns([5, 1], vertical_alignment="center")
    said.info(t("ranking.weights_what_if", shares=moved))
    reset.button(t("ranking.back_to_saved"), key="wi-reset", on_click=back_to_saved)

rows = pd.DataFrame(
    [
        {"option": r.option, "label": options[r.option], "score": r.score, "rank": r.rank}
        for r in live.ranking()
    ]
)
# one column: the chart's axis title and the place table's long names whole at 1024 px
left = right = st.container()
show_chart(
    lambda: ranking_bars(
        rows,
        [options[o] for o in order],
        t("ranking.score_axis", method=t(f"method.{method.value}")),
    ),
    left,
)
right.dataframe(
    styled(
        rows[["rank", "label", "score"]].rename(
            columns={
                "rank": t("common.rank"),
                "label": t("common.option"),
                "score": t("common.score"),
            }
        ),
        {t("common.score"): lambda v: number(v, 3)},
    ),
    hide_index=True,
    width="stretch",
    column_config={  # narrow numbers: the option's name takes the rest, never cut
        t("common.rank"): st.column_config.Column(width=60),
        t("common.score"): st.column_config.Column(width=70),
    },
)
winner = plain(options[live.winner])
if live.winner != base.winner:
    right.warning(t("ranking.winner_changed", new=winner, old=plain(options[base.winner])))
else:
    right.success(t("ranking.winner", name=winner))
right.caption(t("ranking.normalisation", norm=t(f"ranking.norm_{live.normalisation}")))
if method is Method.PROMETHEE:
    functions = []
    for c in live.criteria:
        p = settings.preference_of(c)
        label = t(f"ranking.fn_{p.function.value}", q=number(p.q, 2), p=number(p.p or 0.0, 2))
        functions.append(f"{criteria[c]}: {label}")
    right.caption(t("ranking.promethee_functions", functions="; ".join(functions)))
floored = [where_names(scenario, w.where) for w in live.warnings if w.code == "wpm_floor"]
if floored:
    cells = "; ".join(floored[:6])
    if len(floored) > 6:
        cells = t("ranking.more", shown=cells, n=len(floored) - 6)
    note = t("ranking.wpm_floor_minmax") if live.normalisation == "minmax" else ""
    right.warning(f"{t('ranking.wpm_floor', n=len(floored), cells=cells)} {note}".strip())
if live.ties:
    right.info(
        t("ranking.ties", ties="; ".join(", ".join(options[o] for o in tie) for tie in live.ties))
    )

methods_tab, stability_tab, interests_tab, smaa_tab, confidence_tab, warnings_tab = st.tabs(
    [
        t("ranking.methods"),
        t("ranking.stability"),
        t("interests.tab"),
        t("ranking.smaa"),
        t("confidence.tab"),
        t("common.warnings"),
    ]
)

with methods_tab:
    comp = comparison(scenario, settings, shares)
    # the methods' columns under their short names (the full name in the tooltip): all five
    # in view at 1024 px beside the options' names
    short = {
        t(f"method.{m}"): st.column_config.Column(t(f"method_short.{m}"), help=t(f"method.{m}"))
        for m in comp.results
    }
    st.dataframe(
        pd.DataFrame(
            {
                t(f"method.{m}"): {options[r.option]: r.rank for r in res.ranking()}
                for m, res in comp.results.items()
            }
        ),
        width="stretch",
        column_config=short,
    )
    st.caption(t("ranking.agreement"))
    st.dataframe(
        styled(
            pd.DataFrame(comp.spearman).rename(
                index=lambda m: t(f"method.{m}"), columns=lambda m: t(f"method.{m}")
            ),
            {t(f"method.{m}"): lambda v: number(v, 2) for m in comp.results},
        ),
        width="stretch",
        column_config=short,
    )

with stability_tab:
    stab = stability(scenario, shares, settings)
    minimal = stab.minimal_change
    if minimal is None:
        st.success(t("ranking.no_single_change"))
    else:
        st.warning(
            t(
                "ranking.minimal",
                criterion=plain(criteria[minimal.criterion]),
                start=percent(minimal.from_weight, 1),
                end=percent(minimal.to_weight, 1),
                winner=plain(options[minimal.new_winner]),
            )
        )
    shares_of_weight = (
        t("common.weight"),
        t("ranking.lower"),
        t("ranking.upper"),
        t("ranking.margin"),
    )
    st.dataframe(
        styled(
            pd.DataFrame(
                [
                    {
                        t("common.criterion"): criteria[iv.criterion],
                        t("common.weight"): iv.weight,
                        t("ranking.lower"): iv.lower,
                        t("ranking.upper"): iv.upper,
                        t("ranking.margin"): None if np.isinf(iv.margin) else iv.margin,
                    }
                    for iv in sorted(stab.intervals, key=lambda iv: iv.margin)
                ]
            ),
            dict.fromkeys(shares_of_weight, lambda v: percent(v, 1)),
        ),
        hide_index=True,
        width="stretch",
    )

with interests_tab:
    st.caption(t("interests.help"))
    interest_views(scenario, settings, shares, options)

with smaa_tab:
    rob = saved.robustness
    n_col, c_col, noise_col, seed_col = st.columns(4)
    sample_choices = sorted({1_000, 5_000, 10_000, 20_000, rob.samples})
    samples = n_col.select_slider(
        t("ranking.samples"), sample_choices, rob.samples, format_func=number, key="smaa_n"
    )
    conc_choices = sorted({5.0, 20.0, 50.0, 100.0, 300.0, 1000.0, rob.concentration})
    concentration = c_col.select_slider(
        t("ranking.concentration"), conc_choices, rob.concentration, format_func=number,
        key="smaa_c",
    )  # fmt: skip
    noise = select_one(
        t("ranking.score_noise"),
        list(ScoreNoise),
        index=list(ScoreNoise).index(rob.score_noise),
        format_func=lambda n: t(f"ranking.noise_{n}"),
        key="smaa_noise",
        where=noise_col,
    )
    seed = number_field(
        t("ranking.seed"), rob.seed, key="smaa_seed", min_value=0, max_value=2**31 - 1,
        where=seed_col, grouped=False,
    )  # fmt: skip
    robust = Robustness(
        samples=int(samples), concentration=float(concentration), seed=int(seed), score_noise=noise
    )
    res = acceptability(scenario, settings.model_copy(update={"robustness": robust}), shares)
    probs = pd.DataFrame(
        [
            {
                "option": options[o],
                "rank": t("ranking.rank_n", n=r + 1),
                "p": float(res.acceptability[i, r]),
            }
            for i, o in enumerate(res.options)
            for r in range(len(res.options))
        ]
    )
    show_chart(lambda: heatmap(probs, "rank", "option", "p", t("ranking.smaa_title"), fmt=".0%"))
    st.caption(
        t(
            "ranking.smaa_help",
            n=number(robust.samples),
            c=number(robust.concentration),
            noise=t(f"ranking.noise_{noise.value}"),
        )
    )
    st.caption(t("ranking.noise_help"))
    with st.expander(t("ranking.smaa_table")):
        ranks = [t("ranking.rank_n", n=r + 1) for r in range(len(res.options))]
        st.dataframe(
            styled(
                pd.DataFrame(
                    res.acceptability,
                    index=pd.Index([options[o] for o in res.options], name=t("common.option")),
                    columns=ranks,
                ),
                dict.fromkeys(ranks, lambda p: percent(p, 1)),
            ),
            width="stretch",
        )

with confidence_tab:
    confidence_view.show(scenario, settings, shares)

with warnings_tab:
    for w in base.warnings:
        if w.code in SUMMARISED:
            continue  # said once, above the ranking
        st.caption(f"⚠ {warning_line(scenario, w.code, w.where, w.message)}")
