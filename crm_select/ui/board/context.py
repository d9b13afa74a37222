"""What every part of the facilitator board needs: who acts, on which workspace, the names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from crm_select.services.workspace import Actor, Database, RaterInfo, StoreError, WorkspaceInfo
from crm_select.ui.i18n import t


@dataclass(frozen=True)
class Board:
    """The facilitator board of one workspace, as read when the page ran.

    ``options`` and ``criteria`` map ids to display names, ``people`` rater ids to raters.
    """

    db: Database
    facilitator: Actor
    workspace: str
    info: WorkspaceInfo
    options: dict[str, str]
    criteria: dict[str, str]
    people: dict[str, RaterInfo]

    @property
    def read_only(self) -> bool:
        return self.info.locked

    def act(self, action: Callable[[], object]) -> None:
        """Run a store action; rerun the app on success, show the store's refusal otherwise."""
        try:
            action()
        except StoreError as e:
            st.error(t("committee.refused", reason=str(e)))
            return
        st.rerun()
