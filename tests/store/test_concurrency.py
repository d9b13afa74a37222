"""Integrity under load: 20+ writers (threads and processes) on SQLite and PostgreSQL.

Distinct cells: nothing lost, duplicated or torn. Same cell: exactly one winner per race,
every other writer gets StaleWrite (never a silent overwrite).
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import zlib
from collections import Counter
from typing import Any

import pytest

from crm_select.store.api import (
    Actor,
    Database,
    StaleWrite,
    audit_log,
    open_database,
    round_scores,
    start_scoring,
    submit_score,
)
from crm_select.store.records import Role
from tests.store.conftest import Committee

WRITERS = 24
OPTIONS, CRITERIA = 4, 3
CTX = mp.get_context("fork")


@pytest.fixture(autouse=True)
def _writers_wait_for_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer (thread or forked process) waits for SQLite's lock up to 120 s: these tests
    check what is written (nothing lost, one winner per race), not how fast 24 processes get
    through on a loaded machine; the 10 s default is for a person's click."""
    monkeypatch.setenv("CRM_SELECT_DB_TIMEOUT", "120")


def cells() -> list[tuple[str, str]]:
    return [(f"opt{o}", f"c{c}") for o in range(OPTIONS) for c in range(CRITERIA)]


def value_for(rater: str, option: str, criterion: str, step: int) -> float:
    base = zlib.crc32(f"{rater}{option}{criterion}".encode()) % 9 / 2  # 0 .. 4
    return base + step / 2  # the update always changes the value


def note_for(rater: str, option: str, criterion: str, value: float) -> str:
    # value and note are written together; a torn write would break this relation
    return f"{rater}|{option}|{criterion}|{value}|" + "x" * 200


def write_all(db: Database, actor: Actor) -> None:
    """Two passes over the rater's cells: insert (version 0 -> 1) then update (1 -> 2)."""
    r = actor.rater_id or ""
    for step, expected in ((0, 0), (1, 1)):
        for o, c in cells():
            v = value_for(r, o, c, step)
            rec = submit_score(
                db, actor, o, c, v, expected_version=expected, note=note_for(r, o, c, v)
            )
            assert rec.version == expected + 1


def check_distinct(db: Database, com: Committee) -> None:
    rows = round_scores(db, com.facilitator)
    keys = Counter((x.rater_id, x.option, x.criterion) for x in rows)
    assert len(rows) == WRITERS * OPTIONS * CRITERIA, "lost scores"
    assert max(keys.values()) == 1, "duplicated scores"
    for x in rows:
        assert x.version == 2
        assert x.value == value_for(x.rater_id, x.option, x.criterion, 1)
        assert x.note == note_for(x.rater_id, x.option, x.criterion, x.value), "torn score"
    sets = [e for e in audit_log(db, com.facilitator, limit=10_000) if e.action == "score.set"]
    assert len(sets) == 2 * WRITERS * OPTIONS * CRITERIA


def make_committee(db: Database) -> Committee:
    com = Committee(db, [f"r{i:02d}" for i in range(WRITERS)], options=OPTIONS, criteria=CRITERIA)
    start_scoring(db, com.facilitator)
    return com


def run_threads(target: Any, args: list[tuple[Any, ...]]) -> list[BaseException]:
    errors: list[BaseException] = []

    def wrapped(*a: Any) -> None:
        try:
            target(*a)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=wrapped, args=a) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors


@pytest.mark.slow
def test_threads_distinct_cells(db: Database) -> None:
    com = make_committee(db)
    errors = run_threads(write_all, [(db, a) for a in com.actors.values()])
    assert errors == []
    check_distinct(db, com)


def race(db: Database, actor: Actor, expected: int, barrier: Any, value: float) -> str:
    """One contender; the note differs per race so no write is an idempotent no-op."""
    barrier.wait(timeout=60)
    try:
        note = f"race {expected}: {value}"
        submit_score(db, actor, "opt0", "c0", value, expected_version=expected, note=note)
        return "won"
    except StaleWrite as e:
        message = str(e)
    assert "elsewhere" in message, message
    assert "nothing was saved" in message, message
    return "stale"


@pytest.mark.slow
def test_threads_same_cell_one_winner(db: Database) -> None:
    com = make_committee(db)
    anna = com.actors["r00"]  # 24 browser tabs of the same rater
    for expected in (0, 1, 2):  # the insert race, then two update races
        barrier = threading.Barrier(WRITERS)
        outcomes: list[str] = []
        lock = threading.Lock()

        def tab(
            i: int,
            expected: int = expected,
            barrier: threading.Barrier = barrier,
            outcomes: list[str] = outcomes,
            lock: threading.Lock = lock,
        ) -> None:
            result = race(db, anna, expected, barrier, i / 5)
            with lock:
                outcomes.append(result)

        assert run_threads(tab, [(i,) for i in range(WRITERS)]) == []
        assert Counter(outcomes) == {"won": 1, "stale": WRITERS - 1}
        (row,) = round_scores(db, com.facilitator)
        assert row.version == expected + 1
        assert row.note == f"race {expected}: {row.value}"


def _proc_write(url: str, ws: str, rater: str) -> None:
    db = open_database(url, migrate=False)
    write_all(db, Actor(ws, rater, Role.RATER))
    db.dispose()


def _proc_race(url: str, ws: str, expected: int, barrier: Any, value: float, out: Any) -> None:
    db = open_database(url, migrate=False)
    out.put(race(db, Actor(ws, "r00", Role.RATER), expected, barrier, value))
    db.dispose()


def _join(procs: list[Any]) -> None:
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * len(procs)


@pytest.mark.slow
def test_processes_distinct_cells(db: Database, db_url: str) -> None:
    com = make_committee(db)
    db.dispose()  # no pooled connection may cross the fork
    procs = [
        CTX.Process(target=_proc_write, args=(db_url, com.workspace_id, r)) for r in com.actors
    ]
    for p in procs:
        p.start()
    _join(procs)
    check_distinct(db, com)


@pytest.mark.slow
def test_processes_same_cell_one_winner(db: Database, db_url: str) -> None:
    com = make_committee(db)
    db.dispose()
    for expected in (0, 1):
        barrier, out = CTX.Barrier(WRITERS), CTX.Queue()
        procs = [
            CTX.Process(
                target=_proc_race, args=(db_url, com.workspace_id, expected, barrier, i / 5, out)
            )
            for i in range(WRITERS)
        ]
        for p in procs:
            p.start()
        outcomes = [out.get(timeout=300) for _ in procs]
        _join(procs)
        assert Counter(outcomes) == {"won": 1, "stale": WRITERS - 1}
        (row,) = round_scores(db, com.facilitator)
        assert row.version == expected + 1
