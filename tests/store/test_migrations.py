"""The Alembic head builds exactly the schema the ORM describes, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from crm_select.store.engine import make_engine, upgrade
from crm_select.store.schema import Base


def test_migration_head_matches_orm_metadata(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        upgrade(engine)  # idempotent: a second start does nothing
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
        assert diff == [], f"migrations and ORM metadata differ: {diff}"
        names = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= names
        assert "alembic_version" in names
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(sqlite_url: str) -> None:
    from alembic import command

    from crm_select.store.engine import alembic_config

    engine = make_engine(sqlite_url)
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_sqlite_pragmas(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000
    engine.dispose()


def test_default_url_uses_data_dir(monkeypatch, tmp_path) -> None:
    from crm_select.store.engine import database_url

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CRM_SELECT_DATA_DIR", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path}/crm-select.sqlite"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    assert database_url() == "postgresql+psycopg://u@127.0.0.1/x"


REPLICA = "from crm_select.store.engine import make_engine, upgrade; upgrade(make_engine({url!r}))"
"""What an app process does first on start: migrate its database to the head."""


def _start_replica(url: str, errors: list[BaseException]) -> None:
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
    except BaseException as e:  # reported by the test, not lost in the thread
        errors.append(e)


def test_replicas_migrating_at_once(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several app processes (and threads) starting together on an empty database succeed.

    The processes are started as an app is, in a fresh interpreter each (a fork of this
    process would copy its threads' locks and the pytest-xdist channel); each is waited for
    until it exits, however loaded the machine is."""
    import subprocess
    import sys
    import threading
    import uuid

    import psycopg

    # each waits for the one migrating as long as a loaded machine needs (not the 10 s default)
    monkeypatch.setenv("CRM_SELECT_DB_TIMEOUT", "120")
    admin = "host=127.0.0.1 user=postgres dbname=test"
    name = f"crm_select_mig_{uuid.uuid4().hex[:8]}"
    if "postgresql" in db_url:  # the session database is already migrated: use a fresh one
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        db_url = db_url.rsplit("/", 1)[0] + "/" + name
    try:
        code = REPLICA.format(url=db_url)
        procs = [
            subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        errors: list[BaseException] = []
        threads = [threading.Thread(target=_start_replica, args=(db_url, errors)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        said = [p.communicate()[1] for p in procs]
        assert errors == []
        assert [p.returncode for p in procs] == [0, 0, 0, 0], said
        engine = make_engine(db_url)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        engine.dispose()
    finally:
        if name in db_url:
            with psycopg.connect(admin, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
