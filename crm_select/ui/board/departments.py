"""Departments: each department's weighting set beside the committee's ranking, editing a set,
locking and unlocking the weights."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from crm_select.models.scenario import Scenario
from crm_select.services.committee import department_rankings
from crm_select.services.errors import ScoringError
from crm_select.services.workspace import (
    lock_weights,
    set_weighting_set,
    unlock_weights,
    weighting_sets,
)
from crm_select.ui.board.context import Board
from crm_select.ui.cache import catalog
from crm_select.ui.committee import rank_columns
from crm_select.ui.i18n import t
from crm_select.ui.number_field import number_field, number_form

REASON = "committee_unlock_reason"


def _reason() -> str:
    """The unlock reason as typed when the click arrives (the session's, not the one the
    button was drawn with)."""
    return str(st.session_state.get(REASON, "")).strip()


def show(board: Board, scenario: Scenario) -> None:
    sets = weighting_sets(board.db, board.facilitator)
    st.caption(t("committee.departments.caption"))
    try:
        ranked = department_rankings(board.db, board.facilitator, catalog())
        results = {t("committee.departments.committee"): ranked.committee, **ranked.departments}
        st.dataframe(rank_columns(results, board.options), width="stretch")
        groups = pd.DataFrame({label: res.groups for label, res in results.items()}).rename(
            index=lambda g: t(f"group.{g}")
        )
        st.markdown(f"**{t('committee.departments.shares')}**")
        st.dataframe(groups.map(lambda v: f"{v:.0%}"), width="stretch")
    except (ScoringError, ValueError) as e:
        st.warning(t("committee.departments.cannot_rank", reason=str(e)))

    if board.read_only:
        return
    if board.info.weights_locked:
        st.info(t("committee.departments.locked"))
        with st.expander(t("committee.weights.unlock_title")):
            reason = st.text_input(t("committee.weights.reason"), key=REASON)
            sure = st.checkbox(t("committee.weights.confirm"), key="committee_unlock_sure")
            st.button(
                t("committee.weights.unlock"), disabled=not (sure and reason.strip()),
                key="committee_unlock", on_click=board.act,
                args=(lambda: unlock_weights(board.db, board.facilitator, _reason()),),
            )  # fmt: skip
        return
    existing = {s.department: s for s in sets}
    with number_form("committee_weights") as form:
        st.markdown(f"**{t('committee.departments.edit')}**")
        dept = st.text_input(t("committee.raters.department"), key="committee_set_dept")
        points: dict[str, float] = {}
        gcols = st.columns(len(scenario.criteria.groups))
        for col, g in zip(gcols, scenario.criteria.groups, strict=True):
            points[g.id.value] = number_field(
                t(f"group.{g.id.value}"),
                float(g.weight),
                min_value=0.0,
                max_value=100.0,
                step=1.0,
                key=f"committee_w_{g.id.value}",
                where=col,
            )
        if form.submitted(t("committee.departments.save")):
            if not dept.strip():
                st.error(t("committee.raters.name_needed"))
            else:
                prev = existing.get(dept.strip())
                board.act(
                    lambda: set_weighting_set(
                        board.db,
                        board.facilitator,
                        dept.strip(),
                        points,
                        expected_version=prev.version if prev else 0,
                    )
                )
                st.rerun()
    if board.info.current_round:
        st.button(
            t("committee.weights.lock"), key="committee_lock_weights", on_click=board.act,
            args=(partial(lock_weights, board.db, board.facilitator, "relocked by facilitator"),),
        )  # fmt: skip
