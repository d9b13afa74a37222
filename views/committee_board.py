"""Facilitator board: invite raters, run blind rounds, watch consensus and disagreement live."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from crm_select.services.committee import department_rankings, disagreement
from crm_select.services.errors import ScoringError
from crm_select.services.workspace import (
    Actor,
    Role,
    RoundStatus,
    StoreError,
    close_discussion,
    get_workspace,
    invite,
    load_scenario,
    lock_weights,
    lock_workspace,
    raters,
    reissue,
    reveal_round,
    rotate_admin_code,
    round_changes,
    set_weighting_set,
    start_next_round,
    start_scoring,
    submission_status,
    unlock_weights,
    weighting_sets,
)
from crm_select.services.workspace import open_discussion as open_cell
from crm_select.ui.cache import catalog
from crm_select.ui.committee import (
    BOARD_PAGE,
    RATER_PAGE,
    committee,
    discussion_thread,
    dispersion_heatmap,
    local_facilitator,
    page_link,
    rank_columns,
    ranking_frame,
    ranks_by_option,
    spread_frame,
)
from crm_select.ui.i18n import number, t
from crm_select.ui.labels import criterion_names, option_names
from crm_select.ui.pickers import select_one
from crm_select.ui.state import actor, database, workspace_id

db = database()
ws = workspace_id()
st.title(t("committee.board.title"))


def board_actor() -> Actor:
    """The facilitator: the local operator acts as the workspace's facilitator (to comment)."""
    who = actor()
    return local_facilitator(db, who) if who.role is Role.OPERATOR else who


fac = board_actor()

info = get_workspace(db, fac)
scenario = load_scenario(db, fac)
options = option_names(scenario)
criteria = criterion_names(scenario)
people = {r.id: r for r in raters(db, fac)}
read_only = info.locked


def act(action: Callable[[], object]) -> None:
    """Run a store action; rerun the app on success, show the store's refusal otherwise."""
    try:
        action()
    except StoreError as e:
        st.error(t("committee.refused", reason=str(e)))
        return
    st.rerun()


st.caption(t("committee.board.caption", name=info.name, who=fac.name or fac.label))
if read_only:
    st.info(t("committee.board.locked"))
flash = st.session_state.pop("committee_flash", None)
if flash:
    st.success(flash)

# --- round controls --------------------------------------------------------------------------

cols = st.columns([2, 2, 2, 3])
if info.current_round:
    state = t(f"committee.status.{info.round_status.value}") if info.round_status else ""
    cols[0].metric(
        t("committee.board.round"), info.current_round, state, delta_color="off", delta_arrow="off"
    )
else:
    cols[0].metric(
        t("committee.board.round"),
        "—",
        t("committee.status.not_started"),
        delta_color="off",
        delta_arrow="off",
    )
cols[1].metric(
    t("committee.board.weights"),
    t("committee.board.weights_locked" if info.weights_locked else "committee.board.weights_open"),
)
cols[2].metric(
    t("committee.board.raters"), sum(1 for r in people.values() if r.role.value == "rater")
)
with cols[3]:
    if not read_only:
        if not info.current_round:
            st.caption(t("committee.board.start_help"))
            if st.button(t("committee.board.start"), type="primary", key="committee_start"):
                act(lambda: start_scoring(db, fac))
        elif info.round_status is RoundStatus.OPEN:
            st.caption(t("committee.board.reveal_help"))
            if st.button(t("committee.board.reveal"), type="primary", key="committee_reveal"):
                act(lambda: reveal_round(db, fac))
        elif info.round_status is RoundStatus.REVEALED:
            st.caption(t("committee.board.next_help"))
            if st.button(
                t("committee.board.next", n=info.current_round + 1),
                type="primary",
                key="committee_next",
            ):
                act(lambda: start_next_round(db, fac))

live_tab, disagree_tab, raters_tab, dept_tab, decision_tab = st.tabs(
    [
        t("committee.tab.live"),
        t("committee.tab.disagreement"),
        t("committee.tab.raters"),
        t("committee.tab.departments"),
        t("committee.tab.decision"),
    ]
)


# --- live: submissions, consensus, agreement, dispersion --------------------------------------


@st.fragment(run_every="5s")
def live() -> None:
    """Re-reads the database every 5 s: who has submitted, consensus, dispersion, ranking."""
    now = get_workspace(db, fac)
    if not now.current_round:
        st.info(t("committee.board.not_started"))
        return
    status = submission_status(db, fac)
    done = sum(1 for s in status if s.submitted)
    st.subheader(t("committee.board.submissions", done=done, total=len(status)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("committee.col.rater"): s.name,
                    t("committee.col.department"): s.department,
                    t("committee.col.progress"): s.filled / s.total if s.total else 0.0,
                    t("committee.col.filled"): f"{s.filled} / {s.total}",
                    t("committee.col.submitted"): (
                        s.submitted_at.strftime("%H:%M:%S") if s.submitted_at else "—"
                    ),
                }
                for s in status
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("committee.col.progress"): st.column_config.ProgressColumn(
                t("committee.col.progress"), min_value=0.0, max_value=1.0, format="percent"
            )
        },
    )
    report = committee(db, fac)
    if report is None:
        st.info(t("committee.board.no_scores"))
        return
    ranking = report.consensus_ranking.ranking()
    m = st.columns(3)
    m[0].metric(t("committee.board.leader"), options.get(ranking[0].option, ""))
    m[1].metric(
        t("committee.board.overall_w"),
        "—" if report.overall_w is None else number(report.overall_w, 2),
        help=t("committee.board.overall_w_help"),
    )
    m[2].metric(t("committee.board.outliers"), sum(1 for o in report.outliers if o.outlier))
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**{t('committee.board.consensus')}**")
        st.dataframe(
            ranking_frame(report.consensus_ranking, options), hide_index=True, width="stretch"
        )
        st.markdown(f"**{t('committee.board.rater_rankings')}**")
        own = {t("committee.board.consensus_short"): report.consensus_ranking}
        own |= {people[k].name if k in people else k: v for k, v in report.rater_rankings.items()}
        st.dataframe(ranks_by_option(own, options), width="stretch")
        flagged = [o for o in report.outliers if o.outlier]
        for o in flagged:
            st.warning(
                t(
                    "committee.board.outlier",
                    name=people[o.rater].name if o.rater in people else o.rater,
                    deviation=number(o.deviation, 2),
                )
            )
    with right:
        st.markdown(f"**{t('committee.board.dispersion')}**")
        spreads = spread_frame(disagreement(report), options, criteria)
        st.altair_chart(dispersion_heatmap(spreads), width="stretch")
        st.caption(t("committee.board.single_rating"))
        st.markdown(f"**{t('committee.board.kendall')}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("committee.col.criterion"): criteria.get(c, c),
                        "W": k.w,
                        t("committee.col.raters_n"): len(k.raters),
                    }
                    for c, k in sorted(
                        report.kendall.items(), key=lambda kv: -1.0 if kv[1].w is None else kv[1].w
                    )
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "W": st.column_config.ProgressColumn(
                    "W", min_value=0.0, max_value=1.0, format="%.2f"
                )
            },
        )
    if now.current_round > 1:
        st.markdown(
            f"**{t('committee.board.changes', a=now.current_round - 1, b=now.current_round)}**"
        )
        changes = round_changes(db, fac)
        if not changes:
            st.caption(t("committee.board.no_changes"))
        else:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t("committee.col.rater"): people[c.rater_id].name
                            if c.rater_id in people
                            else c.rater_id,
                            t("committee.col.option"): options.get(c.option, c.option),
                            t("committee.col.criterion"): criteria.get(c.criterion, c.criterion),
                            t("committee.col.before"): c.before,
                            t("committee.col.after"): c.after,
                            t("committee.col.delta"): c.delta,
                        }
                        for c in changes
                    ]
                ),
                hide_index=True,
                width="stretch",
            )


with live_tab:
    live()


# --- disagreement and discussion ---------------------------------------------------------------


@st.fragment(run_every="5s")
def disagreement_view() -> None:
    """Cells by standard deviation, largest first; a button opens one for discussion."""
    now = get_workspace(db, fac)
    if not now.current_round:
        st.info(t("committee.board.not_started"))
        return
    cell = now.discussion
    if cell is not None:
        with st.container(border=True):
            discussion_thread(
                db, fac, cell, {i: r.name for i, r in people.items()}, (options, criteria),
                writable=not now.locked, key="committee_comment",
            )  # fmt: skip
            if not now.locked and st.button(
                t("committee.discussion.close"), key="committee_close_cell"
            ):
                close_discussion(db, fac)
                st.rerun()
    spreads = spread_frame(disagreement(committee(db, fac)), options, criteria)
    top = spreads[spreads["n"] > 0].head(10) if len(spreads) else spreads
    st.caption(t("committee.disagreement.caption", shown=len(top), total=len(spreads)))
    head = st.columns([3, 3, 1, 1, 1, 2])
    for col, key in zip(
        head,
        ("option", "criterion", "std", "mean", "range", "action"),
        strict=True,
    ):
        col.markdown(f"**{t(f'committee.disagreement.{key}')}**")
    for row in top.to_dict("records"):
        c = st.columns([3, 3, 1, 1, 1, 2])
        c[0].write(row["option"])
        c[1].write(row["criterion"])
        c[2].write(number(row["std"], 2) if pd.notna(row["std"]) else "—")
        c[3].write(number(row["mean"], 1) if pd.notna(row["mean"]) else "—")
        c[4].write(
            f"{number(row['min'], 0)}–{number(row['max'], 0)}" if pd.notna(row["min"]) else "—"
        )
        oid, cid = row["option_id"], row["criterion_id"]
        current = cell is not None and (cell.option, cell.criterion) == (oid, cid)
        if c[5].button(
            t("committee.disagreement.discuss"),
            key=f"committee_discuss_{oid}_{cid}",
            disabled=now.locked or current,
        ):
            open_cell(db, fac, oid, cid)
            st.rerun()


with disagree_tab:
    disagreement_view()


# --- raters and join links --------------------------------------------------------------------

with raters_tab:
    links: list[tuple[str, str]] = st.session_state.setdefault("committee_links", [])
    if links:
        with st.container(border=True):
            st.markdown(f"**{t('committee.raters.links')}**")
            st.caption(t("committee.raters.links_help"))
            for name, link in links:
                st.markdown(name)
                st.code(link, language=None)
            if st.button(t("committee.raters.hide_links"), key="committee_hide_links"):
                st.session_state["committee_links"] = []
                st.rerun()
    if not read_only:
        with st.form("committee_invite", clear_on_submit=True):
            st.markdown(f"**{t('committee.raters.invite')}**")
            c1, c2, c3 = st.columns(3)
            name = c1.text_input(t("committee.raters.name"), max_chars=80, key="committee_name")
            dept = c2.text_input(
                t("committee.raters.department"), max_chars=80, key="committee_dept"
            )
            email = c3.text_input(
                t("committee.raters.email"), max_chars=200, key="committee_email",
                help=t("committee.raters.email_help"),
            )  # fmt: skip
            if st.form_submit_button(t("committee.raters.send"), type="primary"):
                if not name.strip():
                    st.error(t("committee.raters.name_needed"))
                else:
                    try:
                        sent = invite(db, fac, name, dept, email.strip() or None)
                    except StoreError as e:
                        st.error(t("committee.refused", reason=str(e)))
                    else:
                        links.append((sent.name, page_link(RATER_PAGE, ws=ws, token=sent.token)))
                        st.rerun()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("committee.col.rater"): r.name,
                    t("committee.col.department"): r.department,
                    t("committee.col.role"): t(f"committee.role.{r.role.value}"),
                    t("committee.col.link"): t(
                        "committee.raters.has_link" if r.has_token else "committee.raters.no_link"
                    ),
                }
                for r in people.values()
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    rater_ids = [r.id for r in people.values() if r.role.value == "rater"]
    if rater_ids and not read_only:
        c1, c2 = st.columns([3, 1])
        who = select_one(
            t("committee.raters.reissue"),
            rater_ids,
            format_func=lambda i: f"{people[i].name} ({people[i].department})",
            key="committee_reissue_who",
            where=c1,
        )
        c2.write("")
        if c2.button(t("committee.raters.reissue_button"), key="committee_reissue"):
            again = reissue(db, fac, who)
            links.append((again.name, page_link(RATER_PAGE, ws=ws, token=again.token)))
            st.rerun()


# --- departments' weighting sets -----------------------------------------------------------------

with dept_tab:
    sets = weighting_sets(db, fac)
    st.caption(t("committee.departments.caption"))
    try:
        ranked = department_rankings(db, fac, catalog())
        results = {t("committee.departments.committee"): ranked.committee, **ranked.departments}
        st.dataframe(rank_columns(results, options), width="stretch")
        groups = pd.DataFrame({label: res.groups for label, res in results.items()}).rename(
            index=lambda g: t(f"committee.group.{g}")
        )
        st.markdown(f"**{t('committee.departments.shares')}**")
        st.dataframe(groups.map(lambda v: f"{v:.0%}"), width="stretch")
    except (ScoringError, ValueError) as e:
        st.warning(t("committee.departments.cannot_rank", reason=str(e)))

    if read_only:
        pass
    elif info.weights_locked:
        st.info(t("committee.departments.locked"))
        with st.expander(t("committee.weights.unlock_title")):
            reason = st.text_input(t("committee.weights.reason"), key="committee_unlock_reason")
            sure = st.checkbox(t("committee.weights.confirm"), key="committee_unlock_sure")
            if st.button(
                t("committee.weights.unlock"),
                disabled=not (sure and reason.strip()),
                key="committee_unlock",
            ):
                act(lambda: unlock_weights(db, fac, reason))
    else:
        existing = {s.department: s for s in sets}
        with st.form("committee_weights"):
            st.markdown(f"**{t('committee.departments.edit')}**")
            dept = st.text_input(t("committee.raters.department"), key="committee_set_dept")
            points: dict[str, float] = {}
            gcols = st.columns(len(scenario.criteria.groups))
            for col, g in zip(gcols, scenario.criteria.groups, strict=True):
                points[g.id.value] = col.number_input(
                    t(f"committee.group.{g.id.value}"),
                    min_value=0.0,
                    max_value=100.0,
                    value=float(g.weight),
                    step=5.0,
                    key=f"committee_w_{g.id.value}",
                )
            if st.form_submit_button(t("committee.departments.save")):
                if not dept.strip():
                    st.error(t("committee.raters.name_needed"))
                else:
                    prev = existing.get(dept.strip())
                    act(
                        lambda: set_weighting_set(
                            db,
                            fac,
                            dept.strip(),
                            points,
                            expected_version=prev.version if prev else 0,
                        )
                    )
        if info.current_round and st.button(
            t("committee.weights.lock"), key="committee_lock_weights"
        ):
            act(lambda: lock_weights(db, fac, "relocked by facilitator"))


# --- finishing the decision, admin link -------------------------------------------------------

with decision_tab:
    if read_only:
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
            act(lambda: lock_workspace(db, fac, "decision final"))
        st.divider()
        st.markdown(f"**{t('committee.decision.admin_link')}**")
        st.caption(t("committee.decision.admin_help"))
        if st.button(t("committee.decision.rotate"), key="committee_rotate"):
            code = rotate_admin_code(db, fac)
            st.code(page_link(BOARD_PAGE, ws=ws, code=code), language=None)
