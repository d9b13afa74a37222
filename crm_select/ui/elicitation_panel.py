"""Guided weighting: questions one at a time over one level's items, the weights they give shown
and adjustable as points. The panel only returns what the member chose (:class:`Elicited`);
where the weights go is the caller's: the Criteria page's direct points
(:func:`save_to_scenario`), or a committee member's own weights (the rater form)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from crm_select.models.criteria import INTERESTS_LEVEL, WeightingMethod
from crm_select.models.i18n_text import text
from crm_select.models.scenario import Scenario
from crm_select.services.elicitation import (
    ElicitationState,
    Method,
    apply_points,
    level_items,
    max_questions,
    next_question,
    respond,
    result,
    start,
)
from crm_select.services.errors import ScoringError
from crm_select.ui.i18n import lang, percent, t
from crm_select.ui.number_field import number_field, number_form
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
APPLIED = "elicit_applied"
METHODS: tuple[Method, ...] = ("tradeoff", "swing")


@dataclass(frozen=True)
class Elicited:
    """What a member chose: ``points`` per item of ``level`` (their answers' weights as points,
    adjusted or not) and the session they came from."""

    level: str
    points: dict[str, float]
    session: ElicitationState
    state_key: str

    def forget(self) -> None:
        """Drop the answers (the next run starts the questions again)."""
        st.session_state.pop(self.state_key, None)


def apply_pending_widgets() -> None:
    """Call at the top of the Criteria page, before its weight widgets."""
    for key, value in st.session_state.pop(PENDING, {}).items():
        st.session_state[key] = value


def _ask(state: ElicitationState, names: Mapping[str, str], key: str) -> None:
    """The session's next question with an Answer button; the answer replaces the session."""
    q = next_question(state)
    if q is None:
        return
    st.markdown(f"**{q.text(lang(), names)}**")
    step = f"{key}:q{len(state.answers)}"
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
    if st.button(t("elicit.answer"), key=f"{step}:go", type="primary"):
        try:
            st.session_state[key] = respond(state, response).model_dump_json()
        except ScoringError as e:
            st.error(str(e))
        else:
            st.rerun()


def guided_weights(
    level: str, names: Mapping[str, str], scope: str, use_label: str
) -> Elicited | None:
    """Questions over ``level``'s items (``names``: id -> display name, in the level's order),
    the weights the answers give, adjustable as points; the member's points when they press
    ``use_label``, else None. The answers live in the session state under ``scope`` and
    ``level`` (a scope per page and member: two members never share answers)."""
    base = f"elicit:{scope}:{level}"
    method = radio_one(
        t("elicit.method"),
        METHODS,
        format_func=lambda m: t(f"elicit.method_{m}"),
        key=f"{base}:method",
        horizontal=True,
    )
    key = f"{base}:{method}"
    items = list(names)
    stored = st.session_state.get(key)
    state = ElicitationState.model_validate_json(stored) if stored else None
    if state is None or list(state.criteria) != items:
        state = start(items, method)
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
    st.table(  # a small table, read as text (also by a screen reader)
        pd.DataFrame(
            {t("elicit.weight"): [percent(res.weights[c], 1) for c in res.order]},
            index=pd.Index([names[c] for c in res.order], name=t("elicit.item")),
        )
    )
    points = res.points()
    with number_form(f"{base}:use") as form:
        st.caption(t("elicit.adjust"))
        cols = st.columns(min(len(items), 4))
        chosen = {
            c: number_field(  # "66,7" in Russian, "66.7" in English
                t("elicit.points_of", item=names[c]),
                float(points[c]),
                min_value=0.0,
                max_value=100.0,
                step=0.1,
                key=f"{key}:points:{len(state.answers)}:{c}",  # a new answer, its own points
                where=cols[i % len(cols)],
            )
            for i, c in enumerate(res.order)
        }
        use = form.submitted(use_label, type="primary")
    if st.button(t("elicit.restart"), key=f"{key}:restart"):
        st.session_state.pop(key, None)
        st.rerun()
    return Elicited(level, chosen, state, key) if use else None


# --- the Criteria page ---------------------------------------------------------------------


def _names(scenario: Scenario, level: str) -> dict[str, str]:
    if level == INTERESTS_LEVEL:
        return {g: t(f"group.{g}") for g in level_items(scenario, level)}
    group = next(g for g in scenario.criteria.groups if g.id.value == level)
    return {c.id: text(c.name, lang()) for c in group.criteria}


def elicitation_panel(scenario: Scenario) -> Elicited | None:
    """The Criteria page's panel: choose a level of the tree, answer, adjust; the chosen points
    when the facilitator uses them (:func:`save_to_scenario` puts them in the tree)."""
    st.subheader(t("elicit.title"))
    st.caption(t("elicit.help"))
    if st.session_state.pop(APPLIED, False):
        st.success(t("elicit.applied"))
    levels = [INTERESTS_LEVEL, *(g.id.value for g in scenario.criteria.groups)]
    level = select_one(
        t("elicit.level"),
        levels,
        format_func=lambda v: t("elicit.level_groups") if v == INTERESTS_LEVEL else t(f"group.{v}"),
        key="elicit:criteria:level",
    )
    return guided_weights(level, _names(scenario, level), "criteria", t("elicit.use"))


def save_to_scenario(scenario: Scenario, elicited: Elicited) -> None:
    """The facilitator's use: the level's direct points in the tree, a new version."""
    try:
        updated = apply_points(scenario, elicited.level, elicited.points)
    except ValueError as e:
        st.error(t("elicit.refused", reason=str(e)))
        return
    save_scenario(updated, f"weights elicited ({elicited.level}, {elicited.session.method})")
    st.session_state[PENDING] = {
        "weight_method": WeightingMethod.DIRECT,
        **{f"gw-{g.id.value}": int(g.weight) for g in updated.criteria.groups},
    }
    elicited.forget()
    st.session_state[APPLIED] = True
    st.rerun()
