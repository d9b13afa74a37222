"""4 · Scoring: each rater's score matrix, the consensus, disagreement and outlier raters."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from crm_select.models.ranking_settings import Aggregate
from crm_select.services.edits import set_scores
from crm_select.services.score_gaps import SUMMARISED
from crm_select.ui.anchors import scale_help, show_anchors
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import heatmap
from crm_select.ui.compute import committee
from crm_select.ui.gaps import show_gaps
from crm_select.ui.i18n import number, t
from crm_select.ui.labels import criterion_names, option_names, rater_names, warning_line
from crm_select.ui.pickers import radio_one, select_one
from crm_select.ui.provenance import scenario_scores_line
from crm_select.ui.state import current_scenario, save_scenario
from crm_select.ui.tables import styled

st.title(t("scoring.title"))
scenario = current_scenario()
st.caption(scenario_scores_line(scenario))
options = option_names(scenario)
criteria = criterion_names(scenario)
scales = scenario.criteria.rating_scales
raters = rater_names(scenario)

if not raters or not scales:
    st.info(t("scoring.no_raters"))
    st.stop()
show_gaps(scenario)

matrix_tab, consensus_tab = st.tabs([t("scoring.matrix"), t("scoring.consensus")])

with matrix_tab:
    rater = select_one(
        t("common.rater"), list(raters), format_func=lambda r: raters[r], key="score_rater"
    )
    given = scenario.scores.get(rater, {})
    frame = pd.DataFrame(
        {c: [given.get(o, {}).get(c) for o in options] for c in scales},
        index=list(options),
        dtype=float,
    )
    config = {
        c: st.column_config.NumberColumn(
            criteria[c],
            min_value=sc.min,
            max_value=sc.max,
            step=1,
            help=scale_help(criteria[c], sc),
        )
        for c, sc in scales.items()
    }
    with st.form(f"scores-{rater}"):
        st.caption(t("scoring.matrix_help"))
        edited = st.data_editor(
            frame.rename(index=options),
            column_config=config,
            key=f"editor-{rater}",
            width="stretch",
        )
        if st.form_submit_button(t("common.save")):
            cells = {
                o: {
                    c: (None if math.isnan(v) else float(v))
                    for c, v in zip(edited.columns, edited.iloc[i], strict=True)
                }
                for i, o in enumerate(options)
            }
            try:
                updated = set_scores(scenario, rater, cells)
            except ValueError as e:
                st.error(str(e))
            else:
                save_scenario(updated, f"scores of {raters[rater]}")
                st.success(t("scoring.saved"))
    show_anchors(scales, criteria)

with consensus_tab:
    aggregate = radio_one(
        t("scoring.aggregate"),
        list(Aggregate),
        index=list(Aggregate).index(scenario.ranking.aggregate),
        format_func=lambda a: t(f"scoring.aggregate_{a}"),
        key="score_aggregate",
        horizontal=True,
    )
    report = committee(scenario, scenario.ranking.model_copy(update={"aggregate": aggregate}))
    cons = report.consensus
    if cons is None:
        st.info(t("scoring.no_raters"))
        st.stop()
    crit_ids = list(cons.tensor.criteria)
    opt_ids = list(cons.tensor.options)
    st.subheader(t(f"scoring.consensus_matrix_{aggregate.value}"))
    st.dataframe(
        styled(
            pd.DataFrame(
                cons.values,
                index=[options[o] for o in opt_ids],
                columns=[criteria[c] for c in crit_ids],
            ),
            {criteria[c]: lambda v: number(v, 1) for c in crit_ids},
        ),
        width="stretch",
    )
    cols = st.columns(2)
    overall = report.overall_w
    cols[0].metric(t("scoring.kendall_overall"), "—" if overall is None else number(overall, 2))
    cols[0].caption(t("scoring.kendall_help"))
    outliers = [o for o in report.outliers if o.outlier]
    cols[1].metric(t("scoring.outliers"), len(outliers))
    for o in outliers:
        cols[1].warning(
            t("scoring.outlier", rater=raters.get(o.rater, o.rater), dev=number(o.deviation, 2))
        )
    spreads = cons.spreads()
    spread = pd.DataFrame(
        [
            {"criterion": criteria[s.criterion], "option": options[s.option], "std": s.std}
            for s in spreads
            if s.std is not None
        ]
    )
    if not spread.empty:
        show_chart(lambda: heatmap(spread, "option", "criterion", "std", t("scoring.disagreement")))
    single = sum(1 for s in spreads if s.n == 1)
    if single:
        st.caption(t("scoring.single_rating", n=single))
    st.subheader(t("scoring.own_rankings"))
    ranks = {
        raters.get(r, r): {options[row.option]: row.rank for row in res.ranking()}
        for r, res in report.rater_rankings.items()
    }
    ranks[t("scoring.consensus")] = {
        options[row.option]: row.rank for row in report.consensus_ranking.ranking()
    }
    st.dataframe(pd.DataFrame(ranks), width="stretch")
    st.subheader(t("scoring.kendall_by_criterion"))
    st.dataframe(
        styled(
            pd.DataFrame(
                {
                    t("common.criterion"): [criteria[c] for c in report.kendall],
                    "W": [k.w for k in report.kendall.values()],
                }
            ),
            {"W": lambda v: number(v, 2)},
        ),
        hide_index=True,
    )
    for w in report.warnings:
        if w.code in SUMMARISED:
            continue  # said once, above the tabs
        st.caption(f"⚠ {warning_line(scenario, w.code, w.where, w.message)}")
