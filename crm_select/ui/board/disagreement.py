"""Disagreement: the cells the raters are furthest apart on, and the discussion of one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.services.committee import disagreement
from crm_select.services.workspace import close_discussion, get_workspace, open_discussion
from crm_select.ui.board.context import Board
from crm_select.ui.committee import committee, discussion_thread, spread_frame
from crm_select.ui.i18n import number, t


@st.fragment(run_every="5s")
def show(board: Board) -> None:
    """Cells by standard deviation, largest first; a button opens one for discussion."""
    now = get_workspace(board.db, board.facilitator)
    if not now.current_round:
        st.info(t("committee.board.not_started"))
        return
    cell = now.discussion
    if cell is not None:
        with st.container(border=True):
            discussion_thread(
                board.db, board.facilitator, cell, {i: r.name for i, r in board.people.items()}, (board.options, board.criteria),
                writable=not now.locked, key="committee_comment",
            )  # fmt: skip
            if not now.locked and st.button(
                t("committee.discussion.close"), key="committee_close_cell"
            ):
                close_discussion(board.db, board.facilitator)
                st.rerun()
    spreads = spread_frame(
        disagreement(committee(board.db, board.facilitator)), board.options, board.criteria
    )
    top = spreads[spreads["n"] > 0].head(10) if len(spreads) else spreads
    st.caption(t("committee.disagreement.caption", shown=len(top), total=len(spreads)))
    head = st.columns([3, 3, 1, 1, 1, 2])
    for col, key in zip(
        head,
        ("option", "criterion", "std", "mean", "range", "action"),
        strict=True,
    ):
        col.markdown(f"**{t(f'committee.disagreement.{key}')}**")
    for row in top.to_dict("records"):
        c = st.columns([3, 3, 1, 1, 1, 2])
        c[0].write(row["option"])
        c[1].write(row["criterion"])
        c[2].write(number(row["std"], 2) if pd.notna(row["std"]) else "—")
        c[3].write(number(row["mean"], 1) if pd.notna(row["mean"]) else "—")
        c[4].write(
            f"{number(row['min'], 0)}–{number(row['max'], 0)}" if pd.notna(row["min"]) else "—"
        )
        oid, cid = row["option_id"], row["criterion_id"]
        current = cell is not None and (cell.option, cell.criterion) == (oid, cid)
        if c[5].button(
            t("committee.disagreement.discuss"),
            key=f"committee_discuss_{oid}_{cid}",
            disabled=now.locked or current,
        ):
            open_discussion(board.db, board.facilitator, oid, cid)
            st.rerun()
