"""Audit events: every write appends one, in the same transaction as the change itself.

Reading them back (the facilitator's log, the change marker) is `store.history`'s job, so this
module depends on nothing that writes (no cycle with `store.access`, which records events)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from crm_select.store import schema
from crm_select.store.clock import now

if TYPE_CHECKING:
    from crm_select.store.access import Actor


def record(session: Session, actor: Actor, action: str, **payload: Any) -> None:
    """Append an event for ``actor``'s workspace (JSON-serialisable ``payload``)."""
    session.add(
        schema.AuditEvent(
            workspace_id=actor.workspace_id,
            actor=actor.label,
            action=action,
            payload=payload,
            at=now(),
        )
    )
