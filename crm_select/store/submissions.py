"""A member's "done" mark in a round, shared by scoring rounds and weighting rounds.

Both phases keep the same rule: the mark is set or taken back only while the round is open
(blind), and each change leaves an audit event (``<event>.submit`` / ``<event>.unsubmit``).
Setting a mark already set, or clearing one already cleared, writes nothing — also when two
tabs of one member click at the same instant: the mark is inserted with ``ON CONFLICT DO
NOTHING`` and deleted by its key, and the audit event is written only by the statement that
changed a row, so the second click finds the first one's mark (or its absence) and writes
nothing, never an integrity error.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_select.store import audit, schema
from crm_select.store.access import Actor
from crm_select.store.clock import now
from crm_select.store.errors import AccessDenied
from crm_select.store.records import RoundStatus

S = schema

SubmissionModel = type[S.Submission] | type[S.WeightingSubmission]


def toggle_submission(
    s: Session,
    actor: Actor,
    model: SubmissionModel,
    rnd: S.Round | S.WeightingRound,
    submitted: bool,
    event: str,
    closed: str,
) -> None:
    """Add (``submitted``) or delete the actor's submission row of ``rnd``, with its audit event.

    ``closed`` is the refusal when the round is not open; the caller has loaded the workspace
    (with whatever lock its phase needs) and checked the actor may rate.
    """
    if rnd.status != RoundStatus.OPEN.value:
        raise AccessDenied(closed)
    key = {"workspace_id": rnd.workspace_id, "round_number": rnd.number, "rater_id": actor.rater_id}
    if submitted:
        dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(model).values(**key, submitted_at=now()).on_conflict_do_nothing()
    else:
        stmt = delete(model).where(*(getattr(model, k) == v for k, v in key.items()))
    # RETURNING says whether this statement changed a row (an ORM-run statement's rowcount is
    # not reliable: -1 on PostgreSQL)
    if (
        s.execute(stmt.returning(model.rater_id)).first() is not None
    ):  # this click changed the mark (a concurrent one may have already)
        audit.record(s, actor, f"{event}.{'submit' if submitted else 'unsubmit'}", round=rnd.number)
