"""Live: who has submitted, the consensus ranking, each rater's own, agreement and dispersion,
and what changed since the last round (re-read every 5 s)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.services.committee import department_weights, disagreement, workspace_scenario
from crm_select.services.workspace import get_workspace, round_changes, submission_status
from crm_select.ui import confidence_view
from crm_select.ui.board.context import Board
from crm_select.ui.cache import catalog
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.committee import (
    committee,
    dispersion_heatmap,
    ranking_frame,
    ranks_by_option,
    spread_frame,
)
from crm_select.ui.i18n import number, t
from crm_select.ui.plain_text import plain


@st.fragment(run_every="5s")
def show(board: Board) -> None:
    """Re-reads the database every 5 s: who has submitted, consensus, dispersion, ranking."""
    now = get_workspace(board.db, board.facilitator)
    if not now.current_round:
        st.info(t("committee.board.not_started"))
        return
    status = submission_status(board.db, board.facilitator)
    done = sum(1 for s in status if s.submitted)
    st.subheader(t("committee.board.submissions", done=done, total=len(status)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("committee.col.rater"): s.name,
                    t("committee.col.department"): s.department,
                    t("committee.col.progress"): s.filled / s.total if s.total else 0.0,
                    t("committee.col.filled"): f"{s.filled} / {s.total}",
                    t("committee.col.submitted"): (
                        s.submitted_at.strftime("%H:%M:%S") if s.submitted_at else "—"
                    ),
                }
                for s in status
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("committee.col.progress"): st.column_config.ProgressColumn(
                t("committee.col.progress"), min_value=0.0, max_value=1.0, format="percent"
            )
        },
    )
    report = committee(board.db, board.facilitator)
    if report is None:
        st.info(t("committee.board.no_scores"))
        return
    ranking = report.consensus_ranking.ranking()
    m = st.columns(3)
    m[0].metric(t("committee.board.leader"), board.options.get(ranking[0].option, ""))
    m[1].metric(
        t("committee.board.overall_w"),
        "—" if report.overall_w is None else number(report.overall_w, 2),
        help=t("committee.board.overall_w_help"),
    )
    m[2].metric(t("committee.board.outliers"), sum(1 for o in report.outliers if o.outlier))
    scenario = workspace_scenario(board.db, board.facilitator)
    confidence_view.board_card(scenario, department_weights(board.db, board.facilitator, catalog()))
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{t('committee.board.consensus')}**")
        st.dataframe(
            ranking_frame(report.consensus_ranking, board.options), hide_index=True, width="stretch"
        )
        st.markdown(f"**{t('committee.board.rater_rankings')}**")
        own = {t("committee.board.consensus_short"): report.consensus_ranking}
        own |= {
            board.people[k].name if k in board.people else k: v
            for k, v in report.rater_rankings.items()
        }
        st.dataframe(ranks_by_option(own, board.options), width="stretch")
        flagged = [o for o in report.outliers if o.outlier]
        for o in flagged:
            st.warning(
                t(
                    "committee.board.outlier",
                    name=plain(board.people[o.rater].name if o.rater in board.people else o.rater),
                    deviation=number(o.deviation, 2),
                )
            )
    with right:
        st.markdown(f"**{t('committee.board.dispersion')}**")
        spreads = spread_frame(disagreement(report), board.options, board.criteria)
        show_chart(lambda: dispersion_heatmap(spreads))
        st.caption(t("committee.board.single_rating"))
        st.markdown(f"**{t('committee.board.kendall')}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("committee.col.criterion"): board.criteria.get(c, c),
                        "W": k.w,
                        t("committee.col.raters_n"): len(k.raters),
                    }
                    for c, k in sorted(
                        report.kendall.items(), key=lambda kv: -1.0 if kv[1].w is None else kv[1].w
                    )
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "W": st.column_config.ProgressColumn(
                    "W", min_value=0.0, max_value=1.0, format="%.2f"
                )
            },
        )
    if now.current_round > 1:
        st.markdown(
            f"**{t('committee.board.changes', a=now.current_round - 1, b=now.current_round)}**"
        )
        changes = round_changes(board.db, board.facilitator)
        if not changes:
            st.caption(t("committee.board.no_changes"))
        else:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t("committee.col.rater"): board.people[c.rater_id].name
                            if c.rater_id in board.people
                            else c.rater_id,
                            t("committee.col.option"): board.options.get(c.option, c.option),
                            t("committee.col.criterion"): board.criteria.get(
                                c.criterion, c.criterion
                            ),
                            t("committee.col.before"): c.before,
                            t("committee.col.after"): c.after,
                            t("committee.col.delta"): c.delta,
                        }
                        for c in changes
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
