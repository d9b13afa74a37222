"""The decision's scores: whose scores the ranking, the Scoring page, the report and the
exports use; applying the revealed round; going back to an earlier round or the file's own."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from crm_select.services.committee import DecisionScores, decision_scores
from crm_select.services.workspace import (
    ScoreSet,
    VersionInfo,
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
    labels = [_label(s, state) for s in sets]
    chosen = select_one(
        t("committee.scores.history"),
        labels,
        format_func=str,
        key=f"committee_score_set_{lang()}_{state.version}",  # the labels change with both
    )
    pick = sets[labels.index(chosen)]
    if pick.round is not None:
        n = pick.round
        use: Callable[[], VersionInfo] = partial(apply_round, board.db, board.facilitator, n)
        said = lambda v: t("committee.scores.applied", n=n, v=v.number)  # noqa: E731
    else:
        assert pick.version is not None
        use = partial(restore_scores, board.db, board.facilitator, pick.version)
        said = lambda v: t("committee.scores.restored", v=v.number)  # noqa: E731
    st.button(
        t("committee.scores.use"), key="committee_use_scores", on_click=board.act, args=(use, said)
    )
