"""The Criteria page's guided weighting: questions one at a time, the weights they give shown
and adjustable as points, then used as the level's direct points."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.models.criteria import WeightingMethod
from crm_select.models.i18n_text import text
from crm_select.models.scenario import Scenario
from crm_select.services.elicitation import (
    GROUPS,
    ElicitationState,
    Method,
    apply_points,
    level_items,
    max_questions,
    next_question,
    respond,
    result,
    start_session,
)
from crm_select.services.errors import ScoringError
from crm_select.ui.i18n import lang, percent, t
from crm_select.ui.pickers import radio_one, select_one
from crm_select.ui.state import save_scenario
from scoring.elicitation import (
    ChooseQuestion,
    RankAnswer,
    RateQuestion,
    RatingAnswer,
    TradeoffAnswer,
)

PENDING = "criteria_pending_widgets"
"""Values for the Criteria page's weight widgets after elicited weights were used: set before
the widgets are drawn on the next run (:func:`apply_pending_widgets`), so the page shows the
saved points rather than what its sliders held (a browser sends a widget's old value back)."""


def apply_pending_widgets() -> None:
    """Call at the top of the Criteria page, before its weight widgets."""
    for key, value in st.session_state.pop(PENDING, {}).items():
        st.session_state[key] = value


def _names(scenario: Scenario, level: str) -> dict[str, str]:
    if level == GROUPS:
        return {g: t(f"group.{g}") for g in level_items(scenario, level)}
    group = next(g for g in scenario.criteria.groups if g.id.value == level)
    return {c.id: text(c.name, lang()) for c in group.criteria}


def _ask(state: ElicitationState, names: dict[str, str], key: str) -> None:
    """The session's next question with an Answer button; the answer replaces the session."""
    q = next_question(state)
    if q is None:
        return
    st.markdown(f"**{q.text(lang(), names)}**")
    step = f"{key}_{len(state.answers)}"
    response: RankAnswer | RatingAnswer | TradeoffAnswer
    if isinstance(q, ChooseQuestion):
        chosen = radio_one(
            t("elicit.choose"), list(q.remaining), format_func=names.__getitem__, key=step
        )
        response = RankAnswer(chosen=chosen)
    elif isinstance(q, RateQuestion):
        points = st.slider(t("elicit.points"), 0.0, q.max_points, q.max_points / 2, 5.0, key=step)
        response = RatingAnswer(criterion=q.criterion, points=points)
    else:
        words = q.choices(lang(), names)
        pick = radio_one(t("elicit.prefer"), list(words), format_func=words.__getitem__, key=step)
        response = TradeoffAnswer(top=q.top, level=q.level, criterion=q.criterion, choice=pick)  # type: ignore[arg-type]
    if st.button(t("elicit.answer"), key=f"{step}_go", type="primary"):
        try:
            st.session_state[key] = respond(state, response).model_dump_json()
        except ScoringError as e:
            st.error(str(e))
        else:
            st.rerun()


def elicitation_panel(scenario: Scenario) -> None:
    """Choose a level and a method, answer the questions, adjust and use the weights."""
    st.subheader(t("elicit.title"))
    st.caption(t("elicit.help"))
    levels = [GROUPS, *(g.id.value for g in scenario.criteria.groups)]
    left, right = st.columns(2)
    level = select_one(
        t("elicit.level"),
        levels,
        format_func=lambda v: t("elicit.level_groups") if v == GROUPS else t(f"group.{v}"),
        key="elicit_level",
        where=left,
    )
    with right:
        methods: list[Method] = ["tradeoff", "swing"]
        method = radio_one(
            t("elicit.method"),
            methods,
            format_func=lambda m: t(f"elicit.method_{m}"),
            key="elicit_method",
            horizontal=True,
        )
    names = _names(scenario, level)
    key = f"elicit_state_{level}_{method}"
    stored = st.session_state.get(key)
    state = ElicitationState.model_validate_json(stored) if stored else None
    if state is None or list(state.criteria) != level_items(scenario, level):
        state = start_session(scenario, level, method)
    res = result(state)
    most = max_questions(len(state.criteria))
    st.progress(
        min(res.asked / most, 1.0),
        text=t("elicit.progress", asked=res.asked, most=most, skipped=res.skipped),
    )
    if res.complete:
        st.success(t("elicit.done", asked=res.asked, skipped=res.skipped))
    else:
        _ask(state, names, key)
    points = res.points()
    frame = pd.DataFrame(
        {
            "id": list(res.order),
            t("elicit.item"): [names[c] for c in res.order],
            t("elicit.weight"): [percent(res.weights[c], 1) for c in res.order],
            "points": [points[c] for c in res.order],
        }
    )
    with st.form(f"elicit_apply_{level}"):
        st.caption(t("elicit.adjust"))
        edited = st.data_editor(
            frame,
            hide_index=True,
            width="stretch",
            key=f"elicit_points_{key}",
            disabled=["id", t("elicit.item"), t("elicit.weight")],
            column_config={
                "id": None,
                "points": st.column_config.NumberColumn(
                    t("elicit.points_col"), min_value=0.0, max_value=100.0, step=1.0
                ),
            },
        )
        use = st.form_submit_button(t("elicit.use"), type="primary")
    if st.button(t("elicit.restart"), key=f"{key}_restart"):
        st.session_state.pop(key, None)
        st.rerun()
    if use:
        chosen = {
            str(i): 0.0 if pd.isna(p) else float(p)
            for i, p in zip(edited["id"], edited["points"], strict=True)
        }
        try:
            updated = apply_points(scenario, level, chosen)
        except ValueError as e:
            st.error(t("elicit.refused", reason=str(e)))
            return
        save_scenario(updated, f"weights elicited ({level}, {method})")
        st.session_state[PENDING] = {
            "weight_method": WeightingMethod.DIRECT,
            **{f"gw-{g.id.value}": int(g.weight) for g in updated.criteria.groups},
        }
        st.session_state.pop(key, None)
        st.session_state["elicit_applied"] = True
        st.rerun()
    if st.session_state.pop("elicit_applied", False):
        st.success(t("elicit.applied"))
