"""The sidebar's decision picker: every saved decision, the current one from the URL."""

from __future__ import annotations

import streamlit as st

from crm_select.store.api import list_workspaces
from crm_select.ui.i18n import t
from crm_select.ui.state import database, hosted, workspace_id


def decision_sidebar() -> None:
    """Local mode: pick any saved decision. Hosted mode: only the one the link names."""
    current = workspace_id()
    infos = {w.id: w for w in list_workspaces(database())}
    if hosted():
        st.caption(f"{t('sidebar.decision')}: {infos[current].name}")
        return
    ids = list(infos)
    chosen = st.selectbox(
        t("sidebar.decision"),
        ids,
        index=ids.index(current),
        format_func=lambda i: f"{infos[i].name} · v{infos[i].current_version}",
        help=t("sidebar.version_help"),
    )
    if chosen != current:
        st.query_params["ws"] = chosen
        st.rerun()
