"""Audit events: every write appends one, in the same transaction as the change itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_select.store import schema
from crm_select.store.clock import as_utc, now
from crm_select.store.records import AuditRecord

if TYPE_CHECKING:
    from crm_select.store.access import Actor
    from crm_select.store.engine import Database


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


def audit_log(
    db: Database, actor: Actor, *, since_id: int = 0, limit: int = 1000
) -> list[AuditRecord]:
    """Events after ``since_id``, oldest first. Facilitator only (payloads hold scores)."""
    from crm_select.store.access import require_facilitator

    require_facilitator(actor, "read the audit log")
    with db.read() as s:
        rows = s.scalars(
            select(schema.AuditEvent)
            .where(
                schema.AuditEvent.workspace_id == actor.workspace_id,
                schema.AuditEvent.id > since_id,
            )
            .order_by(schema.AuditEvent.id)
            .limit(limit)
        ).all()
        return [AuditRecord(r.id, r.actor, r.action, dict(r.payload), as_utc(r.at)) for r in rows]


def change_marker(db: Database, actor: Actor) -> int:
    """A number that grows whenever anything in the workspace changes (the last event id).

    Cheap to poll: a facilitator board refreshing every few seconds recomputes consensus
    only when the marker moved. Any actor of the workspace may read it.
    """
    with db.read() as s:
        value = s.scalar(
            select(func.max(schema.AuditEvent.id)).where(
                schema.AuditEvent.workspace_id == actor.workspace_id
            )
        )
        return int(value or 0)
