"""Live scoring: rounds (blind -> revealed -> next), optimistic score writes, views.

Visibility rule: a rater always sees their own cells; other raters' cells only once the
round is revealed. The facilitator sees everything, always. Scores of a revealed or closed
round never change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_select.models.scenario import Rater as ScenarioRater
from crm_select.models.scenario import Scenario, Scores
from crm_select.models.text import NOTE_RULE
from crm_select.store import audit, schema
from crm_select.store.access import (
    Actor,
    awaited,
    load_workspace,
    require_facilitator,
    require_writable,
    workspace_rows,
)
from crm_select.store.clock import as_utc, maybe_utc, now
from crm_select.store.engine import Database
from crm_select.store.errors import AccessDenied, Conflict, InvalidInput, NotFound, StaleWrite
from crm_select.store.inputs import text_arg
from crm_select.store.member_weights import close_weighting_for_scoring
from crm_select.store.records import (
    Evidence,
    RaterStatus,
    Role,
    RoundInfo,
    RoundStatus,
    ScoreChange,
    ScoreRecord,
)
from crm_select.store.submissions import reveal_latest, round_info, toggle_submission
from crm_select.store.workspaces import current_version_row, parse_scenario

S = schema


@dataclass(frozen=True)
class _Form:
    """What raters score in a scenario version: options and rating criteria with bounds."""

    options: tuple[str, ...]
    criteria: dict[str, tuple[float, float]]

    @property
    def cells(self) -> int:
        return len(self.options) * len(self.criteria)


@lru_cache(maxsize=64)
def _form(scenario_json: str) -> _Form:
    sc = parse_scenario(scenario_json)
    crit = {cid: (s.min, s.max) for cid, s in sc.criteria.rating_scales.items()}
    return _Form(tuple(o.option_id for o in sc.options), crit)


def _form_of(db: Database, s: Session, ws: S.Workspace) -> _Form:
    """The form of the current version, memoised per database (versions never change)."""
    key = ("form", ws.id, ws.current_version)
    form = db.memo.get(key)
    if form is None:
        form = db.memo[key] = _form(current_version_row(s, ws).scenario_json)
    return form


def _round_row(s: Session, ws_id: str, number: int) -> S.Round:
    row = s.scalars(
        select(S.Round).where(S.Round.workspace_id == ws_id, S.Round.number == number)
    ).one_or_none()
    if row is None:
        raise NotFound(f"workspace {ws_id!r} has no round {number}")
    return row


def _record(c: S.Score) -> ScoreRecord:
    return ScoreRecord(
        c.round_number,
        c.rater_id,
        c.option,
        c.criterion,
        c.value,
        Evidence(c.evidence) if c.evidence else None,
        c.note,
        c.version,
        as_utc(c.updated_at),
    )


# --- rounds ------------------------------------------------------------------------------


def start_scoring(db: Database, actor: Actor) -> RoundInfo:
    """Open round 1 and lock the weights (facilitator). Scoring cannot start twice, nor while
    a weighting round is blind (a revealed one is closed)."""
    require_facilitator(actor, "start scoring")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        if ws.current_round:
            raise Conflict(f"scoring already started (round {ws.current_round})")
        close_weighting_for_scoring(s, ws)
        if not ws.weights_locked:
            ws.weights_locked = True
            audit.record(s, actor, "weights.lock", reason="scoring started")
        row = S.Round(workspace_id=ws.id, number=1, status=RoundStatus.OPEN.value, opened_at=now())
        s.add(row)
        ws.current_round = 1
        ws.row_version += 1
        audit.record(s, actor, "round.open", round=1)
        s.flush()
        return round_info(row)


def reveal_round(db: Database, actor: Actor) -> RoundInfo:
    """Show every rater's scores of the current round to everyone; freezes the round."""

    def current(s: Session, ws: S.Workspace) -> S.Round:
        if not ws.current_round:
            raise Conflict("scoring has not started; there is nothing to reveal")
        return _round_row(s, ws.id, ws.current_round)

    return reveal_latest(
        db, actor, doing="reveal scores", latest=current, name="round", event="round"
    )


def start_next_round(db: Database, actor: Actor, *, carry_over: bool = True) -> RoundInfo:
    """Close the revealed round and open the next one (Delphi).

    With ``carry_over`` every rater starts from their own previous scores and notes, so an
    unchanged opinion needs no retyping; `round_changes` shows what moved.
    """
    require_facilitator(actor, "start a new round")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        if not ws.current_round:
            raise Conflict("scoring has not started; use start_scoring")
        prev = _round_row(s, ws.id, ws.current_round)
        if prev.status != RoundStatus.REVEALED.value:
            raise Conflict(f"reveal round {prev.number} before starting the next one")
        at = now()
        prev.status = RoundStatus.CLOSED.value
        prev.closed_at = at
        number = prev.number + 1
        row = S.Round(
            workspace_id=ws.id, number=number, status=RoundStatus.OPEN.value, opened_at=at
        )
        s.add(row)
        s.flush()
        copied = 0
        if carry_over:
            for c in s.scalars(
                select(S.Score).where(
                    S.Score.workspace_id == ws.id, S.Score.round_number == prev.number
                )
            ).all():
                s.add(
                    S.Score(
                        workspace_id=ws.id,
                        round_number=number,
                        rater_id=c.rater_id,
                        option=c.option,
                        criterion=c.criterion,
                        value=c.value,
                        evidence=c.evidence,
                        note=c.note,
                        version=1,
                        updated_at=at,
                    )
                )
                copied += 1
        ws.current_round = number
        ws.row_version += 1
        audit.record(s, actor, "round.open", round=number, carried_over=copied)
        s.flush()
        return round_info(row)


def rounds(db: Database, actor: Actor) -> list[RoundInfo]:
    """All rounds of the workspace, oldest first."""
    with db.read() as s:
        rows = workspace_rows(s, actor, S.Round, S.Round.number)
        return [round_info(r) for r in rows]


# --- writing scores ----------------------------------------------------------------------


def submit_score(
    db: Database,
    actor: Actor,
    option: str,
    criterion: str,
    value: float | None,
    *,
    expected_version: int,
    evidence: Evidence | str | None = None,
    note: str = "",
    rater_id: str | None = None,
    round_number: int | None = None,
) -> ScoreRecord:
    """Set the actor's own score of ``option`` on ``criterion`` in the open round.

    ``expected_version`` is the cell's version the form showed (0 for a cell never scored).
    If the stored version differs, another tab or device saved first: `StaleWrite` says so
    and nothing is written. ``value=None`` records "no opinion". Raises `AccessDenied` for
    another rater's cell, a closed/revealed round or a locked workspace; `InvalidInput` for
    an unknown option/criterion or a value outside the criterion's scale.

    Four steps: the input on its own (`_checked_entry`), the round it goes into
    (`_open_round`), the cell against the form (`check_cell`), the versioned write
    (`_write_cell`), then the audit record.
    """
    entry = _checked_entry(actor, rater_id, value, evidence, note)
    with db.write() as s:
        ws, rnd = _open_round(s, actor, round_number)
        check_cell(_form_of(db, s, ws), option, criterion, value)
        cell = _Cell(ws.id, rnd.number, entry.rater_id, option, criterion)
        written = _write_cell(s, cell, entry, expected_version)
        if not written.changed:
            return _record(written.row)  # nothing changed: no new version, no audit noise
        audit.record(
            s,
            actor,
            "score.set",
            round=rnd.number,
            option=option,
            criterion=criterion,
            before=written.before,
            after=value,
            evidence=entry.evidence,
            version=written.row.version,
        )
        return _record(written.row)


@dataclass(frozen=True)
class _Entry:
    """A checked score entry: whose it is and what it says."""

    rater_id: str
    value: float | None
    evidence: str | None
    note: str


@dataclass(frozen=True)
class _Cell:
    """One rater's cell of one round: the key of a score row."""

    workspace_id: str
    round_number: int
    rater_id: str
    option: str
    criterion: str

    @property
    def where(self) -> str:
        return f"{self.option!r} / {self.criterion!r}"


def _checked_entry(
    actor: Actor,
    rater_id: str | None,
    value: float | None,
    evidence: Evidence | str | None,
    note: str,
) -> _Entry:
    """The entry checked on its own, before the database is touched: the actor rates, writes
    their own cell, names a known kind of evidence, a note that is text and a finite value."""
    if actor.rater_id is None or actor.role is Role.OWNER:
        raise AccessDenied(f"{actor.label} is not a rater and cannot score")
    if rater_id is not None and rater_id != actor.rater_id:
        raise AccessDenied(
            f"{actor.label} cannot write {rater_id}'s score: each rater changes only their own"
        )
    ev = None
    if evidence is not None:
        try:
            ev = Evidence(evidence)
        except ValueError:
            raise InvalidInput(
                f"evidence must be one of {[e.value for e in Evidence]}, got {evidence!r}"
            ) from None
    note = text_arg(note or "", NOTE_RULE, "the evidence note")
    if value is not None and not math.isfinite(value):
        raise InvalidInput(f"score must be a finite number, got {value}")
    return _Entry(actor.rater_id, value, ev.value if ev else None, note)


def _open_round(s: Session, actor: Actor, round_number: int | None) -> tuple[S.Workspace, S.Round]:
    """The workspace and its open round, for writing a score.

    FOR SHARE: score writers run in parallel, but reveal/lock (FOR UPDATE) wait for them and
    they wait for reveal/lock, so no score slips into a revealed round.
    """
    ws = load_workspace_shared(s, actor)
    require_writable(ws)
    if not ws.current_round:
        raise AccessDenied("scoring has not started yet; wait for the facilitator")
    if round_number is not None and round_number != ws.current_round:
        raise AccessDenied(
            f"round {round_number} is over; scores are written in round {ws.current_round}"
        )
    rnd = _round_row(s, ws.id, ws.current_round)
    if rnd.status != RoundStatus.OPEN.value:
        raise AccessDenied(
            f"round {rnd.number} is {rnd.status}: its scores are frozen until the "
            "facilitator starts the next round"
        )
    return ws, rnd


def check_cell(form: _Form, option: str, criterion: str, value: float | None) -> None:
    """The option and criterion are on the form and the value is on the criterion's scale."""
    if option not in form.options:
        raise InvalidInput(f"unknown option {option!r}; known: {list(form.options)}")
    if criterion not in form.criteria:
        raise InvalidInput(
            f"{criterion!r} is not a rated criterion; known: {sorted(form.criteria)}"
        )
    lo, hi = form.criteria[criterion]
    if value is not None and not lo <= value <= hi:
        raise InvalidInput(
            f"score for {criterion!r} must be between {lo:g} and {hi:g}, got {value:g}"
        )


def _find_cell(s: Session, cell: _Cell) -> S.Score | None:
    return s.scalars(
        select(S.Score).where(
            S.Score.workspace_id == cell.workspace_id,
            S.Score.round_number == cell.round_number,
            S.Score.rater_id == cell.rater_id,
            S.Score.option == cell.option,
            S.Score.criterion == cell.criterion,
        )
    ).one_or_none()


@dataclass(frozen=True)
class _Written:
    """The cell's row after a write, the value it had before (None for a new cell), and
    whether anything changed (an entry that repeats what is stored writes nothing)."""

    row: S.Score
    before: float | None
    changed: bool


def _write_cell(s: Session, cell: _Cell, entry: _Entry, expected_version: int) -> _Written:
    """Write the entry if the cell is still at ``expected_version`` (optimistic concurrency).

    Raises `StaleWrite` if another tab or device saved first, whether
    seen on reading (the version moved) or on writing (the insert collides with a new row, or
    the versioned update matches nothing).
    """
    row = _find_cell(s, cell)
    current = 0 if row is None else row.version
    if current != expected_version:
        shown = (
            "" if row is None else f" (now {row.value}, saved {as_utc(row.updated_at):%H:%M:%S})"
        )
        raise StaleWrite(
            f"your score for {cell.where} was changed elsewhere: you edited version "
            f"{expected_version}, the stored one is version {current}{shown}. "
            "Reload the form and decide again; nothing was saved."
        )
    at = now()
    if row is None:
        row = S.Score(
            workspace_id=cell.workspace_id,
            round_number=cell.round_number,
            rater_id=cell.rater_id,
            option=cell.option,
            criterion=cell.criterion,
            value=entry.value,
            evidence=entry.evidence,
            note=entry.note,
            version=1,
            updated_at=at,
        )
        s.add(row)
        try:
            s.flush()
        except IntegrityError:
            raise StaleWrite(
                f"your score for {cell.where} was saved elsewhere a moment ago (version 1 "
                "exists now). Reload the form and decide again; nothing was saved."
            ) from None
        return _Written(row, None, changed=True)
    if (row.value, row.evidence, row.note) == (entry.value, entry.evidence, entry.note):
        return _Written(row, row.value, changed=False)
    before = row.value
    result = cast(
        "CursorResult[Any]",
        s.execute(
            update(S.Score)
            .where(S.Score.id == row.id, S.Score.version == expected_version)
            .values(
                value=entry.value,
                evidence=entry.evidence,
                note=entry.note,
                version=expected_version + 1,
                updated_at=at,
            )
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        raise StaleWrite(
            f"your score for {cell.where} was changed elsewhere at the same moment "
            f"(you edited version {expected_version}). Reload the form and decide "
            "again; nothing was saved."
        )
    s.expire(row)  # the UPDATE bypassed the ORM: reread on next access
    return _Written(row, before, changed=True)


def load_workspace_shared(s: Session, actor: Actor) -> S.Workspace:
    """The workspace row under a shared lock (PostgreSQL FOR SHARE; SQLite serialises)."""
    ws = s.scalars(
        select(S.Workspace).where(S.Workspace.id == actor.workspace_id).with_for_update(read=True)
    ).one_or_none()
    if ws is None:
        raise NotFound(f"workspace {actor.workspace_id!r} does not exist")
    return ws


def mark_submitted(db: Database, actor: Actor, submitted: bool = True) -> RaterStatus:
    """The rater says "done with this round" (or takes it back while the round is open)."""
    if actor.rater_id is None or actor.role is Role.OWNER:
        raise AccessDenied(f"{actor.label} is not a rater")
    with db.write() as s:
        ws = load_workspace_shared(s, actor)
        require_writable(ws)
        if not ws.current_round:
            raise AccessDenied("scoring has not started yet")
        rnd = _round_row(s, ws.id, ws.current_round)
        toggle_submission(
            s,
            actor,
            S.Submission,
            rnd,
            submitted,
            "round",
            closed=f"round {rnd.number} is {rnd.status}; submissions are closed",
        )
        s.flush()
        statuses = _statuses(s, ws, rnd.number, only=actor.rater_id)
        return statuses[0]


# --- reading -----------------------------------------------------------------------------


def _readable_round(s: Session, actor: Actor, number: int | None) -> tuple[S.Workspace, S.Round]:
    ws = load_workspace(s, actor)
    n = number or ws.current_round
    if not n:
        raise Conflict("scoring has not started; there are no scores yet")
    return ws, _round_row(s, ws.id, n)


def _may_see_all(actor: Actor, rnd: S.Round) -> bool:
    return actor.is_facilitator or rnd.status != RoundStatus.OPEN.value


def my_scores(db: Database, actor: Actor, round_number: int | None = None) -> list[ScoreRecord]:
    """The actor's own cells in a round (default: current) - what the rater form shows."""
    with db.read() as s:
        ws, rnd = _readable_round(s, actor, round_number)
        rows = s.scalars(
            select(S.Score)
            .where(
                S.Score.workspace_id == ws.id,
                S.Score.round_number == rnd.number,
                S.Score.rater_id == actor.rater_id,
            )
            .order_by(S.Score.option, S.Score.criterion)
        ).all()
        return [_record(c) for c in rows]


def _all_rows(s: Session, actor: Actor, rnd: S.Round) -> list[S.Score]:
    if not _may_see_all(actor, rnd):
        raise AccessDenied(
            f"round {rnd.number} is blind: other raters' scores stay hidden until the "
            "facilitator reveals them"
        )
    return list(
        s.scalars(
            select(S.Score)
            .where(S.Score.workspace_id == actor.workspace_id, S.Score.round_number == rnd.number)
            .order_by(S.Score.rater_id, S.Score.option, S.Score.criterion)
        ).all()
    )


def round_scores(db: Database, actor: Actor, round_number: int | None = None) -> list[ScoreRecord]:
    """Every rater's cells of a round: facilitator always, raters once it is revealed."""
    with db.read() as s:
        _, rnd = _readable_round(s, actor, round_number)
        return [_record(c) for c in _all_rows(s, actor, rnd)]


def score_matrix(db: Database, actor: Actor, round_number: int | None = None) -> Scores:
    """Scores as the scenario's nested dict rater -> option -> criterion -> value."""
    out: Scores = {}
    for c in round_scores(db, actor, round_number):
        out.setdefault(c.rater_id, {}).setdefault(c.option, {})[c.criterion] = c.value
    return out


def scenario_with_scores(db: Database, actor: Actor, round_number: int | None = None) -> Scenario:
    """The current scenario with the round's scores in place of its own, ready for scoring/:
    what applying the round to the decision would store (see `round_scenario`)."""
    with db.read() as s:
        ws, rnd = _readable_round(s, actor, round_number)
        return round_scenario(s, actor, ws, rnd)


def round_scenario(s: Session, actor: Actor, ws: S.Workspace, rnd: S.Round) -> Scenario:
    """The current scenario whose raters and scores are the round's.

    The raters are those who scored at least one cell of the current form in the round (with
    their names and departments as the workspace knows them); the scenario's own raters and
    scores (e.g. an example's) are left out, so the board, the applied decision and the
    report count the same people. Cells the current version no longer has (an option
    dropped, a scale narrowed) are left out.
    """
    rows = _all_rows(s, actor, rnd)
    version = current_version_row(s, ws).scenario_json
    sc = parse_scenario(version)
    form = _form(version)
    scores: Scores = {}
    for c in rows:
        bounds = form.criteria.get(c.criterion)
        if c.option not in form.options or bounds is None:
            continue
        if c.value is not None and not bounds[0] <= c.value <= bounds[1]:
            continue
        scores.setdefault(c.rater_id, {}).setdefault(c.option, {})[c.criterion] = c.value
    scored = {
        rid
        for rid, by_option in scores.items()
        if any(v is not None for cells in by_option.values() for v in cells.values())
    }
    own = {r.id: r for r in sc.raters}
    people = s.scalars(
        select(S.Rater).where(S.Rater.workspace_id == ws.id).order_by(S.Rater.id)
    ).all()
    raters = [
        ScenarioRater(
            id=p.rater_id,
            name=p.name,
            department=p.department,
            facilitator=own[p.rater_id].facilitator if p.rater_id in own else False,
        )
        for p in people
        if p.rater_id in scored
    ]
    data = sc.model_dump()
    data["raters"] = [r.model_dump() for r in raters]
    data["scores"] = {rid: scores[rid] for rid in sorted(scored)}
    data["scores_source"] = None
    return Scenario.model_validate(data)


def _statuses(
    s: Session, ws: S.Workspace, number: int, only: str | None = None
) -> list[RaterStatus]:
    form = _form(current_version_row(s, ws).scenario_json)
    filled = dict(
        s.execute(
            select(S.Score.rater_id, func.count())
            .where(
                S.Score.workspace_id == ws.id,
                S.Score.round_number == number,
                S.Score.value.is_not(None),
                S.Score.option.in_(form.options),
                S.Score.criterion.in_(list(form.criteria)),
            )
            .group_by(S.Score.rater_id)
        ).all()
    )
    submitted = dict(
        s.execute(
            select(S.Submission.rater_id, S.Submission.submitted_at).where(
                S.Submission.workspace_id == ws.id, S.Submission.round_number == number
            )
        ).all()
    )
    people = s.scalars(
        select(S.Rater).where(S.Rater.workspace_id == ws.id).order_by(S.Rater.id)
    ).all()
    out = []
    for p in people:
        if only is not None and p.rater_id != only:
            continue
        if only is None and not awaited(p) and p.rater_id not in filled:
            continue  # a facilitator or an uninvited rater who does not score is not "missing"
        out.append(
            RaterStatus(
                p.rater_id,
                p.name,
                p.department,
                int(filled.get(p.rater_id, 0)),
                form.cells,
                maybe_utc(submitted.get(p.rater_id)),
            )
        )
    return out


def submission_status(
    db: Database, actor: Actor, round_number: int | None = None
) -> list[RaterStatus]:
    """Per rater: cells filled out of cells to score, and when they submitted (no values)."""
    with db.read() as s:
        ws, rnd = _readable_round(s, actor, round_number)
        return _statuses(s, ws, rnd.number)


def round_changes(
    db: Database, actor: Actor, to_round: int | None = None, from_round: int | None = None
) -> list[ScoreChange]:
    """Cells whose value differs between ``from_round`` (default: the one before) and
    ``to_round`` (default: current). Raters see only their own cells while it is blind."""
    with db.read() as s:
        ws, rnd = _readable_round(s, actor, to_round)
        start = from_round or rnd.number - 1
        if start < 1:
            return []
        old = _round_row(s, ws.id, start)
        if _may_see_all(actor, rnd):
            after_rows = _all_rows(s, actor, rnd)
            before_rows = _all_rows(s, actor, old)
        else:
            mine = (S.Score.workspace_id == ws.id, S.Score.rater_id == actor.rater_id)
            after_rows = list(
                s.scalars(select(S.Score).where(*mine, S.Score.round_number == rnd.number))
            )
            before_rows = list(
                s.scalars(select(S.Score).where(*mine, S.Score.round_number == old.number))
            )
    before = {(c.rater_id, c.option, c.criterion): c.value for c in before_rows}
    after = {(c.rater_id, c.option, c.criterion): c.value for c in after_rows}
    out = [
        ScoreChange(*k, before.get(k), after.get(k))
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    ]
    return out
