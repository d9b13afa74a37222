"""What scoring rounds and weighting rounds share: a member's "done" mark, and the reveal.

Both phases keep the same rules. The mark is set or taken back only while the round is open
(blind), and each change leaves an audit event (``<event>.submit`` / ``<event>.unsubmit``).
Setting a mark already set, or clearing one already cleared, writes nothing — also when two
tabs of one member click at the same instant: the mark is inserted with ``ON CONFLICT DO
NOTHING`` and deleted by its key, and the audit event is written only by the statement that
changed a row, so the second click finds the first one's mark (or its absence) and writes
nothing, never an integrity error. Only the facilitator reveals, only the phase's latest round,
only while it is open, never on a read-only decision; the reveal freezes the round, bumps the
workspace's row version (every open page reloads) and leaves ``<event>.reveal``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_select.store import audit, schema
from crm_select.store.access import Actor, load_workspace, require_facilitator, require_writable
from crm_select.store.clock import as_utc, maybe_utc, now
from crm_select.store.engine import Database
from crm_select.store.errors import AccessDenied, Conflict
from crm_select.store.records import RoundInfo, RoundStatus

S = schema

SubmissionModel = type[S.Submission] | type[S.WeightingSubmission]
RoundRow = S.Round | S.WeightingRound


def round_info(r: RoundRow) -> RoundInfo:
    """A round of either phase as the record pages and the command line read."""
    return RoundInfo(
        r.number,
        RoundStatus(r.status),
        as_utc(r.opened_at),
        maybe_utc(r.revealed_at),
        maybe_utc(r.closed_at),
    )


def reveal_latest(
    db: Database,
    actor: Actor,
    *,
    doing: str,
    latest: Callable[[Session, S.Workspace], RoundRow],
    name: str,
    event: str,
) -> RoundInfo:
    """Reveal the phase's latest round (facilitator): everyone sees everyone's entries, and the
    round is frozen.

    ``latest`` finds the round in the locked workspace (raising ``Conflict`` when there is
    none); ``doing`` names the act in a refusal ("reveal scores"), ``name`` the round in one
    ("weighting round"), ``event`` the audit event's prefix ("round", "weighting").
    """
    require_facilitator(actor, doing)
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        row = latest(s, ws)
        if row.status != RoundStatus.OPEN.value:
            raise Conflict(f"{name} {row.number} is already {row.status}")
        row.status = RoundStatus.REVEALED.value
        row.revealed_at = now()
        ws.row_version += 1
        audit.record(s, actor, f"{event}.reveal", round=row.number)
        s.flush()
        return round_info(row)


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
