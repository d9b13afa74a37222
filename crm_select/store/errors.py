"""Errors the service layer raises; each message says what was refused and why."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error raised by store/."""


class NotFound(StoreError):  # noqa: N818 (names fixed by the API)
    """The workspace, version, round or rater does not exist."""


class AccessDenied(StoreError):  # noqa: N818 (names fixed by the API)
    """The actor may not do this (wrong role, other rater's cell, locked workspace, ...)."""


class WeightsLocked(AccessDenied):
    """Weights cannot change after scoring started without the audited `unlock_weights`."""


class WorkspaceLocked(AccessDenied):
    """The decision is finished: the workspace is read-only."""


class StaleWrite(StoreError):  # noqa: N818 (names fixed by the API)
    """Optimistic concurrency: someone else changed the row since the caller read it."""


class InvalidInput(StoreError, ValueError):  # noqa: N818 (names fixed by the API)
    """A value the scenario does not allow (unknown option, score out of scale, ...)."""


class Conflict(StoreError):  # noqa: N818 (names fixed by the API)
    """The operation does not fit the current state (e.g. revealing a round twice)."""


class DatabaseUnavailable(StoreError):  # noqa: N818 (names fixed by the API)
    """The database cannot be used: a bad URL, a server that does not answer, a file that
    is locked by another process for longer than the timeout, or read-only."""
