"""The decision's scores: whose scores the ranking, the Scoring page, the report and the
exports use; applying the revealed round; going back to an earlier round or the file's own."""

from __future__ import annotations

from functools import partial

import streamlit as st

from crm_select.services.committee import DecisionScores, decision_scores
from crm_select.services.workspace import (
    ScoreSet,
    apply_round,
    restore_scores,
    score_sets,
)
from crm_select.ui.board.context import Board
from crm_select.ui.i18n import lang, moment, t
from crm_select.ui.pickers import select_one
from crm_select.ui.provenance import scores_line


def banner(board: Board) -> DecisionScores:
    """Above the tabs: the decision's scores, and the button that applies a revealed round."""
    state = decision_scores(board.db, board.facilitator)
    st.caption(scores_line(state.source, state.raters))
    n = state.pending
    if n is not None and not board.read_only:
        st.warning(t("committee.scores.pending", n=n))
        st.button(
            t("committee.scores.apply", n=n), type="primary", key="committee_apply_round",
            on_click=board.act,
            args=(
                partial(apply_round, board.db, board.facilitator, n),
                lambda v: t("committee.scores.applied", n=n, v=v.number),
            ),
        )  # fmt: skip
    return state


def _label(s: ScoreSet, state: DecisionScores) -> str:
    names = ", ".join(s.raters)
    if s.round is not None:
        text = t("committee.scores.set_round", n=s.round, at=moment(s.at), raters=names)
        used = state.source is not None and state.source.round == s.round
    else:
        text = t("committee.scores.set_file", v=s.version, raters=names)
        used = state.source is None
    return f"{text} ({t('committee.scores.in_use')})" if used else text


def history(board: Board, state: DecisionScores) -> None:
    """Every set of scores the decision can use; using one stores a new version (the undo)."""
    st.markdown(f"**{t('committee.scores.history')}**")
    st.caption(t("committee.scores.history_help"))
    sets = score_sets(board.db, board.facilitator)
    if not sets:
        st.info(t("committee.scores.none"))
        return
    if board.read_only:
        for s in sets:
            st.markdown(f"- {_label(s, state)}")
        return
    by_label = {_label(s, state): s for s in sets}
    key = f"committee_score_set_{lang()}_{state.version}"  # the labels change with both
    select_one(t("committee.scores.history"), list(by_label), format_func=str, key=key)
    st.button(
        t("committee.scores.use"), key="committee_use_scores",
        on_click=_use_chosen, args=(board, key, by_label),
    )  # fmt: skip


def _use_chosen(board: Board, key: str, by_label: dict[str, ScoreSet]) -> None:
    """on_click of Use: the set chosen when the click arrives, read from the session (as the
    weighting tab's Adopt reads its choices), not the one chosen when the button was drawn."""
    pick = by_label[st.session_state[key]]
    if pick.round is not None:
        n = pick.round
        board.act(
            partial(apply_round, board.db, board.facilitator, n),
            lambda v: t("committee.scores.applied", n=n, v=v.number),
        )
        return
    assert pick.version is not None
    board.act(
        partial(restore_scores, board.db, board.facilitator, pick.version),
        lambda v: t("committee.scores.restored", v=v.number),
    )
