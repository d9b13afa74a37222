"""Finishing: lock the decision for good, rotate the admin link."""

from __future__ import annotations

import streamlit as st

from crm_select.services.workspace import lock_workspace, rotate_admin_code
from crm_select.ui.board.context import Board
from crm_select.ui.committee import BOARD_PAGE, page_link
from crm_select.ui.i18n import t


def show(board: Board) -> None:
    if board.read_only:
        st.info(t("committee.board.locked"))
    else:
        st.markdown(t("committee.decision.help"))
        sure = st.checkbox(t("committee.decision.confirm"), key="committee_lock_sure")
        if st.button(
            t("committee.decision.lock"),
            type="primary",
            disabled=not sure,
            key="committee_lock",
        ):
            board.act(lambda: lock_workspace(board.db, board.facilitator, "decision final"))
        st.divider()
        st.markdown(f"**{t('committee.decision.admin_link')}**")
        st.caption(t("committee.decision.admin_help"))
        if st.button(t("committee.decision.rotate"), key="committee_rotate"):
            code = rotate_admin_code(board.db, board.facilitator)
            st.code(page_link(BOARD_PAGE, ws=board.workspace, code=code), language=None)
