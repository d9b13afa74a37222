"""The sidebar's decision picker: every saved decision, the open one marked."""

from __future__ import annotations

import streamlit as st

from crm_select.store.api import get_workspace, list_workspaces
from crm_select.ui.i18n import lang, t
from crm_select.ui.plain_text import plain
from crm_select.ui.state import (
    database,
    hosted,
    open_existing,
    proven_actor,
    requested_workspace,
    workspace_id,
)


def decision_sidebar() -> None:
    """Local mode: pick any saved decision. Hosted mode: the proven one's name, nothing before."""
    if hosted():
        who = proven_actor()
        if who is not None:
            st.caption(
                f"{t('sidebar.decision')}: {plain(get_workspace(database(), who).title(lang()))}"
            )
        return
    wanted = requested_workspace()
    current = None if wanted else workspace_id()  # a first visit opens (or creates) one
    infos = {w.id: w for w in list_workspaces(database())}
    if wanted in infos:
        current = wanted
    ids = list(infos)
    # the labels are fixed when drawn: a language switch must not re-label the widget's old value
    labels = {i: f"{w.title(lang())} · v{w.current_version}" for i, w in infos.items()}
    chosen = st.selectbox(
        t("sidebar.decision"),
        ids,
        index=ids.index(current) if current is not None else None,
        format_func=labels.__getitem__,
        help=t("sidebar.version_help"),
        placeholder=t("sidebar.pick"),
    )
    if chosen is not None and chosen != current:
        open_existing(chosen)
        st.rerun()
