"""Workspaces: create, list, scenario versions (save / restore), lock, export and import."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_select.locales.lang import LANGS
from crm_select.models.errors import Problem
from crm_select.models.i18n_text import Lang, text
from crm_select.models.repair import repair_scenario
from crm_select.models.scenario import Scenario
from crm_select.models.text import KEY_RULE, NAME_RULE
from crm_select.store import audit, schema
from crm_select.store.access import (
    Actor,
    hash_token,
    load_workspace,
    new_token,
    require_facilitator,
    require_writable,
    workspace_rows,
)
from crm_select.store.clock import as_utc, maybe_utc, now
from crm_select.store.engine import Database
from crm_select.store.errors import Conflict, NotFound, StaleWrite, WeightsLocked
from crm_select.store.export_format import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    SECTIONS,
    check_export,
    columns,
)
from crm_select.store.inputs import text_arg
from crm_select.store.records import (
    Cell,
    Created,
    Imported,
    Role,
    RoundStatus,
    VersionInfo,
    WorkspaceInfo,
)


@lru_cache(maxsize=64)
def _parsed(scenario_json: str) -> tuple[Scenario, tuple[Problem, ...]]:
    try:
        return Scenario.model_validate_json(scenario_json), ()
    except ValidationError:
        # saved under older, looser rules: clean the refused texts, keep every number
        scenario, repairs = repair_scenario(json.loads(scenario_json), "stored version")
        return scenario, tuple(repairs)


def parse_scenario(scenario_json: str) -> Scenario:
    """Validated scenario from stored JSON (cached: versions never change once written).

    A version saved before today's text rules opens with the refused names and texts cleaned
    (:func:`stored_repairs` lists them). Callers must treat the result as read-only; use
    ``model_copy(deep=True)`` to edit.
    """
    return _parsed(scenario_json)[0]


def stored_repairs(db: Database, actor: Actor, number: int | None = None) -> list[Problem]:
    """What had to be cleaned to open version ``number`` (default: current); empty when
    nothing was. Saving the scenario again stores the cleaned texts."""
    with db.read() as s:
        ws = load_workspace(s, actor)
        row = _version_row(s, ws.id, number or ws.current_version)
        return list(_parsed(row.scenario_json)[1])


def weights_fingerprint(scenario: Scenario) -> str:
    """Everything in the criteria tree that affects weights (names are left out)."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "name"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return json.dumps(strip(scenario.criteria.model_dump(mode="json")), sort_keys=True)


def current_version_row(session: Session, ws: schema.Workspace) -> schema.ScenarioVersion:
    return _version_row(session, ws.id, ws.current_version)


def _version_row(session: Session, workspace_id: str, number: int) -> schema.ScenarioVersion:
    row = session.scalars(
        select(schema.ScenarioVersion).where(
            schema.ScenarioVersion.workspace_id == workspace_id,
            schema.ScenarioVersion.number == number,
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"workspace {workspace_id!r} has no version {number}")
    return row


def titles(name: str | Mapping[Lang, str]) -> dict[str, str]:
    """A scenario's name in every language (stored beside the workspace for its pickers)."""
    return {lang: text(name, lang) for lang in LANGS}


def current_scenario_in(session: Session, ws: schema.Workspace) -> Scenario:
    return parse_scenario(current_version_row(session, ws).scenario_json)


def create_workspace(
    db: Database,
    scenario: Scenario,
    facilitator: str = "Facilitator",
    *,
    facilitator_id: str = "facilitator",
    email: str | None = None,
    workspace_id: str | None = None,
    message: str = "workspace created",
) -> Created:
    """A new workspace holding ``scenario`` as version 1; returns its id and admin code.

    Raters listed in the scenario are registered without links (issue them with
    `invite_rater`); a rater marked ``facilitator`` becomes the facilitator.
    """
    lead = next((r for r in scenario.raters if r.facilitator), None)
    if lead is not None:
        facilitator_id, facilitator = lead.id, lead.name
    facilitator = text_arg(facilitator, NAME_RULE, "facilitator name")
    facilitator_id = text_arg(facilitator_id, KEY_RULE, "facilitator id")
    if workspace_id is not None:
        workspace_id = text_arg(workspace_id, KEY_RULE, "workspace id")
    ws_id = workspace_id or secrets.token_hex(6)
    code = new_token()
    at = now()
    actor = Actor(ws_id, facilitator_id, Role.FACILITATOR, facilitator)
    with db.write() as s:
        if s.get(schema.Workspace, ws_id) is not None:
            raise Conflict(f"workspace {ws_id!r} already exists")
        s.add(
            schema.Workspace(
                id=ws_id,
                name=scenario.title(),
                titles=titles(scenario.name),
                created_at=at,
                created_by=facilitator_id,
                locked=False,
                weights_locked=False,
                current_version=1,
                current_round=0,
                row_version=1,
            )
        )
        s.flush()
        s.add(
            schema.Rater(
                workspace_id=ws_id,
                rater_id=facilitator_id,
                name=facilitator,
                department=lead.department if lead else "",
                role=Role.FACILITATOR.value,
                email=email,
                token_hash=hash_token(code),
                created_at=at,
            )
        )
        for r in scenario.raters:
            if r.id != facilitator_id:
                s.add(
                    schema.Rater(
                        workspace_id=ws_id,
                        rater_id=r.id,
                        name=r.name,
                        department=r.department,
                        role=Role.RATER.value,
                        created_at=at,
                    )
                )
        s.add(
            schema.ScenarioVersion(
                workspace_id=ws_id,
                number=1,
                scenario_json=scenario.model_dump_json(),
                author=facilitator_id,
                message=message,
                created_at=at,
            )
        )
        audit.record(s, actor, "workspace.create", name=scenario.title(), version=1)
    return Created(ws_id, code)


def _info(session: Session, ws: schema.Workspace) -> WorkspaceInfo:
    status = None
    if ws.current_round:
        status = RoundStatus(
            session.execute(
                select(schema.Round.status).where(
                    schema.Round.workspace_id == ws.id, schema.Round.number == ws.current_round
                )
            ).scalar_one()
        )
    n = session.scalar(
        select(func.count()).select_from(schema.Rater).where(schema.Rater.workspace_id == ws.id)
    )
    cell = None
    if ws.discussion_option and ws.discussion_criterion:
        cell = Cell(ws.discussion_option, ws.discussion_criterion)
    return WorkspaceInfo(
        ws.id,
        ws.name,
        {lang: str((ws.titles or {}).get(lang, ws.name)) for lang in LANGS},
        as_utc(ws.created_at),
        ws.created_by,
        ws.locked,
        ws.weights_locked,
        ws.current_version,
        ws.current_round,
        status,
        cell,
        int(n or 0),
    )


def get_workspace(db: Database, actor: Actor) -> WorkspaceInfo:
    """State of the actor's workspace: lock flags, current version and round, discussion."""
    with db.read() as s:
        return _info(s, load_workspace(s, actor))


def list_workspaces(db: Database) -> list[WorkspaceInfo]:
    """All workspaces, newest first (operator view: CLI, admin tooling)."""
    with db.read() as s:
        rows = s.scalars(select(schema.Workspace).order_by(schema.Workspace.created_at.desc()))
        return [_info(s, ws) for ws in rows.all()]


def load_scenario(db: Database, actor: Actor, number: int | None = None) -> Scenario:
    """The scenario of version ``number`` (default: current), without live scores.

    Any participant may read it (raters need criteria and options for their form).
    """
    with db.read() as s:
        ws = load_workspace(s, actor)
        row = _version_row(s, ws.id, number or ws.current_version)
        return parse_scenario(row.scenario_json).model_copy(deep=True)


def versions(db: Database, actor: Actor) -> list[VersionInfo]:
    """Every saved version, oldest first."""
    with db.read() as s:
        rows = workspace_rows(s, actor, schema.ScenarioVersion, schema.ScenarioVersion.number)
        return [VersionInfo(r.number, r.author, r.message, as_utc(r.created_at)) for r in rows]


def _store_version(
    s: Session,
    actor: Actor,
    ws: schema.Workspace,
    scenario: Scenario,
    message: str,
    expected_version: int | None,
    action: str,
    **payload: Any,
) -> VersionInfo:
    require_facilitator(actor, "change the scenario")
    require_writable(ws)
    if expected_version is not None and expected_version != ws.current_version:
        raise StaleWrite(
            f"the scenario was saved by someone else meanwhile (you edited version "
            f"{expected_version}, the current one is {ws.current_version}); reload and retry"
        )
    current = current_scenario_in(s, ws)
    if ws.weights_locked and weights_fingerprint(current) != weights_fingerprint(scenario):
        raise WeightsLocked(
            "weights are locked because scoring has started; the facilitator must use "
            "'unlock weights' (recorded in the audit log) before changing criteria or weights"
        )
    number = ws.current_version + 1
    at = now()
    s.add(
        schema.ScenarioVersion(
            workspace_id=ws.id,
            number=number,
            scenario_json=scenario.model_dump_json(),
            author=actor.label,
            message=message,
            created_at=at,
        )
    )
    ws.current_version = number
    ws.name = scenario.title()
    ws.titles = titles(scenario.name)
    ws.row_version += 1
    audit.record(s, actor, action, version=number, message=message, **payload)
    return VersionInfo(number, actor.label, message, at)


def save_version(
    db: Database,
    actor: Actor,
    scenario: Scenario,
    message: str = "",
    *,
    expected_version: int | None = None,
) -> VersionInfo:
    """Store ``scenario`` as the next version (facilitator only).

    ``expected_version`` (the version the editor started from) turns a concurrent save by
    another tab into `StaleWrite` instead of a silent overwrite. Changing weights while they
    are locked raises `WeightsLocked`.
    """
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        return _store_version(s, actor, ws, scenario, message, expected_version, "version.save")


def restore_version(db: Database, actor: Actor, number: int, message: str = "") -> VersionInfo:
    """Make version ``number`` current again by saving a copy of it as a new version."""
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        old = parse_scenario(_version_row(s, ws.id, number).scenario_json)
        return _store_version(
            s,
            actor,
            ws,
            old,
            message or f"restored version {number}",
            None,
            "version.restore",
            restored=number,
        )


def _set_lock(db: Database, actor: Actor, locked: bool, reason: str) -> WorkspaceInfo:
    require_facilitator(actor, "lock or unlock the workspace")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        if ws.locked == locked:
            raise Conflict(f"workspace {ws.id!r} is already {'locked' if locked else 'unlocked'}")
        ws.locked = locked
        ws.row_version += 1
        audit.record(s, actor, "workspace.lock" if locked else "workspace.unlock", reason=reason)
        s.flush()
        return _info(s, ws)


def lock_workspace(db: Database, actor: Actor, reason: str = "") -> WorkspaceInfo:
    """Finish the decision: from now on the workspace is read-only for everyone."""
    return _set_lock(db, actor, True, reason)


def unlock_workspace(db: Database, actor: Actor, reason: str = "") -> WorkspaceInfo:
    """Reopen a finished decision (audited with ``reason``)."""
    return _set_lock(db, actor, False, reason)


# --- export / import ---------------------------------------------------------------------


def _ts(value: dt.datetime | None) -> str | None:
    return None if value is None else as_utc(value).isoformat()


def _dt(value: str | None) -> dt.datetime | None:
    return None if value is None else maybe_utc(dt.datetime.fromisoformat(value))


def _rows(s: Session, table: type[Any], ws_id: str, *order: Any) -> list[Any]:
    return list(s.scalars(select(table).where(table.workspace_id == ws_id).order_by(*order)).all())


def _dump_value(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if column.key == "scenario_json":
        return json.loads(value)
    if isinstance(value, dt.datetime):
        return _ts(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return dict(value) if isinstance(value, dict) else value


def _load_value(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if column.key == "scenario_json":
        return Scenario.model_validate(value).model_dump_json()
    kind = column.type.python_type
    if kind is dt.datetime:
        return _dt(value)
    return dt.date.fromisoformat(value) if kind is dt.date else value


def _dump_row(row: Any, columns: list[Any], rename: dict[str, str]) -> dict[str, Any]:
    return {rename.get(c.key, c.key): _dump_value(c, getattr(row, c.key)) for c in columns}


def _load_row(data: dict[str, Any], columns: list[Any], rename: dict[str, str]) -> dict[str, Any]:
    return {c.key: _load_value(c, data[rename.get(c.key, c.key)]) for c in columns}


def export_workspace(db: Database, actor: Actor) -> dict[str, Any]:
    """The whole workspace as a JSON-serialisable dict (facilitator / operator only).

    Includes token hashes so existing links keep working after import: treat the file
    as a secret. `import_workspace` of the result gives an identical export.
    """
    require_facilitator(actor, "export the workspace")
    with db.read() as s:
        ws = load_workspace(s, actor)
        out: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_VERSION,
            "workspace": _dump_row(ws, columns(schema.Workspace, keep_id=True), {}),
        }
        for sec in SECTIONS:
            order = [getattr(sec.table, c) for c in sec.order]
            cols, rename = columns(sec.table), dict(sec.rename)
            out[sec.key] = [_dump_row(r, cols, rename) for r in _rows(s, sec.table, ws.id, *order)]
        return out


def import_workspace(
    db: Database, data: dict[str, Any], *, workspace_id: str | None = None, trusted: bool = False
) -> Imported:
    """Recreate an exported workspace (under ``workspace_id`` if given) in one transaction.

    The file is validated completely first (`check_export`); nothing is written when
    anything is wrong. Join-token hashes and the admin code's hash are kept only when the
    file is ``trusted`` (your own export, moved between machines, so links keep working);
    otherwise every link and the admin code are issued anew and returned, to be shown once.
    An id that already exists is a `Conflict`.
    """
    checked = check_export(data)
    data = checked.data
    ws_id = text_arg(workspace_id or data["workspace"]["id"], KEY_RULE, "workspace id")
    sections = {
        sec.key: [
            _load_row(row, columns(sec.table), dict(sec.rename)) for row in data.get(sec.key, [])
        ]
        for sec in SECTIONS
    }
    workspace = _load_row(data["workspace"], columns(schema.Workspace, keep_id=True), {})
    code: str | None = None
    tokens: dict[str, str] = {}
    if not trusted:
        code = new_token()
        for row in sections["raters"]:
            if row["role"] == Role.FACILITATOR.value:
                row["token_hash"] = hash_token(code)
            elif row["token_hash"] is not None:
                tokens[row["rater_id"]] = token = new_token()
                row["token_hash"] = hash_token(token)
        for row in sections["project_owners"]:
            if row["token_hash"] is not None:
                tokens[row["owner_id"]] = token = new_token()
                row["token_hash"] = hash_token(token)
    with db.write() as s:
        if s.get(schema.Workspace, ws_id) is not None:
            raise Conflict(f"workspace {ws_id!r} already exists; import under another id")
        current = next(
            v["scenario"]
            for v in data["versions"]
            if v["number"] == data["workspace"]["current_version"]
        )
        s.add(schema.Workspace(**{**workspace, "id": ws_id, "titles": titles(current["name"])}))
        s.flush()
        for sec in SECTIONS:
            for row in sections[sec.key]:
                s.add(sec.table(workspace_id=ws_id, **row))
            s.flush()
    return Imported(ws_id, code, tokens, checked.repairs)
