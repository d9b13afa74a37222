"""Weight discipline: locked before scoring, unlocking is an explicit audited action;
department weighting sets kept side by side."""

from __future__ import annotations

import math

from sqlalchemy import select

from crm_select.models.text import NAME_RULE, TEXT_RULE
from crm_select.store import audit, schema
from crm_select.store.access import (
    Actor,
    load_workspace,
    require_facilitator,
    require_writable,
    workspace_rows,
)
from crm_select.store.clock import as_utc, now
from crm_select.store.engine import Database
from crm_select.store.errors import Conflict, InvalidInput, StaleWrite, WeightsLocked
from crm_select.store.inputs import text_arg
from crm_select.store.records import WeightingSetRecord, WorkspaceInfo
from crm_select.store.workspaces import current_scenario_in, get_workspace


def lock_weights(db: Database, actor: Actor, reason: str = "") -> WorkspaceInfo:
    """Freeze criteria and weights (done automatically by `start_scoring`)."""
    require_facilitator(actor, "lock weights")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        if ws.weights_locked:
            raise Conflict("weights are already locked")
        ws.weights_locked = True
        ws.row_version += 1
        audit.record(s, actor, "weights.lock", reason=reason)
    return get_workspace(db, actor)


def unlock_weights(db: Database, actor: Actor, reason: str) -> WorkspaceInfo:
    """The explicit, logged facilitator action that allows changing weights again.

    ``reason`` is mandatory: the audit log must say why weights moved after scoring began.
    """
    require_facilitator(actor, "unlock weights")
    reason = text_arg(reason, TEXT_RULE, "the reason")
    if not reason.strip():
        raise InvalidInput("give a reason for unlocking the weights; it goes to the audit log")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        if not ws.weights_locked:
            raise Conflict("weights are not locked")
        ws.weights_locked = False
        ws.row_version += 1
        audit.record(s, actor, "weights.unlock", reason=reason, round=ws.current_round)
    return get_workspace(db, actor)


def set_weighting_set(
    db: Database,
    actor: Actor,
    department: str,
    weights: dict[str, float],
    *,
    expected_version: int = 0,
) -> WeightingSetRecord:
    """Store a department's weights (group or criterion id -> points >= 0; facilitator).

    ``expected_version`` is 0 for a new set, else the version being edited (`StaleWrite`
    if someone saved in between). Refused with `WeightsLocked` while weights are locked.
    """
    require_facilitator(actor, "change weights")
    department = text_arg(department, NAME_RULE, "department")
    if not department:
        raise InvalidInput("department must not be empty")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        if ws.weights_locked:
            raise WeightsLocked(
                "weights are locked because scoring has started; use 'unlock weights' first "
                "(recorded in the audit log)"
            )
        sc = current_scenario_in(s, ws)
        known = {g.id.value for g in sc.criteria.groups} | {c.id for c in sc.criteria.criteria}
        for k, v in weights.items():
            if k not in known:
                raise InvalidInput(f"unknown group or criterion {k!r}; known: {sorted(known)}")
            if not (isinstance(v, int | float) and math.isfinite(v) and v >= 0):
                raise InvalidInput(f"weight of {k!r} must be a finite number >= 0, got {v!r}")
        row = s.scalars(
            select(schema.WeightingSet).where(
                schema.WeightingSet.workspace_id == ws.id,
                schema.WeightingSet.department == department,
            )
        ).one_or_none()
        current = 0 if row is None else row.version
        if current != expected_version:
            raise StaleWrite(
                f"{department}'s weights were saved by someone else (you edited version "
                f"{expected_version}, stored is {current}); reload and retry"
            )
        at = now()
        clean = {k: float(v) for k, v in weights.items()}
        if row is None:
            row = schema.WeightingSet(workspace_id=ws.id, department=department, version=0)
            s.add(row)
        row.weights = clean
        row.version = current + 1
        row.updated_by = actor.label
        row.updated_at = at
        audit.record(s, actor, "weights.department", department=department, weights=clean)
        return WeightingSetRecord(department, clean, row.version, actor.label, at)


def weighting_sets(db: Database, actor: Actor) -> list[WeightingSetRecord]:
    """All departments' weighting sets, by department name (anyone in the workspace)."""
    with db.read() as s:
        rows = workspace_rows(s, actor, schema.WeightingSet, schema.WeightingSet.department)
        return [
            WeightingSetRecord(
                r.department, dict(r.weights), r.version, r.updated_by, as_utc(r.updated_at)
            )
            for r in rows
        ]
