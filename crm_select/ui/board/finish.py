"""Finishing: lock the decision for good (deciding what happens to a revealed round whose
scores are not the decision's yet), rotate the admin link."""

from __future__ import annotations

from functools import partial

import streamlit as st

from crm_select.services.committee import DecisionScores, Finish, finish_decision
from crm_select.services.workspace import RoundStatus, rotate_admin_code
from crm_select.ui.board.context import Board
from crm_select.ui.committee import BOARD_PAGE, page_link
from crm_select.ui.i18n import lang, t
from crm_select.ui.pickers import radio_one


def _finish_as_chosen(board: Board, key: str, choices: dict[str, Finish]) -> None:
    """on_click of Lock: what happens to a waiting round as chosen when the click arrives, read
    from the session (as the weighting tab's Adopt reads its choices); keep, with none waiting."""
    pending = choices.get(st.session_state.get(key, ""), Finish.KEEP)
    board.act(partial(finish_decision, board.db, board.facilitator, pending))


def show(board: Board, state: DecisionScores) -> None:
    if board.read_only:
        st.info(t("committee.board.locked"))
        return
    st.markdown(t("committee.decision.help"))
    key = f"committee_lock_pending_{lang()}"  # the labels change with the language
    choices: dict[str, Finish] = {}
    if state.pending is not None:
        n = state.pending
        choices = {t(f"committee.decision.pending_{f.value}", n=n): f for f in Finish}
        radio_one(t("committee.decision.pending", n=n), list(choices), format_func=str, key=key)
    elif board.info.round_status is RoundStatus.OPEN:
        st.warning(t("committee.decision.blind", n=board.info.current_round))
    sure = st.checkbox(t("committee.decision.confirm"), key="committee_lock_sure")
    st.button(
        t("committee.decision.lock"), type="primary", disabled=not sure, key="committee_lock",
        on_click=_finish_as_chosen, args=(board, key, choices),
    )  # fmt: skip
    st.divider()
    st.markdown(f"**{t('committee.decision.admin_link')}**")
    st.caption(t("committee.decision.admin_help"))
    if st.button(t("committee.decision.rotate"), key="committee_rotate"):
        code = rotate_admin_code(board.db, board.facilitator)
        st.code(page_link(BOARD_PAGE, ws=board.workspace, code=code), language=None)
