"""Facilitator board: invite raters, run blind rounds, watch consensus and disagreement live.

The parts live in crm_select/ui/board/ (one module a tab); this page says who acts and lays
them out.
"""

from __future__ import annotations

import streamlit as st

from crm_select.services.workspace import Actor, Role, get_workspace, load_scenario, raters
from crm_select.ui.board import departments, disagreement, finish, live, rounds, scores, weighting
from crm_select.ui.board import raters as raters_tab
from crm_select.ui.board.context import Board, notice
from crm_select.ui.committee import local_facilitator
from crm_select.ui.i18n import lang, t
from crm_select.ui.labels import criterion_names, option_names
from crm_select.ui.plain_text import plain
from crm_select.ui.state import actor, database, workspace_id

db = database()
st.title(t("committee.board.title"))


def board_actor() -> Actor:
    """The facilitator: the local operator acts as the workspace's facilitator (to comment)."""
    who = actor()
    return local_facilitator(db, who) if who.role is Role.OPERATOR else who


fac = board_actor()
info = get_workspace(db, fac)
scenario = load_scenario(db, fac)
board = Board(
    db,
    fac,
    workspace_id(),
    info,
    option_names(scenario),
    criterion_names(scenario),
    {r.id: r for r in raters(db, fac)},
)

st.caption(
    t("committee.board.caption", name=plain(info.title(lang())), who=plain(fac.name or fac.label))
)
with st.container():  # what comes and goes above the tabs stays in here: the open tab stays open
    if board.read_only:
        st.info(t("committee.board.locked"))
    notice()
    rounds.show(board)
    state = scores.banner(board)

live_tab, weighting_tab, disagree_tab, people_tab, dept_tab, decision_tab = st.tabs(
    [
        t("committee.tab.live"),
        t("weighting.tab"),
        t("committee.tab.disagreement"),
        t("committee.tab.raters"),
        t("committee.tab.departments"),
        t("committee.tab.decision"),
    ]
)
with weighting_tab:
    weighting.show(board, scenario)
with live_tab:
    live.show(board)
with disagree_tab:
    disagreement.show(board)
with people_tab:
    raters_tab.show(board)
with dept_tab:
    departments.show(board, scenario)
with decision_tab:
    scores.history(board, state)
    st.divider()
    finish.show(board, state)
