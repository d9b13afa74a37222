"""Each member weighs: the rater form's weighting section (their own points, pairwise
judgements or answers to trade-off questions per level, blind until revealed) and the tables
the board and the revealed form share (each member's weights beside the group's, the spread,
who is far from the group)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from crm_select.models.criteria import Judgement, weighing_levels
from crm_select.models.i18n_text import text
from crm_select.models.scenario import Scenario
from crm_select.services.elicitation import save_member_points
from crm_select.services.member_weights import (
    INTERESTS_LEVEL,
    CommitteeWeighting,
    LevelWeighting,
    revealed_weighting,
)
from crm_select.services.weights import pairwise_level
from crm_select.services.workspace import (
    Actor,
    Database,
    MemberWeightsRecord,
    RoundInfo,
    RoundStatus,
    StaleWrite,
    StoreError,
    mark_weights_submitted,
    my_member_weights,
    submit_member_weights,
    weighting_status,
)
from crm_select.ui.ahp_editor import pairwise_editor
from crm_select.ui.elicitation_panel import guided_weights
from crm_select.ui.i18n import percent, t
from crm_select.ui.number_field import number_field, number_form
from crm_select.ui.pickers import radio_one
from crm_select.ui.plain_text import plain
from crm_select.ui.provenance import scenario_weights_line
from crm_select.ui.tables import styled
from scoring.group_weights import FAR

FLASH = "member_weighting_flash"
METHODS = ("points", "pairwise", "tradeoff")


def level_labels(scenario: Scenario, level: str) -> dict[str, str]:
    """Item id -> display name of one level (the interests, or a group's criteria)."""
    if level == INTERESTS_LEVEL:
        return {g.id.value: t(f"group.{g.id.value}") for g in scenario.criteria.groups}
    group = next(g for g in scenario.criteria.groups if g.id.value == level)
    return {c.id: text(c.name, scenario.language) for c in group.criteria}


def level_title(level: str) -> str:
    if level == INTERESTS_LEVEL:
        return t("weighting.level_interests")
    return t("weighting.level_group", group=t(f"group.{level}"))


def level_frame(lv: LevelWeighting, labels: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    """Rows: the level's items; columns: each member's weight, the group's, the spread."""
    assert lv.group is not None
    g = lv.group
    rows = []
    for item in lv.items:
        row: dict[str, object] = {t("weighting.col_item"): labels.get(item, item)}
        for m, w in g.members.items():
            row[names.get(m, m)] = w[item]
        row[t("weighting.col_group")] = g.weights[item]
        row[t("weighting.col_sd")] = g.spread[item].sd
        row[t("weighting.col_range")] = g.spread[item].range
        rows.append(row)
    return pd.DataFrame(rows)


def show_weighting(result: CommitteeWeighting, scenario: Scenario) -> None:
    """Each level's table (members beside the group), who is far, and the effective weights."""
    names = {k: plain(v) for k, v in result.names.items()}
    st.caption(t(f"weighting.aggregation_shown_{result.aggregation.value}"))
    far = result.far
    for f in far:
        st.warning(
            t(
                "weighting.far",
                name=names.get(f.member, f.member),
                level=level_title(f.level),
                distance=percent(f.distance),
            )
        )
    if not far:
        st.caption(t("weighting.nobody_far", limit=percent(FAR)))
    for lv in result.levels:
        st.markdown(f"**{level_title(lv.level)}**")
        if lv.group is None:
            st.caption(t("weighting.nobody_weighed"))
            continue
        frame = level_frame(lv, level_labels(scenario, lv.level), names)
        numeric = [c for c in frame.columns if c != t("weighting.col_item")]
        st.dataframe(
            styled(frame, dict.fromkeys(numeric, lambda v: percent(float(v), 1))),
            hide_index=True,
            width="stretch",
        )
        for m, why in lv.left_out.items():
            st.caption(t("weighting.left_out", name=names.get(m, m), reason=why))
    crit = {c.id: text(c.name, scenario.language) for c in scenario.criteria.criteria}
    st.expander(t("weighting.effective")).dataframe(
        styled(
            pd.DataFrame(
                {
                    t("weighting.col_item"): [crit[c] for c in result.effective],
                    t("weighting.col_group"): list(result.effective.values()),
                }
            ),
            {t("weighting.col_group"): lambda v: percent(float(v), 1)},
        ),
        hide_index=True,
    )


# --- the rater form ------------------------------------------------------------------------


def _store(saved: MemberWeightsRecord | None, write: Callable[[int], object]) -> None:
    """``write`` the level's weights over the version the form showed (0: never weighed); a
    refusal is flashed on the next run."""
    try:
        write(saved.version if saved else 0)
    except StaleWrite as e:
        st.session_state[FLASH] = t("committee.rate.stale", detail=str(e))
    except StoreError as e:
        st.session_state[FLASH] = t("committee.refused", reason=str(e))


def _save(saved: MemberWeightsRecord | None, write: Callable[[int], object]) -> None:
    """:func:`_store`, then the page again with what was saved."""
    _store(saved, write)
    st.rerun()


def _save_pairs(
    db: Database,
    me: Actor,
    level: str,
    saved: MemberWeightsRecord | None,
    pairs: list[tuple[str, str, float]],
    ready: bool,
) -> None:
    """on_click of a pairwise level's Save: a callback, so a rerun the page's 5 s watch starts
    meanwhile cannot drop the click (``pairs``: the judgements the page showed)."""
    if not ready:
        st.session_state[FLASH] = t("weighting.not_ready")
        return
    _store(
        saved,
        lambda v: submit_member_weights(db, me, level, judgements=pairs, expected_version=v),
    )


def _mark_done(db: Database, me: Actor, done: bool) -> None:
    """on_click of "done weighing" (or taking it back): a callback, as :func:`_save_pairs`."""
    try:
        mark_weights_submitted(db, me, done)
    except StoreError as e:
        st.session_state[FLASH] = t("committee.refused", reason=str(e))


def _saved_line(saved: MemberWeightsRecord, labels: dict[str, str]) -> str:
    """The saved weights as shares: points normalised, or the judgements' AHP weights."""
    if saved.points is not None:
        total = sum(saved.points.values()) or 1.0
        shares = {k: saved.points.get(k, 0.0) / total for k in labels}
    else:
        judged = [Judgement(a=a, b=b, value=v) for a, b, v in saved.judgements or ()]
        result = pairwise_level(list(labels), judged).result
        if result is None:
            return t("weighting.not_ready")
        shares = dict(zip(result.labels, (float(w) for w in result.weights), strict=True))
    return ", ".join(f"{labels[k]} {percent(v)}" for k, v in shares.items())


def _level_form(
    db: Database,
    me: Actor,
    rnd: RoundInfo,
    level: str,
    labels: dict[str, str],
    saved: MemberWeightsRecord | None,
    editable: bool,
) -> None:
    st.markdown(f"**{level_title(level)}**")
    if saved is not None:
        st.caption(t("weighting.saved_as", weights=_saved_line(saved, labels)))
    if not editable:
        return
    start = 1 if saved is not None and saved.judgements is not None else 0
    method = radio_one(
        t("weighting.method"),
        METHODS,
        format_func=lambda m: t(f"weighting.method_{m}"),
        key=f"mw_method_{rnd.number}_{level}",
        index=start,
        horizontal=True,
    )
    if method == "points":
        with number_form(f"mw_points_{rnd.number}_{level}") as form:
            cols = st.columns(min(len(labels), 4))
            points: dict[str, float] = {}
            for i, (item, label) in enumerate(labels.items()):
                value = saved.points.get(item, 0.0) if saved and saved.points else 10.0
                points[item] = number_field(  # "12,5" in Russian, "12.5" in English
                    label,
                    float(value),
                    min_value=0.0,
                    max_value=1000.0,
                    step=5.0,
                    key=f"mw_{rnd.number}_{level}_{item}",
                    where=cols[i % len(cols)],
                )
            if form.submitted(t("weighting.save")):
                _save(
                    saved,
                    lambda v: submit_member_weights(
                        db, me, level, points=points, expected_version=v
                    ),
                )
        return
    if method == "tradeoff":
        scope = f"member:{me.workspace_id}:{me.rater_id}:{rnd.number}"
        elicited = guided_weights(level, labels, scope, t("weighting.save_elicited"))
        if elicited is not None:
            _save(
                saved,
                lambda v: save_member_points(
                    db, me, level, elicited.points, elicited.session, expected_version=v
                ),
            )
        return
    judged = [Judgement(a=a, b=b, value=v) for a, b, v in (saved.judgements or ())] if saved else []
    judgements, state = pairwise_editor(
        f"member-{rnd.number}-{level}", labels, judged, dict.fromkeys(labels, 1.0)
    )
    st.button(
        t("weighting.save"),
        key=f"mw_save_pairs_{rnd.number}_{level}",
        on_click=_save_pairs,
        args=(db, me, level, saved, [(j.a, j.b, j.value) for j in judgements], state.ready),
    )


def rater_weighting(
    db: Database, me: Actor, scenario: Scenario, rnd: RoundInfo, writable: bool
) -> None:
    """The member's weighting section: their own weights per level while the round is open,
    everyone's beside the group's once it is revealed."""
    st.subheader(t("weighting.form_title", n=rnd.number))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.error(flash)
    editable = writable and rnd.status is RoundStatus.OPEN
    st.caption(t("weighting.form_help") if editable else t("weighting.frozen"))
    mine = {r.level: r for r in my_member_weights(db, me, rnd.number)}
    result = revealed_weighting(db, me, rnd.number) if not editable else None
    for level in weighing_levels(scenario.criteria):
        _level_form(db, me, rnd, level, level_labels(scenario, level), mine.get(level), editable)
    status = next(iter(weighting_status(db, me, rnd.number)), None)
    if status is not None:
        st.progress(
            status.filled / status.total if status.total else 0.0,
            text=t("weighting.progress", done=status.filled, total=status.total),
        )
        if status.submitted_at is not None:
            st.success(t("weighting.submitted", at=f"{status.submitted_at:%H:%M:%S}"))
        if editable:
            done = status.submitted_at is not None
            label = t("weighting.unsubmit") if done else t("weighting.submit")
            st.button(
                label, key="mw_submit", type="secondary" if done else "primary",
                on_click=_mark_done, args=(db, me, not done),
            )  # fmt: skip
    if result is not None:
        st.subheader(t("weighting.others"))
        if adopted := scenario_weights_line(scenario):
            st.caption(adopted)  # whose weights the decision uses, and how they were aggregated
        show_weighting(result, scenario)
