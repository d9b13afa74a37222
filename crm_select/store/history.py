"""Reading the audit trail: the facilitator's event log and the change marker a board polls."""

from __future__ import annotations

from sqlalchemy import func, select

from crm_select.store import schema
from crm_select.store.access import Actor, require_facilitator
from crm_select.store.clock import as_utc
from crm_select.store.engine import Database
from crm_select.store.records import AuditRecord


def audit_log(
    db: Database, actor: Actor, *, since_id: int = 0, limit: int = 1000
) -> list[AuditRecord]:
    """Events after ``since_id``, oldest first. Facilitator only (payloads hold scores)."""
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
