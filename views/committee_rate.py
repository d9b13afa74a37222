"""Rater page, opened through a join link: this rater's own weights while the committee weighs,
then their own scoring form; the others' after each reveal."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from crm_select.services.realisation import record as realisation_record
from crm_select.services.workspace import (
    AccessDenied,
    Actor,
    Evidence,
    RoundInfo,
    RoundStatus,
    ScoreRecord,
    StaleWrite,
    StoreError,
    WorkspaceInfo,
    authenticate,
    get_workspace,
    load_scenario,
    mark_submitted,
    my_scores,
    raters,
    round_scores,
    submission_status,
    submit_score,
    weighting_rounds,
)
from crm_select.ui.anchors import scale_help, show_anchors
from crm_select.ui.committee import discussion_thread, score_frame
from crm_select.ui.i18n import lang, number, t
from crm_select.ui.labels import criterion_names, option_names
from crm_select.ui.member_weighting import rater_weighting
from crm_select.ui.plain_text import plain
from crm_select.ui.state import (
    database,
    hosted,
    oidc_actor,
    oidc_enabled,
    proven_actor,
    rater_link,
    workspace_id,
)

db = database()
SNAPSHOT = "committee_rate_snapshot"
GEN = "committee_rate_gen"
FLASH = "committee_rate_flash"

st.title(t("committee.rate.title"))


def rater() -> Actor | None:
    """The rater named by the join link (``?ws=..&token=..``); None (with a message) if refused."""
    ws, token = rater_link() or (st.query_params.get("ws") or "", "")
    if not token and ws and oidc_enabled():
        return oidc_actor(ws)
    if not token:
        if hosted() and proven_actor() is None:
            st.info(t("committee.rate.need_link"))
            return None
        workspace_id()  # the facilitator's open decision stays in the URL
        st.info(t("auth.rater_page_for_facilitator"))
        st.page_link("views/committee_board.py", label=t("auth.to_board"), icon=":material/groups:")
        return None
    try:
        return authenticate(db, ws, token)
    except AccessDenied:
        st.error(t("committee.rate.refused"))
        return None


signed_in = rater()
if signed_in is None:
    st.stop()
me: Actor = signed_in

info = get_workspace(db, me)
scenario = load_scenario(db, me)
options = option_names(scenario)
option_ids = list(options)
criteria = criterion_names(scenario)
scales = scenario.criteria.rating_scales
rated = scenario.criteria.rated
rated_ids = set(scales)
people = {r.id: r.name for r in raters(db, me)}
st.caption(t("committee.rate.hello", name=plain(me.name), decision=plain(info.title(lang()))))
if realisation_record(db, me) is not None:  # the results after go-live, read-only
    st.page_link(
        "views/after_go_live.py", label=t("real.rater_results"), icon=":material/monitoring:"
    )


def weighing() -> RoundInfo | None:
    """The latest weighting round, if the facilitator opened one."""
    return next(reversed(weighting_rounds(db, me)), None)


@st.fragment(run_every="5s")
def watch(seen: WorkspaceInfo, seen_weighing: RoundInfo | None) -> None:
    """Reload the page when the facilitator opens or reveals a weighting round, starts,
    reveals, opens a cell or locks."""
    now = get_workspace(db, me)
    key = (now.current_round, now.round_status, now.locked, now.discussion)
    if key != (seen.current_round, seen.round_status, seen.locked, seen.discussion):
        st.rerun(scope="app")
    if weighing() != seen_weighing:
        st.rerun(scope="app")


weighting_round = weighing()
watch(info, weighting_round)

if info.locked:
    st.info(t("committee.rate.locked"))
if weighting_round is not None and not info.current_round:
    rater_weighting(db, me, scenario, weighting_round, writable=not info.locked)
    st.info(t("weighting.pending"))
    st.stop()
if not info.current_round:
    st.info(t("committee.rate.not_started"))
    st.stop()

round_no = info.current_round
editable = not info.locked and info.round_status is RoundStatus.OPEN
groups = [
    (g.id.value, [c.id for c in g.criteria if c.id in rated_ids])
    for g in scenario.criteria.groups
    if any(c.id in rated_ids for c in g.criteria)
]
cells = [(o, c.id) for o in option_ids for c in rated]


def evidence_of(record: ScoreRecord | None) -> str | None:
    """The evidence level of a saved cell as its stored text, or None."""
    return record.evidence.value if record is not None and record.evidence else None


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def _write(who: Actor, cells: dict[tuple[str, str], dict[str, object]]) -> None:
    """Write changed cells (value / evidence / note) with the versions the form was built from."""
    snap = st.session_state.get(SNAPSHOT, {})
    flash: list[tuple[str, str]] = []
    try:
        for (oid, cid), change in cells.items():
            value, version, evidence, note = snap.get((oid, cid), (None, 0, None, ""))
            chosen = change.get("evidence", evidence) or None
            new = (
                _number(change["value"]) if "value" in change else value,
                None if chosen is None else str(chosen),
                str(change.get("note", note) or ""),
            )
            if new == (value, evidence, note or ""):
                continue
            submit_score(
                db,
                who,
                oid,
                cid,
                new[0],
                expected_version=version,
                evidence=new[1],
                note=new[2],
                round_number=round_no,
            )
    except StaleWrite as e:
        flash.append(("error", t("committee.rate.stale", detail=str(e))))
    except StoreError as e:
        flash.append(("error", t("committee.refused", reason=str(e))))
    st.session_state[FLASH] = flash
    st.session_state[GEN] = st.session_state.get(GEN, 0) + 1  # reload the form from the store


def submit(who: Actor, submitted: bool) -> None:
    """on_click of Submit (or Undo): a callback, so a click arriving while the form redraws
    itself (every 5 s) is not lost; a refusal is flashed."""
    try:
        mark_submitted(db, who, submitted)
    except StoreError as e:
        st.session_state[FLASH] = [("error", t("committee.refused", reason=str(e)))]


def save_scores(key: str, who: Actor) -> None:
    """on_change of a score grid: rows are options, columns criteria."""
    edits = st.session_state[key]["edited_rows"]
    cells = {
        (option_ids[int(row)], cid): {"value": value}
        for row, changed in edits.items()
        for cid, value in changed.items()
        if cid != "option"
    }
    _write(who, cells)


def save_evidence(key: str, who: Actor, cells: list[tuple[str, str]]) -> None:
    """on_change of the evidence table: one row per cell, columns evidence and note."""
    edits = st.session_state[key]["edited_rows"]
    _write(
        who,
        {
            cells[int(row)]: {k: v for k, v in changed.items() if k in ("evidence", "note")}
            for row, changed in edits.items()
        },
    )


def flush_pending(who: Actor) -> None:
    """Write edits still pending in the current editors (when no on_change ran for them)."""
    gen = st.session_state.get(GEN, 0)
    for gid, _ in groups:
        key = f"committee_rate_{gid}_{gen}"
        if st.session_state.get(key, {}).get("edited_rows"):
            save_scores(key, who)
            return
    key = f"committee_rate_evidence_{gen}"
    if st.session_state.get(key, {}).get("edited_rows"):
        save_evidence(key, who, cells)


flush_pending(me)
for kind, message in st.session_state.pop(FLASH, []):
    (st.error if kind == "error" else st.success)(message)

records = {(r.option, r.criterion): r for r in my_scores(db, me)}
st.session_state[SNAPSHOT] = {
    k: (r.value, r.version, evidence_of(r), r.note) for k, r in records.items()
}
gen = st.session_state.setdefault(GEN, 0)

st.subheader(t("committee.rate.form", n=round_no))
if editable:
    st.caption(t("committee.rate.form_help"))
elif info.round_status is not RoundStatus.OPEN:
    st.caption(t("committee.rate.frozen"))
applied = scenario.scores_source
if applied is not None and applied.workspace == info.id:
    st.info(t("committee.rate.applied", n=applied.round))

for gid, ids in groups:
    st.markdown(f"**{t(f'group.{gid}')}**")
    frame = score_frame(records.values(), option_ids, ids)
    frame.insert(0, "option", [options[o] for o in option_ids])
    config: dict[str, Any] = {
        "option": st.column_config.TextColumn(
            t("committee.col.option"), disabled=True, pinned=True
        ),
    }
    for cid, scale in scales.items():
        if cid in ids:
            config[cid] = st.column_config.NumberColumn(
                criteria[cid],
                min_value=scale.min,
                max_value=scale.max,
                step=1,
                help=scale_help(criteria[cid], scale),
            )
    key = f"committee_rate_{gid}_{gen}"
    st.data_editor(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        column_config=config,
        placeholder="–",
        disabled=not editable,
        on_change=save_scores,
        args=(key, me),
    )
    show_anchors({cid: scales[cid] for cid in ids}, criteria)

with st.expander(t("committee.rate.evidence_title"), expanded=False):
    st.caption(t("committee.rate.evidence_help"))
    ev_frame = pd.DataFrame(
        [
            {
                "option": options[o],
                "criterion": criteria[c],
                "value": records[(o, c)].value if (o, c) in records else None,
                "evidence": evidence_of(records.get((o, c))),
                "note": records[(o, c)].note if (o, c) in records else "",
            }
            for o, c in cells
        ]
    )
    ev_key = f"committee_rate_evidence_{gen}"
    st.data_editor(
        ev_frame,
        key=ev_key,
        hide_index=True,
        width="stretch",
        placeholder="–",
        disabled=True if not editable else ["option", "criterion", "value"],
        column_config={
            "option": st.column_config.TextColumn(t("committee.col.option")),
            "criterion": st.column_config.TextColumn(t("committee.col.criterion")),
            "value": st.column_config.NumberColumn(t("committee.col.score")),
            "evidence": st.column_config.SelectboxColumn(
                t("committee.col.evidence"),
                options=[e.value for e in Evidence],
                format_func=lambda v: t(f"committee.evidence.{v}"),
            ),
            "note": st.column_config.TextColumn(t("committee.col.note"), max_chars=500),
        },
        on_change=save_evidence,
        args=(ev_key, me, cells),
    )

mine = next((s for s in submission_status(db, me) if s.rater_id == me.rater_id), None)
if mine is not None:
    st.progress(
        mine.filled / mine.total if mine.total else 0.0,
        text=t("committee.rate.progress", filled=mine.filled, total=mine.total),
    )
    if mine.submitted:
        said = "committee.rate.submitted" if editable else "committee.rate.submitted_final"
        st.success(t(said, at=f"{mine.submitted_at:%H:%M:%S}"))
    if editable:  # one key in both states: Undo replaces Submit where it stands (see the board)
        done = mine.submitted
        st.button(
            t("committee.rate.unsubmit" if done else "committee.rate.submit"),
            type="secondary" if done else "primary", key="committee_rate_submission",
            on_click=submit, args=(me, not done),
        )  # fmt: skip

# --- after the reveal: everyone's scores -----------------------------------------------------

st.subheader(t("committee.rate.others"))
revealed = round_no if info.round_status is not RoundStatus.OPEN else round_no - 1
if revealed < 1:
    st.caption(t("committee.rate.hidden"))
else:
    if revealed != round_no:
        st.caption(t("committee.rate.previous", n=revealed))
    everyone = round_scores(db, me, revealed)
    table = pd.DataFrame(
        [
            {
                "option": options.get(r.option, r.option),
                "criterion": criteria.get(r.criterion, r.criterion),
                "rater": people.get(r.rater_id, r.rater_id),
                "value": r.value,
            }
            for r in everyone
        ]
    )
    if table.empty:
        st.caption(t("committee.rate.nobody"))
    else:
        pivot = table.pivot_table(
            index=["option", "criterion"], columns="rater", values="value", aggfunc="first"
        )
        pivot.index.names = [t("committee.col.option"), t("committee.col.criterion")]
        pivot.columns.name = None
        pivot[t("committee.col.mean")] = pivot.mean(axis=1)
        shown = pivot.map(
            lambda v: "–" if pd.isna(v) else number(v, 0 if float(v).is_integer() else 2)
        )
        st.dataframe(shown, width="stretch")

# --- the cell under discussion ---------------------------------------------------------------

cell = info.discussion
if cell is not None:
    with st.container(border=True):
        discussion_thread(
            db, me, cell, people, (options, criteria),
            writable=not info.locked, key="committee_rate_comment",
        )  # fmt: skip
