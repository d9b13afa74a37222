"""Round controls: the round and its state, whether weights are locked, start / reveal / next."""

from __future__ import annotations

import streamlit as st

from crm_select.services.workspace import RoundStatus, reveal_round, start_next_round, start_scoring
from crm_select.ui.board.context import Board
from crm_select.ui.i18n import t


def show(board: Board) -> None:
    cols = st.columns([2, 2, 2, 3])
    if board.info.current_round:
        state = (
            t(f"committee.status.{board.info.round_status.value}")
            if board.info.round_status
            else ""
        )
        cols[0].metric(
            t("committee.board.round"),
            board.info.current_round,
            state,
            delta_color="off",
            delta_arrow="off",
        )
    else:
        cols[0].metric(
            t("committee.board.round"),
            "—",
            t("committee.status.not_started"),
            delta_color="off",
            delta_arrow="off",
        )
    with cols[1]:  # a badge, not a metric's large value: "открыты" was cut to "откр…" at 1024 px
        st.markdown(t("committee.board.weights"))
        locked = board.info.weights_locked
        st.badge(
            t("committee.board.weights_locked" if locked else "committee.board.weights_open"),
            icon=":material/lock:" if locked else ":material/lock_open:",
            color="orange" if locked else "green",
        )
    cols[2].metric(
        t("committee.board.raters"),
        sum(1 for r in board.people.values() if r.awaited),
    )
    with cols[3]:
        if not board.read_only:
            if not board.info.current_round:
                st.caption(t("committee.board.start_help"))
                if st.button(t("committee.board.start"), type="primary", key="committee_start"):
                    board.act(lambda: start_scoring(board.db, board.facilitator))
            elif board.info.round_status is RoundStatus.OPEN:
                st.caption(t("committee.board.reveal_help"))
                if st.button(t("committee.board.reveal"), type="primary", key="committee_reveal"):
                    board.act(lambda: reveal_round(board.db, board.facilitator))
            elif board.info.round_status is RoundStatus.REVEALED:
                st.caption(t("committee.board.next_help"))
                if st.button(
                    t("committee.board.next", n=board.info.current_round + 1),
                    type="primary",
                    key="committee_next",
                ):
                    board.act(lambda: start_next_round(board.db, board.facilitator))
