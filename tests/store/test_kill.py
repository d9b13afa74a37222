"""A writer killed (SIGKILL) mid-save loses nothing committed; the workspace opens after."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from pathlib import Path

import pytest

from crm_select.store import audit, schema
from crm_select.store.api import (
    Actor,
    get_workspace,
    open_database,
    round_scores,
    start_scoring,
    submit_score,
)
from crm_select.store.records import Role
from tests.store.conftest import Committee

CTX = mp.get_context("fork")
OPTIONS, CRITERIA = 5, 4


def _writer(url: str, ws: str, progress: str, hold_open_after: int | None) -> None:
    """Update scores in a loop; log each committed write; optionally hang inside a save."""
    db = open_database(url, migrate=False)
    actor = Actor(ws, "anna", Role.RATER)
    fd = os.open(progress, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    versions: dict[tuple[str, str], int] = {}
    n = 0
    while True:
        for o in range(OPTIONS):
            for c in range(CRITERIA):
                key = (f"opt{o}", f"c{c}")
                value = (n % 11) / 2
                rec = submit_score(
                    db, actor, *key, value, expected_version=versions.get(key, 0), note=f"n={n}"
                )
                versions[key] = rec.version
                os.write(fd, f"{key[0]} {key[1]} {rec.version} {value}\n".encode())
                n += 1
                if hold_open_after is not None and n == hold_open_after:
                    # a long save: many rows written, not yet committed, when the kill comes
                    with db.write() as s:
                        for i in range(2000):
                            audit.record(s, actor, "test.uncommitted", i=i)
                        s.flush()
                        os.write(fd, b"LONG\n")
                        time.sleep(120)


def _committed(progress: Path) -> dict[tuple[str, str], tuple[int, float]]:
    last: dict[tuple[str, str], tuple[int, float]] = {}
    for line in progress.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4:
            last[(parts[0], parts[1])] = (int(parts[2]), float(parts[3]))
    return last


@pytest.mark.slow
@pytest.mark.parametrize("hold_open", [True, False], ids=["in-long-save", "in-write-loop"])
def test_sigkill_loses_nothing_committed(db_url: str, tmp_path: Path, hold_open: bool) -> None:
    db = open_database(db_url)
    com = Committee(db, ["anna"], options=OPTIONS, criteria=CRITERIA)
    start_scoring(db, com.facilitator)
    db.dispose()
    progress = tmp_path / "progress.log"
    proc = CTX.Process(
        target=_writer, args=(db_url, com.workspace_id, str(progress), 150 if hold_open else None)
    )
    proc.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = progress.read_text() if progress.exists() else ""
        if ("LONG" in text) if hold_open else (text.count("\n") >= 250):
            break
        time.sleep(0.02)
    else:
        proc.kill()
        pytest.fail("the writer made no progress")
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL

    committed = _committed(progress)
    assert len(committed) == OPTIONS * CRITERIA
    reopened = open_database(db_url)  # opens (and migrates) after the crash
    try:
        assert get_workspace(reopened, com.facilitator).current_round == 1
        stored = {(x.option, x.criterion): x for x in round_scores(reopened, com.facilitator)}
        for key, (version, value) in committed.items():
            # the log line is written after the commit, so the stored row is at least as new
            assert stored[key].version >= version, key
            if stored[key].version == version:
                assert stored[key].value == value
        with reopened.read() as s:
            left = s.query(schema.AuditEvent).filter_by(action="test.uncommitted").count()
        assert left == 0, "a transaction that never committed left rows behind"
        # and the database is writable again (the dead writer's lock is gone)
        anna = Actor(com.workspace_id, "anna", Role.RATER)
        rec = stored[("opt0", "c0")]
        new_value = 0.5 if rec.value != 0.5 else 1.0
        submit_score(reopened, anna, "opt0", "c0", new_value, expected_version=rec.version)
    finally:
        reopened.dispose()
