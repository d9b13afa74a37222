"""Weighting: the round before scoring where each member weighs in their own form; open and
reveal it, who is done (re-read every 5 s), how the members' weights are aggregated (AIP, or AIJ
when every member judged pairwise), each member's weights beside the group's, and adopting the
decision's weights (the group's, a department's or the facilitator's own)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from crm_select.models.scenario import Scenario
from crm_select.models.weights_source import Aggregation
from crm_select.services.member_weights import (
    AGGREGATION,
    AGGREGATIONS,
    CommitteeWeighting,
    adopt_department_weights,
    adopt_group_weights,
    committee_weighting,
    keep_own_weights,
)
from crm_select.services.workspace import (
    RoundStatus,
    VersionInfo,
    open_weighting,
    reveal_weighting,
    weighting_rounds,
    weighting_sets,
    weighting_status,
)
from crm_select.ui.board.context import Board
from crm_select.ui.i18n import t
from crm_select.ui.member_weighting import level_title, show_weighting
from crm_select.ui.pickers import radio_one, select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.provenance import scenario_weights_line

CHOICES = ("group", "department", "own")
DEPARTMENT = "weighting_department"


def _controls(board: Board) -> None:
    rounds = weighting_rounds(board.db, board.facilitator)
    last = rounds[-1] if rounds else None
    if last is None:
        st.info(t("weighting.not_opened"))
    else:
        st.markdown(
            f"**{t('weighting.round', n=last.number, status=t(f'committee.status.{last.status.value}'))}**"
        )
    if board.read_only:
        return
    if board.info.weights_locked:
        st.caption(t("weighting.locked"))
        return
    if last is not None and last.status is RoundStatus.OPEN:
        st.caption(t("weighting.reveal_help"))
        st.button(
            t("weighting.reveal"), type="primary", key="weighting_round_action",
            on_click=board.act, args=(partial(reveal_weighting, board.db, board.facilitator),),
        )  # fmt: skip
        return
    st.caption(t("weighting.open_help"))
    label = t("weighting.open") if last is None else t("weighting.open_next", n=last.number + 1)
    st.button(
        label, type="primary" if last is None else "secondary", key="weighting_round_action",
        on_click=board.act, args=(partial(open_weighting, board.db, board.facilitator),),
    )  # fmt: skip


@st.fragment(run_every="5s")
def _progress(board: Board, number: int) -> None:
    """Who is done weighing, re-read every 5 s (members mark done in their own browsers)."""
    status = weighting_status(board.db, board.facilitator, number)
    done = sum(1 for s in status if s.submitted)
    st.markdown(f"**{t('weighting.submitted_count', done=done, total=len(status))}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("weighting.col_member"): s.name,
                    t("committee.col.department"): s.department,
                    t("weighting.col_levels"): f"{s.filled} / {s.total}",
                    t("weighting.col_done"): (
                        s.submitted_at.strftime("%H:%M:%S") if s.submitted_at else "—"
                    ),
                }
                for s in status
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _aggregation_key(round_number: int) -> str:
    return f"weighting_aggregation_{round_number}"


def _aggregation(board: Board, result: CommitteeWeighting) -> Aggregation:
    """The facilitator's choice of aggregation for a revealed round: the arithmetic or the
    geometric mean of the members' priorities (AIP), or, only when every member who weighed
    judged pairwise, the geometric mean of their judgements (AIJ; the page says who gave points
    where)."""
    blocked = result.aij_blocked
    offered = [a for a in AGGREGATIONS if not (blocked and a is Aggregation.AIJ_GEOMETRIC)]
    choice = radio_one(
        t("weighting.aggregation_choice"),
        offered,
        format_func=lambda a: t(f"weighting.aggregation_{a.value}"),
        key=_aggregation_key(result.round.number),
        horizontal=True,
        disabled=board.read_only or board.info.weights_locked,
    )
    st.caption(t(f"weighting.aggregation_{choice.value}_help"))
    if blocked:
        who = "; ".join(
            t("weighting.aij_points_on", names=", ".join(plain(n) for n in names),
              level=level_title(level))
            for level, names in blocked.items()
        )  # fmt: skip
        st.caption(t("weighting.aij_unavailable", who=who))
    return choice


def _adopt(
    board: Board,
    scenario: Scenario,
    group_ready: tuple[int, int] | None,
) -> None:
    st.subheader(t("weighting.adopt_title"))
    line = scenario_weights_line(scenario)
    if line:
        st.caption(line)
    if board.read_only:
        return
    if board.info.weights_locked:
        st.caption(t("weighting.adopt_locked"))
        return

    def label(c: str) -> str:
        if c == "group" and group_ready is not None:
            return t("weighting.choice_group", n=group_ready[0], k=group_ready[1])
        return t(f"weighting.choice_{c}_plain" if c == "group" else f"weighting.choice_{c}")

    choice_key = f"weighting_adopt_choice_{group_ready}"  # a newly revealed round offers its group
    choice = radio_one(
        t("weighting.adopt_choice"), CHOICES, format_func=label, key=choice_key,
        index=0 if group_ready else 2,
    )  # fmt: skip
    department = None
    if choice == "group" and group_ready is None:
        st.caption(t("weighting.no_group"))
    if choice == "department":
        sets = [s.department for s in weighting_sets(board.db, board.facilitator)]
        if not sets:
            st.caption(t("weighting.no_departments"))
        else:
            department = select_one(
                t("weighting.department"), sets, format_func=plain, key=DEPARTMENT
            )
    ready = (
        (choice == "group" and group_ready is not None)
        or (choice == "department" and department is not None)
        or choice == "own"
    )
    aggregation_key = _aggregation_key(group_ready[0]) if group_ready else None
    st.button(
        t("weighting.adopt"), type="primary", disabled=not ready, key="weighting_adopt",
        on_click=_adopt_as_chosen, args=(board, choice_key, aggregation_key),
    )  # fmt: skip


def _adopt_as_chosen(board: Board, choice_key: str, aggregation_key: str | None) -> None:
    """on_click of Adopt: adopts what the choices say when the click arrives, read from the
    session. Arguments bound to the button when it was drawn would be a choice's old value when
    the click arrives while the page is still being drawn after that choice changed."""
    choice = st.session_state.get(choice_key)
    adopt: Callable[[], VersionInfo]
    if choice == "group" and aggregation_key is not None:
        aggregation = st.session_state.get(aggregation_key, AGGREGATION)
        adopt = partial(adopt_group_weights, board.db, board.facilitator, aggregation)
    elif choice == "department" and st.session_state.get(DEPARTMENT) is not None:
        department = st.session_state[DEPARTMENT]
        adopt = partial(adopt_department_weights, board.db, board.facilitator, department)
    elif choice == "own":
        adopt = partial(keep_own_weights, board.db, board.facilitator)
    else:
        return  # the button is drawn disabled then
    board.act(adopt, lambda v: t("weighting.adopted", v=v.number))


def show(board: Board, scenario: Scenario) -> None:
    st.caption(t("weighting.intro"))
    _controls(board)
    result = committee_weighting(board.db, board.facilitator)
    group_ready: tuple[int, int] | None = None
    if result is not None:
        _progress(board, result.round.number)
        if result.round.status is RoundStatus.OPEN:
            st.caption(t("weighting.hidden"))
        else:
            aggregation = _aggregation(board, result)
            if aggregation is not result.aggregation:
                result = committee_weighting(board.db, board.facilitator, aggregation=aggregation)
                assert result is not None  # the same round, aggregated otherwise
            show_weighting(result, scenario)
            if result.names:
                group_ready = (result.round.number, len(result.names))
    st.divider()
    _adopt(board, scenario, group_ready)
