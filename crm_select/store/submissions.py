"""A member's "done" mark in a round, shared by scoring rounds and weighting rounds.

Both phases keep the same rule: the mark is set or taken back only while the round is open
(blind), and each change leaves an audit event (``<event>.submit`` / ``<event>.unsubmit``).
Setting a mark already set, or clearing one already cleared, writes nothing.
"""

from __future__ import annotations

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
    row = s.get(model, (rnd.workspace_id, rnd.number, actor.rater_id))
    if submitted and row is None:
        s.add(
            model(
                workspace_id=rnd.workspace_id,
                round_number=rnd.number,
                rater_id=actor.rater_id,
                submitted_at=now(),
            )
        )
        audit.record(s, actor, f"{event}.submit", round=rnd.number)
    elif not submitted and row is not None:
        s.delete(row)
        audit.record(s, actor, f"{event}.unsubmit", round=rnd.number)
