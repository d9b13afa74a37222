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
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from crm_select.store.errors import DatabaseUnavailable

DEFAULT_DATA_DIR = "var"
SQLITE_FILE = "crm-select.sqlite"
BUSY_TIMEOUT_S = 10.0
"""How long a SQLite writer waits for another process's lock (``$CRM_SELECT_DB_TIMEOUT``)."""
CONNECT_TIMEOUT_S = 5
"""How long connecting to a PostgreSQL server may take (same setting)."""
_MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATING = threading.Lock()


def data_dir() -> Path:
    """The directory holding the SQLite file: ``$CRM_SELECT_DATA_DIR`` or ``./var``."""
    return Path(os.environ.get("CRM_SELECT_DATA_DIR") or DEFAULT_DATA_DIR)


def db_timeout() -> float:
    """Seconds to wait for a locked SQLite file or an answering server:
    ``$CRM_SELECT_DB_TIMEOUT`` or the default."""
    raw = os.environ.get("CRM_SELECT_DB_TIMEOUT", "")
    try:
        value = float(raw) if raw else BUSY_TIMEOUT_S
    except ValueError:
        value = BUSY_TIMEOUT_S
    return value if 0 < value <= 600 else BUSY_TIMEOUT_S


def database_url(url: str | None = None) -> str:
    """``url`` if given, else ``$DATABASE_URL``, else the SQLite file under `data_dir`."""
    if url:
        return url
    env = os.environ.get("DATABASE_URL")
    if env:
        return env
    path = data_dir() / SQLITE_FILE
    return f"sqlite:///{path}"


def _sqlite_setup(engine: Engine, *, read_only: bool = False) -> None:
    """Pragmas on every new connection; explicit BEGIN so writers can take the lock early."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _begin)
        cur = dbapi_conn.cursor()
        if not read_only:  # a read-only file keeps the journal mode it has
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(db_timeout() * 1000)}")
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


def read_only_file(file: Path) -> bool:
    """True for an existing SQLite file this process may read but not write (the file, or the
    folder its journal files go to, is not writable)."""
    return (
        file.exists()
        and os.access(file, os.R_OK)
        and not (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK))
    )


def is_read_only(engine: Engine) -> bool:
    """The engine was opened on a read-only SQLite file."""
    return engine.dialect.name == "sqlite" and "mode=ro" in str(engine.url)


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``database_url(url)``; creates the SQLite data directory if needed."""
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        read_only = False
        if path and path != ":memory:" and "?" not in path:
            file = Path(path)
            file.parent.mkdir(parents=True, exist_ok=True)
            read_only = read_only_file(file)
            if read_only:  # open it for reading only: every page that only reads still works
                folder_ro = not os.access(file.parent, os.W_OK)
                url = f"sqlite:///file:{file}?mode=ro{'&immutable=1' if folder_ro else ''}&uri=true"
        opts: dict[str, Any] = {"pool_size": 10, "max_overflow": 40, "pool_timeout": 60}
        opts.update(kwargs)
        engine = create_engine(url, **opts)
        _sqlite_setup(engine, read_only=read_only)
        return engine
    opts = {"pool_size": 10, "max_overflow": 40, "pool_pre_ping": True, "pool_timeout": 60}
    if url.startswith("postgresql"):
        opts["connect_args"] = {"connect_timeout": max(1, round(min(db_timeout(), 60)))}
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
        with unavailable_as_store_error(self.url), self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session committed on success, rolled back on any exception."""
        with unavailable_as_store_error(self.url):
            if self._sqlite_writer is None:
                with self._write_sessions() as session, session.begin():
                    yield session
                return
            with self._sqlite_writer, self._write_sessions() as session, session.begin():
                yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _why(err: DBAPIError) -> str:
    text = str(err.orig).strip().splitlines()[0] if err.orig is not None else str(err)
    low = text.lower()
    if "locked" in low or "lock timeout" in low:
        return (
            f"the database is locked by another process ({text}) and stayed locked for "
            f"{db_timeout():g} s; try again (CRM_SELECT_DB_TIMEOUT sets the wait)"
        )
    if "readonly" in low or "read-only" in low or "read only" in low:
        return f"the database is read-only ({text}); changes cannot be saved"
    return f"the database cannot be used: {text}"


@contextmanager
def unavailable_as_store_error(url: str) -> Iterator[None]:
    """Connection-level failures (server down, file locked or read-only) as one clear
    `DatabaseUnavailable` naming the database; constraint errors pass through unchanged."""
    try:
        yield
    except (OperationalError, InterfaceError) as e:
        raise DatabaseUnavailable(f"{url}: {_why(e)}") from None
    except DatabaseError as e:
        if type(e) is not DatabaseError:  # integrity, data, programming errors are not ours
            raise
        raise DatabaseUnavailable(f"{url}: {_why(e)}") from None


def open_database(url: str | None = None, *, migrate: bool = True, **kwargs: Any) -> Database:
    """Connect (``url`` / ``$DATABASE_URL`` / SQLite under the data dir) and migrate to head.

    Raises `DatabaseUnavailable` for a URL that is not a database URL, a server that does not
    answer within the timeout, or a file that cannot be opened.
    """
    try:
        engine = make_engine(url, **kwargs)
    except (ArgumentError, ImportError, ValueError) as e:
        raise DatabaseUnavailable(
            "not a database URL (expected sqlite:///path/to/file.sqlite or "
            f"postgresql+psycopg://user@host/db): {e}"
        ) from None
    except OSError as e:
        raise DatabaseUnavailable(
            f"cannot create the folder of the SQLite file: {e.strerror} ({e.filename})"
        ) from None
    shown = engine.url.render_as_string(hide_password=True)
    with unavailable_as_store_error(shown):
        if is_read_only(engine):
            _check_at_head(engine, shown)
        elif migrate:
            upgrade(engine)
    return Database(engine)


def _check_at_head(engine: Engine, shown: str) -> None:
    """A read-only file cannot be migrated: it must already be at the current schema."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current != head:
        raise DatabaseUnavailable(
            f"{shown}: the file is read-only and at schema revision {current}, not {head}; "
            "open it once with write access to upgrade it"
        )
