"""Round controls: the round and its state, whether weights are locked, start / reveal / next."""

from __future__ import annotations

from functools import partial

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
        if board.read_only:
            return
        if not board.info.current_round:
            help_key, label, action = (
                "committee.board.start_help",
                t("committee.board.start"),
                start_scoring,
            )
        elif board.info.round_status is RoundStatus.OPEN:
            help_key, label, action = (
                "committee.board.reveal_help",
                t("committee.board.reveal"),
                reveal_round,
            )
        elif board.info.round_status is RoundStatus.REVEALED:
            help_key, label, action = (
                "committee.board.next_help",
                t("committee.board.next", n=board.info.current_round + 1),
                start_next_round,
            )
        else:
            return
        st.caption(t(help_key))
        # one key in every state: the button the next state draws replaces this one where it
        # stands (a button of another key stayed below it, faded, until the page was drawn, and
        # the layout then moved under a click on what followed)
        st.button(
            label, type="primary", key="committee_round_action",
            on_click=board.act, args=(partial(action, board.db, board.facilitator),),
        )  # fmt: skip
