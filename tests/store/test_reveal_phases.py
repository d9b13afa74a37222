"""Revealing a round keeps one rule in both phases (store/submissions.reveal_latest): only the
facilitator, only an open round, never on a locked decision; the reveal freezes the round,
stamps its time, bumps the workspace's row version and leaves ``<phase>.reveal`` in the audit
log. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crm_select.store import schema
from crm_select.store.api import (
    AccessDenied,
    Actor,
    Conflict,
    Database,
    RoundInfo,
    WorkspaceLocked,
    audit_log,
    lock_workspace,
    open_weighting,
    reveal_round,
    reveal_weighting,
    rounds,
    start_scoring,
    weighting_rounds,
)
from crm_select.store.records import RoundStatus
from tests.store.conftest import Committee

Phase = tuple[
    str,  # the audit event's prefix
    Callable[[Database, Actor], object],  # open the phase's round
    Callable[[Database, Actor], RoundInfo],  # reveal it
    Callable[[Database, Actor], list[RoundInfo]],  # its rounds
    str,  # the refusal when nothing was opened
]
PHASES: dict[str, Phase] = {
    "weighting": ("weighting", open_weighting, reveal_weighting, weighting_rounds, "opened"),
    "scoring": ("round", start_scoring, reveal_round, rounds, "scoring has not started"),
}


def row_version(db: Database, ws: str) -> int:
    with db.read() as s:
        row = s.get(schema.Workspace, ws)
        assert row is not None
        return int(row.row_version)


@pytest.mark.parametrize("phase", list(PHASES))
def test_both_phases_reveal_by_the_same_rule(committee: Committee, phase: str) -> None:
    event, start, reveal, listed, nothing = PHASES[phase]
    db, f, anna = committee.db, committee.facilitator, committee.actors["anna"]
    with pytest.raises(Conflict, match=nothing):
        reveal(db, f)
    start(db, f)
    with pytest.raises(AccessDenied):
        reveal(db, anna)
    before = row_version(db, committee.workspace_id)
    shown = reveal(db, f)
    assert shown.status is RoundStatus.REVEALED
    assert shown.revealed_at is not None
    assert listed(db, f)[-1] == shown  # what the reveal returned is what was stored
    assert row_version(db, committee.workspace_id) == before + 1  # open pages reload
    assert [e.payload for e in audit_log(db, f) if e.action == f"{event}.reveal"] == [{"round": 1}]
    with pytest.raises(Conflict, match="1 is already revealed"):
        reveal(db, f)
    assert row_version(db, committee.workspace_id) == before + 1  # a refusal writes nothing


@pytest.mark.parametrize("phase", list(PHASES))
def test_a_locked_decision_reveals_nothing(committee: Committee, phase: str) -> None:
    _, start, reveal, listed, _ = PHASES[phase]
    db, f = committee.db, committee.facilitator
    start(db, f)
    lock_workspace(db, f, "final")
    with pytest.raises(WorkspaceLocked):
        reveal(db, f)
    assert listed(db, f)[-1].status is RoundStatus.OPEN
