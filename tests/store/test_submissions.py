"""The "done" mark, one rule for both phases (weighting and scoring), on SQLite and PostgreSQL:
set and taken back only while the round is blind, each change one audit event, a repeated
mark writes nothing, and members marking done at the same moment all count."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from crm_select.store.api import (
    AccessDenied,
    Actor,
    Database,
    RaterStatus,
    audit_log,
    mark_submitted,
    mark_weights_submitted,
    open_weighting,
    reveal_round,
    reveal_weighting,
    start_scoring,
    submission_status,
    weighting_status,
)
from crm_select.store.clock import now
from tests.store.conftest import Committee


@dataclass(frozen=True)
class Phase:
    event: str
    open: Callable[[Database, Actor], object]
    reveal: Callable[[Database, Actor], object]
    mark: Callable[[Database, Actor, bool], object]
    status: Callable[[Database, Actor], list[RaterStatus]]
    closed: str


WEIGHTING = Phase(
    "weighting",
    open_weighting,
    reveal_weighting,
    mark_weights_submitted,
    weighting_status,
    "no weighting round is open; submissions are closed",
)
SCORING = Phase(
    "round",
    start_scoring,
    reveal_round,
    mark_submitted,
    submission_status,
    "round 1 is revealed; submissions are closed",
)


@pytest.fixture(autouse=True)
def _writers_wait_for_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simultaneous writers wait for SQLite's lock (as in test_concurrency): what counts here
    is what is written, not how fast a loaded machine gets through."""
    monkeypatch.setenv("CRM_SELECT_DB_TIMEOUT", "120")


PHASES = pytest.mark.parametrize("phase", [WEIGHTING, SCORING], ids=["weighting", "scoring"])


def events(c: Committee, phase: Phase) -> list[tuple[str, str]]:
    return [
        (e.actor, e.action)
        for e in audit_log(c.db, c.facilitator, limit=10_000)
        if e.action.startswith(f"{phase.event}.") and e.action.endswith("submit")
    ]


def done(c: Committee, phase: Phase) -> dict[str, bool]:
    return {s.rater_id: s.submitted for s in phase.status(c.db, c.facilitator)}


@PHASES
def test_the_mark_is_set_taken_back_and_audited_once_per_change(
    committee: Committee, phase: Phase
) -> None:
    c = committee
    anna = c.actors["anna"]
    phase.open(c.db, c.facilitator)
    phase.mark(c.db, anna, True)
    phase.mark(c.db, anna, True)  # a second click writes nothing
    assert done(c, phase) == {"anna": True, "boris": False, "chen": False}
    phase.mark(c.db, anna, False)
    phase.mark(c.db, anna, False)
    assert not any(done(c, phase).values())
    phase.mark(c.db, anna, True)
    submit, unsubmit = f"{phase.event}.submit", f"{phase.event}.unsubmit"
    assert events(c, phase) == [("anna", submit), ("anna", unsubmit), ("anna", submit)]


@PHASES
def test_the_mark_is_refused_once_the_round_is_revealed(committee: Committee, phase: Phase) -> None:
    c = committee
    phase.open(c.db, c.facilitator)
    phase.mark(c.db, c.actors["anna"], True)
    phase.reveal(c.db, c.facilitator)
    for member, submitted in (("anna", False), ("boris", True)):
        with pytest.raises(AccessDenied, match=phase.closed):
            phase.mark(c.db, c.actors[member], submitted)
    assert done(c, phase) == {"anna": True, "boris": False, "chen": False}  # unchanged
    assert len(events(c, phase)) == 1


@pytest.mark.slow
@PHASES
def test_members_marking_done_at_once_all_count(db: Database, phase: Phase) -> None:
    c = Committee(db, [f"r{i:02d}" for i in range(12)])
    phase.open(db, c.facilitator)
    barrier = threading.Barrier(len(c.actors))
    errors: list[BaseException] = []

    def click(actor: Actor) -> None:
        try:
            barrier.wait(timeout=60)
            phase.mark(db, actor, True)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=click, args=(a,)) for a in c.actors.values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert all(done(c, phase).values())
    assert sorted(events(c, phase)) == sorted((r, f"{phase.event}.submit") for r in c.actors)


@PHASES
@pytest.mark.parametrize("submitted", [True, False], ids=["done", "not-done"])
def test_two_tabs_of_one_member_clicking_at_once_change_the_mark_once(
    db: Database, phase: Phase, submitted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anna has the form open in two tabs and both click "done" (or take it back) at the same
    instant: no error in either tab, the mark set (or cleared) once, one audit event.

    On PostgreSQL the two transactions are made to meet just before they write the mark (the
    row's time is taken there): each has read the round and found no mark, the interleaving in
    which a plain insert fails on the second tab with a duplicate key. SQLite serialises writers
    (BEGIN IMMEDIATE and the process's writer lock), so there the two clicks queue."""
    c = Committee(db, ["anna"])
    phase.open(db, c.facilitator)
    anna = c.actors["anna"]
    if not submitted:
        phase.mark(db, anna, True)
    if db.dialect == "postgresql":
        meet = threading.Barrier(2)

        def both_about_to_write() -> dt.datetime:
            meet.wait(timeout=60)
            return now()

        monkeypatch.setattr("crm_select.store.submissions.now", both_about_to_write)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def click() -> None:
        try:
            start.wait(timeout=60)
            phase.mark(db, anna, submitted)
        except BaseException as e:
            errors.append(e)

    tabs = [threading.Thread(target=click) for _ in range(2)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join(timeout=300)
    assert errors == []
    assert done(c, phase) == {"anna": submitted}
    submit, unsubmit = f"{phase.event}.submit", f"{phase.event}.unsubmit"
    assert events(c, phase) == [("anna", submit)] + ([] if submitted else [("anna", unsubmit)])
