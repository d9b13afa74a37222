"""UTC timestamps that read back the same from SQLite (naive) and PostgreSQL (aware)."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """Current UTC time, microsecond precision, timezone-aware."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Attach UTC to a naive value read from SQLite; convert an aware one to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def maybe_utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else as_utc(value)
