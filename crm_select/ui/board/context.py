"""What every part of the facilitator board needs: who acts, on which workspace, the names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st

from crm_select.services.workspace import Actor, Database, RaterInfo, StoreError, WorkspaceInfo
from crm_select.ui.i18n import t

T = TypeVar("T")


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

    def act(self, action: Callable[[], T], done: Callable[[T], str] | None = None) -> None:
        """Run a store action and keep what :func:`notice` says next: ``done(result)``, or the
        store's refusal. A button's ``on_click`` (the action runs before the page is drawn again,
        so a click is never lost to a rerun, and the page is drawn once, in its new state); a form
        that validates in the page calls it and then ``st.rerun()``."""
        try:
            result = action()
        except StoreError as e:
            st.session_state[NOTICE] = Notice(ok=False, text=t("committee.refused", reason=str(e)))
            return
        if done is not None:
            st.session_state[NOTICE] = Notice(ok=True, text=done(result))


@dataclass(frozen=True)
class Notice:
    """What the board says once after an action: a success, or the store's refusal."""

    ok: bool
    text: str


NOTICE = "committee_board_notice"


def notice() -> None:
    """What the last board action said, shown once (above the tabs, whichever tab acted)."""
    said: Notice | None = st.session_state.pop(NOTICE, None)
    if said is not None:
        (st.success if said.ok else st.error)(said.text)
