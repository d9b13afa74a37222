"""Alembic environment: runs online against the engine passed in `config.attributes`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from store.engine import make_engine
from store.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate using the caller's engine (or $DATABASE_URL / the default SQLite file)."""
    engine: Engine = config.attributes.get("engine") or make_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
