"""2 · Criteria & weights: add, rename and remove criteria (the rules are
:mod:`crm_select.services.criteria_edit`); each change is saved as a new version."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from crm_select.models.criteria import Direction
from crm_select.models.scenario import Scenario
from crm_select.services.criteria_edit import (
    CriteriaEditError,
    RemovalEffects,
    add_criterion,
    removal_effects,
    remove_criterion,
    rename_criterion,
)
from crm_select.services.workspace import WeightsLocked
from crm_select.ui.i18n import lang, number, percent, t
from crm_select.ui.labels import criterion_names, rater_names
from crm_select.ui.number_field import number_field, number_form
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.state import save_scenario

FLASH = "criteria_edit_flash"
"""Session key: the success message of the last edit, shown after the rerun."""
EDITOR_KEY = "crit-"
"""Prefix of the per-group weight tables' widget keys, reset when their rows change."""


def _apply(make: Callable[[], Scenario], message: str, done: str) -> None:
    """Run one edit and save it; a refusal is shown in the user's language and nothing saved."""
    try:
        updated = make()
    except CriteriaEditError as e:
        params = {k: t(f"group.{v}") if k == "group" else plain(v) for k, v in e.params.items()}
        st.error(t(f"criteria_edit.error_{e.code}", **params))
        return
    except ValueError as e:  # a tree the model refuses (e.g. every point of a group at 0)
        st.error(t("criteria_edit.error_invalid", detail=str(e)))
        return
    try:
        save_scenario(updated, message)
    except WeightsLocked:
        st.error(t("criteria_edit.locked"))
        return
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(EDITOR_KEY):
            del st.session_state[key]
    st.session_state[FLASH] = done
    st.rerun()


def _effects(fx: RemovalEffects, scenario: Scenario) -> str:
    """What goes with the criterion, one line each."""
    raters = rater_names(scenario)
    lines = [
        t("criteria_edit.goes_weight", w=percent(fx.weight, 1))
        if fx.weight is not None
        else t("criteria_edit.goes_weight_unknown")
    ]
    if fx.scores:
        who = ", ".join(f"{plain(raters.get(r, r))} ({number(n)})" for r, n in fx.scores.items())
        lines.append(t("criteria_edit.goes_scores", n=number(fx.cells), raters=who))
    else:
        lines.append(t("criteria_edit.goes_no_scores"))
    if fx.judgements:
        lines.append(t("criteria_edit.goes_judgements", n=fx.judgements))
    if fx.preference:
        lines.append(t("criteria_edit.goes_preference"))
    lines.append(t("criteria_edit.goes_rounds"))
    return "\n".join(f"- {line}" for line in lines)


def criteria_editor(scenario: Scenario) -> None:
    """The add / rename / remove tabs, in an expander above the weights."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    names = criterion_names(scenario)
    groups = [g.id for g in scenario.criteria.groups]
    with st.expander(t("criteria_edit.title"), expanded=flash is not None):
        st.caption(t("criteria_edit.help"))
        add_tab, rename_tab, remove_tab = st.tabs(
            [
                t("criteria_edit.add_tab"),
                t("criteria_edit.rename_tab"),
                t("criteria_edit.remove_tab"),
            ]
        )
        with add_tab, number_form("criterion_add") as form:
            group = select_one(
                t("criteria_edit.group"),
                groups,
                format_func=lambda g: t(f"group.{g.value}"),
                key="crit_add_group",
            )
            name = st.text_input(t(f"criteria_edit.name_{lang()}"), key="crit_add_name")
            cols = st.columns(3)
            direction = select_one(
                t("criteria_edit.direction"),
                list(Direction),
                format_func=lambda d: t(f"report.direction.{d.value}"),
                key="crit_add_direction",
                where=cols[0],
            )
            lo = number_field(
                t("criteria_edit.scale_min"), 0.0, step=1.0, key="crit_add_min", where=cols[1]
            )
            hi = number_field(
                t("criteria_edit.scale_max"), 5.0, step=1.0, key="crit_add_max", where=cols[2]
            )
            st.caption(t("criteria_edit.add_help"))
            if form.submitted(t("criteria_edit.add")):
                _apply(
                    lambda: add_criterion(
                        scenario, group, name, lang(), direction=direction, scale=(lo, hi)
                    )[0],
                    f"criterion added: {name.strip()}",
                    t("criteria_edit.added", name=plain(name.strip()), group=t(f"group.{group}")),
                )
        with rename_tab, st.form("criterion_rename"):
            which = select_one(
                t("common.criterion"), list(names), format_func=names.__getitem__, key="crit_ren"
            )
            new = st.text_input(t(f"criteria_edit.new_name_{lang()}"), key="crit_ren_name")
            st.caption(t("criteria_edit.rename_help"))
            if st.form_submit_button(t("criteria_edit.rename")):
                _apply(
                    lambda: rename_criterion(scenario, which, new, lang()),
                    f"criterion renamed: {names[which]} -> {new.strip()}",
                    t("criteria_edit.renamed", old=plain(names[which]), new=plain(new.strip())),
                )
        with remove_tab:
            gone = select_one(
                t("common.criterion"), list(names), format_func=names.__getitem__, key="crit_rm"
            )
            fx = removal_effects(scenario, gone)
            if fx.last_in_group:
                st.info(t("criteria_edit.error_last_in_group", group=t(f"group.{fx.group}")))
                return
            if fx.unlinks:
                linked = ", ".join(plain(names[c]) for c in fx.unlinks)
                st.info(
                    t("criteria_edit.error_ahp_unlinks", name=plain(names[gone]), criteria=linked)
                )
                return
            st.warning(
                t("criteria_edit.goes", name=plain(names[gone])) + "\n\n" + _effects(fx, scenario)
            )
            sure = st.checkbox(
                t("criteria_edit.confirm", name=plain(names[gone])), key=f"crit_rm_sure_{gone}"
            )
            if st.button(t("criteria_edit.remove"), disabled=not sure, key="crit_rm_button"):
                _apply(
                    lambda: remove_criterion(scenario, gone),
                    f"criterion removed: {names[gone]}",
                    t("criteria_edit.removed", name=plain(names[gone])),
                )
