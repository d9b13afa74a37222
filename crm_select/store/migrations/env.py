"""Alembic environment: runs online against the engine passed in `config.attributes`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, text

from crm_select.store.engine import make_engine
from crm_select.store.schema import Base

config = context.config
target_metadata = Base.metadata
MIGRATION_LOCK = 0x63726D73  # 'crms'


def run_migrations_online() -> None:
    """Migrate using the caller's engine (or $DATABASE_URL / the default SQLite file)."""
    engine: Engine = config.attributes.get("engine") or make_engine()
    # crm_write: on SQLite the whole migration runs under BEGIN IMMEDIATE (one at a time)
    with engine.execution_options(crm_write=True).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # replicas starting together migrate one after another, not side by side
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            context.run_migrations()
        connection.commit()


run_migrations_online()
