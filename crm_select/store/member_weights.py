"""Each member weighs: weighting rounds before scoring (blind -> revealed -> closed), each
member's own weights per level, their "done" marks, and adopting the decision's weights.

The weighting phase comes before the scoring phase: a weighting round opens only while the
weights are not locked, and scoring cannot start while one is blind (`start_scoring` closes a
revealed one). Visibility is the scores' rule: a member always sees their own weights, the
others' once the round is revealed; the facilitator sees everything, always.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_select.models.criteria import CriteriaTree, weighing_levels
from crm_select.models.scenario import Scenario
from crm_select.models.weights_source import WeightsSource
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
from crm_select.store.errors import (
    AccessDenied,
    Conflict,
    InvalidInput,
    NotFound,
    StaleWrite,
    WeightsLocked,
)
from crm_select.store.records import (
    MemberWeightsRecord,
    RaterStatus,
    Role,
    RoundInfo,
    RoundStatus,
    VersionInfo,
)
from crm_select.store.submissions import reveal_latest, round_info, toggle_submission
from crm_select.store.workspaces import _store_version, current_scenario_in

S = schema

SAATY_MIN, SAATY_MAX = 1 / 9, 9.0
_NO_OPEN_ROUND = "no weighting round is open; submissions are closed"


def _latest(s: Session, ws_id: str) -> S.WeightingRound | None:
    return s.scalars(
        select(S.WeightingRound)
        .where(S.WeightingRound.workspace_id == ws_id)
        .order_by(S.WeightingRound.number.desc())
        .limit(1)
    ).one_or_none()


def _round(s: Session, ws_id: str, number: int) -> S.WeightingRound:
    row = s.scalars(
        select(S.WeightingRound).where(
            S.WeightingRound.workspace_id == ws_id, S.WeightingRound.number == number
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"workspace {ws_id!r} has no weighting round {number}")
    return row


def _record(r: S.MemberWeights) -> MemberWeightsRecord:
    points = r.entry.get("points")
    pairs = r.entry.get("pairwise")
    return MemberWeightsRecord(
        r.round_number,
        r.rater_id,
        r.level,
        None if points is None else {k: float(v) for k, v in points.items()},
        None if pairs is None else tuple((str(a), str(b), float(v)) for a, b, v in pairs),
        r.version,
        as_utc(r.updated_at),
    )


def _require_unlocked(ws: S.Workspace) -> None:
    if ws.weights_locked:
        raise WeightsLocked(
            "weights are locked because scoring has started; use 'unlock weights' first "
            "(recorded in the audit log)"
        )


# --- rounds ------------------------------------------------------------------------------


def open_weighting(db: Database, actor: Actor, *, carry_over: bool = True) -> RoundInfo:
    """Open a weighting round (facilitator): the first one, or the next after a revealed one
    (Delphi: with ``carry_over`` every member starts from their own previous weights).

    Refused while the weights are locked (scoring has started: unlock them first, which the
    audit log records) or while a weighting round is still blind.
    """
    require_facilitator(actor, "open a weighting round")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        _require_unlocked(ws)
        prev = _latest(s, ws.id)
        if prev is not None and prev.status == RoundStatus.OPEN.value:
            raise Conflict(f"weighting round {prev.number} is still open: reveal it first")
        at = now()
        number = 1 if prev is None else prev.number + 1
        row = S.WeightingRound(
            workspace_id=ws.id, number=number, status=RoundStatus.OPEN.value, opened_at=at
        )
        s.add(row)
        s.flush()
        copied = 0
        if prev is not None:
            if prev.status == RoundStatus.REVEALED.value:
                prev.status = RoundStatus.CLOSED.value
                prev.closed_at = at
            if carry_over:
                for w in s.scalars(
                    select(S.MemberWeights).where(
                        S.MemberWeights.workspace_id == ws.id,
                        S.MemberWeights.round_number == prev.number,
                    )
                ).all():
                    s.add(
                        S.MemberWeights(
                            workspace_id=ws.id,
                            round_number=number,
                            rater_id=w.rater_id,
                            level=w.level,
                            method=w.method,
                            entry=dict(w.entry),
                            version=1,
                            updated_at=at,
                        )
                    )
                    copied += 1
        ws.row_version += 1
        audit.record(s, actor, "weighting.open", round=number, carried_over=copied)
        s.flush()
        return round_info(row)


def reveal_weighting(db: Database, actor: Actor) -> RoundInfo:
    """Show every member's weights of the open weighting round to everyone; freezes them."""

    def latest(s: Session, ws: S.Workspace) -> S.WeightingRound:
        row = _latest(s, ws.id)
        if row is None:
            raise Conflict("no weighting round has been opened; there is nothing to reveal")
        return row

    return reveal_latest(
        db, actor, doing="reveal the weights", latest=latest, name="weighting round",
        event="weighting",
    )  # fmt: skip


def close_weighting_for_scoring(s: Session, ws: S.Workspace) -> None:
    """Scoring starts: a blind weighting round refuses it (`Conflict`), a revealed one closes."""
    row = _latest(s, ws.id)
    if row is None:
        return
    if row.status == RoundStatus.OPEN.value:
        raise Conflict(
            f"weighting round {row.number} is still blind: reveal it and adopt the weights "
            "before scoring starts"
        )
    if row.status == RoundStatus.REVEALED.value:
        row.status = RoundStatus.CLOSED.value
        row.closed_at = now()


def weighting_rounds(db: Database, actor: Actor) -> list[RoundInfo]:
    """All weighting rounds of the workspace, oldest first."""
    with db.read() as s:
        rows = workspace_rows(s, actor, S.WeightingRound, S.WeightingRound.number)
        return [round_info(r) for r in rows]


# --- a member's weights ------------------------------------------------------------------


def _levels(s: Session, ws: S.Workspace) -> dict[str, tuple[str, ...]]:
    return weighing_levels(current_scenario_in(s, ws).criteria)


def _checked_points(items: tuple[str, ...], points: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in points.items():
        if k not in items:
            raise InvalidInput(f"unknown item {k!r}; known: {list(items)}")
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            raise InvalidInput(f"points of {k!r} must be a finite number >= 0, got {v!r}")
        out[k] = float(v)
    if not any(out.values()):
        raise InvalidInput("give at least one item points above 0")
    return out


def _checked_pairs(
    items: tuple[str, ...], judgements: Sequence[tuple[str, str, float]]
) -> list[list[Any]]:
    seen: set[frozenset[str]] = set()
    out: list[list[Any]] = []
    for a, b, v in judgements:
        for x in (a, b):
            if x not in items:
                raise InvalidInput(f"unknown item {x!r}; known: {list(items)}")
        pair = frozenset((a, b))
        if len(pair) == 1:
            raise InvalidInput(f"{a!r} is compared with itself")
        if pair in seen:
            raise InvalidInput(f"the pair {a!r}/{b!r} is judged twice")
        seen.add(pair)
        ok = isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        if not ok or not SAATY_MIN - 1e-9 <= v <= SAATY_MAX + 1e-9:
            raise InvalidInput(f"judgement {a!r}/{b!r} must be from 1/9 to 9, got {v!r}")
        out.append([a, b, float(v)])
    if not out:
        raise InvalidInput("give at least one pairwise judgement")
    return out


def submit_member_weights(
    db: Database,
    actor: Actor,
    level: str,
    *,
    points: Mapping[str, float] | None = None,
    judgements: Sequence[tuple[str, str, float]] | None = None,
    expected_version: int,
    elicited: str | None = None,
) -> MemberWeightsRecord:
    """Store the actor's own weights of ``level`` in the open weighting round: direct
    ``points`` (items not named count 0) or pairwise ``judgements`` on Saaty's scale (some
    pairs may be left out; every item linked is enough to weigh). ``elicited`` says, for the
    audit, how guided questions found the points (stored as points all the same).

    ``expected_version`` is the version the form showed (0 for a level never weighed);
    `StaleWrite` if another tab saved first. Only members weigh (`AccessDenied` for the
    facilitator, whose own weights are the decision's); a blind round only.
    """
    if actor.rater_id is None or actor.role is not Role.RATER:
        raise AccessDenied(
            f"{actor.label} is not a committee member; the facilitator's own weights are the "
            "decision's (Criteria page)"
        )
    if (points is None) == (judgements is None):
        raise InvalidInput("give either direct points or pairwise judgements")
    with db.write() as s:
        ws = load_workspace(s, actor)
        require_writable(ws)
        rnd = _latest(s, ws.id)
        if rnd is None:
            raise AccessDenied("no weighting round is open; wait for the facilitator")
        if rnd.status != RoundStatus.OPEN.value:
            raise AccessDenied(
                f"weighting round {rnd.number} is {rnd.status}: its weights are frozen"
            )
        levels = _levels(s, ws)
        if level not in levels:
            raise InvalidInput(f"unknown level {level!r}; known: {list(levels)}")
        items = levels[level]
        entry: dict[str, Any]
        if points is not None:
            method, entry = "points", {"points": _checked_points(items, points)}
        else:
            method, entry = "pairwise", {"pairwise": _checked_pairs(items, judgements or ())}
        row = s.scalars(
            select(S.MemberWeights).where(
                S.MemberWeights.workspace_id == ws.id,
                S.MemberWeights.round_number == rnd.number,
                S.MemberWeights.rater_id == actor.rater_id,
                S.MemberWeights.level == level,
            )
        ).one_or_none()
        current = 0 if row is None else row.version
        if current != expected_version:
            raise StaleWrite(
                f"your weights of {level!r} were saved elsewhere: you edited version "
                f"{expected_version}, the stored one is version {current}. Reload the form "
                "and weigh again; nothing was saved."
            )
        if row is not None and (row.method, row.entry) == (method, entry):
            return _record(row)
        at = now()
        if row is None:
            row = S.MemberWeights(
                workspace_id=ws.id,
                round_number=rnd.number,
                rater_id=actor.rater_id,
                level=level,
                version=0,
            )
            s.add(row)
        row.method = method
        row.entry = entry
        row.version = current + 1
        row.updated_at = at
        try:
            s.flush()
        except IntegrityError:
            raise StaleWrite(
                f"your weights of {level!r} were saved elsewhere a moment ago. Reload the form "
                "and weigh again; nothing was saved."
            ) from None
        how = {} if elicited is None else {"elicited": elicited}
        audit.record(
            s, actor, "weights.member", round=rnd.number, level=level, method=method, **entry, **how
        )
        return _record(row)


def mark_weights_submitted(db: Database, actor: Actor, submitted: bool = True) -> None:
    """The member says "done weighing" (or takes it back while the round is open)."""
    if actor.rater_id is None or actor.role is not Role.RATER:
        raise AccessDenied(f"{actor.label} is not a committee member")
    with db.write() as s:
        ws = load_workspace(s, actor)
        require_writable(ws)
        rnd = _latest(s, ws.id)
        if rnd is None:
            raise AccessDenied(_NO_OPEN_ROUND)
        toggle_submission(
            s, actor, S.WeightingSubmission, rnd, submitted, "weighting", closed=_NO_OPEN_ROUND
        )


# --- reading -----------------------------------------------------------------------------


def _readable(s: Session, actor: Actor, number: int | None) -> S.WeightingRound:
    ws = load_workspace(s, actor)
    if number is not None:
        return _round(s, ws.id, number)
    row = _latest(s, ws.id)
    if row is None:
        raise Conflict("no weighting round has been opened")
    return row


def my_member_weights(
    db: Database, actor: Actor, round_number: int | None = None
) -> list[MemberWeightsRecord]:
    """The actor's own weights in a weighting round (default: the latest), by level."""
    with db.read() as s:
        rnd = _readable(s, actor, round_number)
        rows = s.scalars(
            select(S.MemberWeights)
            .where(
                S.MemberWeights.workspace_id == actor.workspace_id,
                S.MemberWeights.round_number == rnd.number,
                S.MemberWeights.rater_id == actor.rater_id,
            )
            .order_by(S.MemberWeights.level)
        ).all()
        return [_record(r) for r in rows]


def round_member_weights(
    db: Database, actor: Actor, round_number: int | None = None
) -> list[MemberWeightsRecord]:
    """Every member's weights of a weighting round: the facilitator always, members once it
    is revealed (`AccessDenied` while it is blind)."""
    with db.read() as s:
        rnd = _readable(s, actor, round_number)
        if not actor.is_facilitator and rnd.status == RoundStatus.OPEN.value:
            raise AccessDenied(
                f"weighting round {rnd.number} is blind: the others' weights stay hidden until "
                "the facilitator reveals them"
            )
        rows = s.scalars(
            select(S.MemberWeights)
            .where(
                S.MemberWeights.workspace_id == actor.workspace_id,
                S.MemberWeights.round_number == rnd.number,
            )
            .order_by(S.MemberWeights.rater_id, S.MemberWeights.level)
        ).all()
        return [_record(r) for r in rows]


def weighting_status(
    db: Database, actor: Actor, round_number: int | None = None
) -> list[RaterStatus]:
    """Per member: levels weighed out of levels to weigh, and when they submitted (no values)."""
    with db.read() as s:
        rnd = _readable(s, actor, round_number)
        ws = load_workspace(s, actor)
        levels = _levels(s, ws)
        weighed = dict(
            s.execute(
                select(S.MemberWeights.rater_id, func.count())
                .where(
                    S.MemberWeights.workspace_id == ws.id,
                    S.MemberWeights.round_number == rnd.number,
                    S.MemberWeights.level.in_(list(levels)),
                )
                .group_by(S.MemberWeights.rater_id)
            ).all()
        )
        submitted = dict(
            s.execute(
                select(S.WeightingSubmission.rater_id, S.WeightingSubmission.submitted_at).where(
                    S.WeightingSubmission.workspace_id == ws.id,
                    S.WeightingSubmission.round_number == rnd.number,
                )
            ).all()
        )
        people = workspace_rows(s, actor, S.Rater, S.Rater.id)
        return [
            RaterStatus(
                p.rater_id,
                p.name,
                p.department,
                int(weighed.get(p.rater_id, 0)),
                len(levels),
                maybe_utc(submitted.get(p.rater_id)),
            )
            for p in people
            if (awaited(p) or p.rater_id in weighed)
            and (actor.is_facilitator or p.rater_id == actor.rater_id)
        ]


# --- adopting the decision's weights -----------------------------------------------------


def adopt_weights(
    db: Database,
    actor: Actor,
    criteria: CriteriaTree,
    source: WeightsSource,
    *,
    expected_version: int | None = None,
) -> VersionInfo:
    """Make ``criteria`` (the same groups and criteria, other weights) the decision's, with
    ``source`` saying whose weights they are and who adopted them (facilitator; a new version,
    recorded in the audit log). Refused while the weights are locked."""
    require_facilitator(actor, "adopt the decision's weights")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        _require_unlocked(ws)
        current = current_scenario_in(s, ws)
        if [(g.id, [c.id for c in g.criteria]) for g in current.criteria.groups] != [
            (g.id, [c.id for c in g.criteria]) for g in criteria.groups
        ]:
            raise Conflict(
                "the criteria changed since these weights were computed; reload and adopt again"
            )
        data = current.model_dump()
        data["criteria"] = criteria.model_dump()
        data["weights_source"] = source.model_dump()
        adopted = Scenario.model_validate(data)
        what = source.department if source.department else source.choice.value
        return _store_version(
            s,
            actor,
            ws,
            adopted,
            f"weights adopted: {what}",
            expected_version,
            "weights.adopt",
            choice=source.choice.value,
            round=source.round,
            members=list(source.members),
            aggregation=None if source.aggregation is None else source.aggregation.value,
            department=source.department,
        )
