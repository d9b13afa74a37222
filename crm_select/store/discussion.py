"""Discussing a criterion x option cell: the facilitator opens it, everyone comments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_select.models.text import TEXT_RULE
from crm_select.store import audit, schema
from crm_select.store.access import Actor, load_workspace, require_facilitator, require_writable
from crm_select.store.clock import as_utc, now
from crm_select.store.engine import Database
from crm_select.store.errors import AccessDenied, Conflict, InvalidInput
from crm_select.store.inputs import text_arg
from crm_select.store.records import Cell, CommentRecord, Role, RoundStatus
from crm_select.store.scoring_rounds import _form_of, check_cell

MAX_COMMENT = 5000


def open_discussion(db: Database, actor: Actor, option: str, criterion: str) -> Cell:
    """Put one cell (e.g. the top of the disagreement list) in focus for everyone."""
    require_facilitator(actor, "open a cell for discussion")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        check_cell(_form_of(db, s, ws), option, criterion, None)
        ws.discussion_option, ws.discussion_criterion = option, criterion
        ws.row_version += 1
        audit.record(s, actor, "discussion.open", option=option, criterion=criterion)
    return Cell(option, criterion)


def close_discussion(db: Database, actor: Actor) -> None:
    require_facilitator(actor, "close the discussion")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        ws.discussion_option = ws.discussion_criterion = None
        ws.row_version += 1
        audit.record(s, actor, "discussion.close")


def _member_ids(s: Session, ws_id: str) -> set[str]:
    return set(s.scalars(select(schema.Rater.rater_id).where(schema.Rater.workspace_id == ws_id)))


def _round_status(s: object, ws_id: str, number: int) -> str | None:
    return s.scalar(  # type: ignore[attr-defined]
        select(schema.Round.status).where(
            schema.Round.workspace_id == ws_id, schema.Round.number == number
        )
    )


def add_comment(
    db: Database,
    actor: Actor,
    option: str,
    criterion: str,
    body: str,
    *,
    rater_id: str | None = None,
) -> CommentRecord:
    """Comment on a cell of the current round; ``rater_id`` ties it to one rater's score.

    While the round is blind a rater may attach comments only to their own score.
    """
    body = text_arg(body.strip(), TEXT_RULE, "the comment")
    if not body or len(body) > MAX_COMMENT:
        raise InvalidInput(f"a comment needs 1-{MAX_COMMENT} characters")
    if actor.rater_id is None or actor.role is Role.OWNER:
        raise AccessDenied(f"{actor.label} is not a participant and cannot comment")
    with db.write() as s:
        ws = load_workspace(s, actor)
        require_writable(ws)
        if not ws.current_round:
            raise Conflict("scoring has not started; comments belong to a round")
        status = _round_status(s, ws.id, ws.current_round)
        if (
            rater_id not in (None, actor.rater_id)
            and not actor.is_facilitator
            and status == RoundStatus.OPEN.value
        ):
            raise AccessDenied("other raters' scores are hidden until the reveal")
        check_cell(_form_of(db, s, ws), option, criterion, None)
        if rater_id is not None and rater_id not in _member_ids(s, ws.id):
            raise InvalidInput(f"{rater_id!r} is not a rater of this decision")
        at = now()
        row = schema.Comment(
            workspace_id=ws.id,
            round_number=ws.current_round,
            option=option,
            criterion=criterion,
            rater_id=rater_id,
            author=actor.rater_id,
            body=body,
            created_at=at,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "comment.add",
            round=ws.current_round,
            option=option,
            criterion=criterion,
            rater=rater_id,
            comment_id=row.id,
        )
        return CommentRecord(
            row.id, row.round_number, option, criterion, rater_id, row.author, body, at
        )


def comments(
    db: Database,
    actor: Actor,
    option: str | None = None,
    criterion: str | None = None,
    round_number: int | None = None,
) -> list[CommentRecord]:
    """Comments, oldest first, filtered by cell and round. While a round is blind a rater
    sees cell-level comments and those on their own score only."""
    with db.read() as s:
        ws = load_workspace(s, actor)
        stmt = select(schema.Comment).where(schema.Comment.workspace_id == ws.id)
        if option is not None:
            stmt = stmt.where(schema.Comment.option == option)
        if criterion is not None:
            stmt = stmt.where(schema.Comment.criterion == criterion)
        if round_number is not None:
            stmt = stmt.where(schema.Comment.round_number == round_number)
        rows = s.scalars(stmt.order_by(schema.Comment.id)).all()
        blind = {
            r.number
            for r in s.scalars(
                select(schema.Round).where(
                    schema.Round.workspace_id == ws.id,
                    schema.Round.status == RoundStatus.OPEN.value,
                )
            )
        }
    return [
        CommentRecord(
            r.id,
            r.round_number,
            r.option,
            r.criterion,
            r.rater_id,
            r.author,
            r.body,
            as_utc(r.created_at),
        )
        for r in rows
        if actor.is_facilitator
        or r.rater_id in (None, actor.rater_id)
        or r.round_number not in blind
    ]
