"""Database connection: engine from DATABASE_URL or a SQLite file, pragmas, migrations.

SQLite is the single-machine default (WAL, busy timeout, foreign keys, writes start with
BEGIN IMMEDIATE so concurrent writers queue instead of failing on lock upgrade).
PostgreSQL (``postgresql+psycopg://...``) is for shared, multi-replica deployments.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DATA_DIR = "var"
SQLITE_FILE = "crm-select.sqlite"
BUSY_TIMEOUT_MS = 30_000
_MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATING = threading.Lock()


def data_dir() -> Path:
    """The directory holding the SQLite file: ``$CRM_SELECT_DATA_DIR`` or ``./var``."""
    return Path(os.environ.get("CRM_SELECT_DATA_DIR") or DEFAULT_DATA_DIR)


def database_url(url: str | None = None) -> str:
    """``url`` if given, else ``$DATABASE_URL``, else the SQLite file under `data_dir`."""
    if url:
        return url
    env = os.environ.get("DATABASE_URL")
    if env:
        return env
    path = data_dir() / SQLITE_FILE
    return f"sqlite:///{path}"


def _sqlite_setup(engine: Engine) -> None:
    """Pragmas on every new connection; explicit BEGIN so writers can take the lock early."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed score survives power loss too, not only a killed process.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock at BEGIN: a deferred transaction that reads and
        # then writes can fail with "database is locked" without waiting (lock upgrade).
        if conn.get_execution_options().get("crm_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``database_url(url)``; creates the SQLite data directory if needed."""
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        opts: dict[str, Any] = {"pool_size": 10, "max_overflow": 40, "pool_timeout": 60}
        opts.update(kwargs)
        engine = create_engine(url, **opts)
        _sqlite_setup(engine)
        return engine
    opts = {"pool_size": 10, "max_overflow": 40, "pool_pre_ping": True, "pool_timeout": 60}
    opts.update(kwargs)
    return create_engine(url, **opts)


def alembic_config(engine: Engine) -> Any:
    """An Alembic Config pointing at store/migrations, bound to ``engine`` (no alembic.ini)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` (idempotent; call at startup)."""
    from alembic import command

    with _MIGRATING:  # Alembic's context is process-global; other processes use a DB lock
        command.upgrade(alembic_config(engine), revision)


@dataclass
class Database:
    """An engine plus session factories: `read()` for queries, `write()` for transactions."""

    engine: Engine
    _sessions: sessionmaker[Session] = field(init=False, repr=False)
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)
    _sqlite_writer: threading.Lock | None = field(init=False, repr=False)
    #: per-process memo of immutable data (e.g. parsed scenario versions), keyed by callers
    memo: dict[Any, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        # SQLite has one writer at a time anyway; queueing this process's writers on a lock
        # avoids the busy handler's sleep-and-retry, which gives multi-second tail latencies.
        self._sqlite_writer = threading.Lock() if self.engine.dialect.name == "sqlite" else None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(crm_write=True)
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The URL with the password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; closed (transaction ended, objects kept) at the end."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session committed on success, rolled back on any exception."""
        if self._sqlite_writer is None:
            with self._write_sessions() as session, session.begin():
                yield session
            return
        with self._sqlite_writer, self._write_sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, *, migrate: bool = True, **kwargs: Any) -> Database:
    """Connect (``url`` / ``$DATABASE_URL`` / SQLite under the data dir) and migrate to head."""
    engine = make_engine(url, **kwargs)
    if migrate:
        upgrade(engine)
    return Database(engine)
