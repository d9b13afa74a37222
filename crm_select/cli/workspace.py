"""`crm-select workspace ...`: create, list, show, export, import and lock live workspaces, and
apply a revealed committee round to the decision.

The CLI runs server-side with database access, so it acts as the workspace operator
(facilitator rights). Databases: ``--db URL``, else ``$DATABASE_URL``, else the SQLite file
under ``$CRM_SELECT_DATA_DIR`` (default ./var).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from crm_select.cli.output import open_scenario, output_file, warn_repaired
from crm_select.services import workspace as api
from crm_select.services.committee import Finish, decision_scores, finish_decision

app = typer.Typer(
    help="Live committee workspaces (SQLite or PostgreSQL).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="database URL (default: $DATABASE_URL or the SQLite data dir)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output")]


def _db(url: str | None) -> api.Database:
    return api.open_database(url)


def _fail(err: Exception) -> typer.Exit:
    print(f"error: {err}", file=sys.stderr)
    return typer.Exit(code=2)


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {k: _jsonable(getattr(obj, k)) for k in obj.__dataclass_fields__}
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


@app.command()
def create(
    scenario: Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")],
    facilitator: Annotated[str, typer.Option(help="facilitator's display name")] = "Facilitator",
    workspace_id: Annotated[str | None, typer.Option("--id", help="workspace id")] = None,
    invite: Annotated[
        bool, typer.Option("--invite", help="issue join tokens for the scenario's raters")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create a workspace from a scenario file; prints its id and the admin code (once)."""
    sc, _ = open_scenario(scenario)
    database = _db(db)
    try:
        created = api.create_workspace(database, sc, facilitator, workspace_id=workspace_id)
        typer.echo(f"workspace: {created.workspace_id}")
        typer.echo(f"admin code: {created.admin_code}  (shown once; only its hash is stored)")
        if invite:
            op = api.Actor.operator(created.workspace_id)
            for r in sc.raters:
                if r.facilitator:
                    continue
                token = api.invite_rater(database, op, r.id, r.name, department=r.department)
                typer.echo(f"join token {r.id}: {token}")
    except api.StoreError as e:
        raise _fail(e) from None
    finally:
        database.dispose()


@app.command("list")
def list_(as_json: JsonOption = False, db: DbOption = None) -> None:
    """All workspaces, newest first."""
    database = _db(db)
    try:
        rows = api.list_workspaces(database)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(_jsonable(rows), indent=2, ensure_ascii=False))
        return
    for w in rows:
        state = "locked" if w.locked else (w.round_status.value if w.round_status else "setup")
        typer.echo(
            f"{w.id:14} v{w.current_version:<3} round {w.current_round:<2} {state:9} "
            f"{w.raters:>2} people  {w.name}"
        )


@app.command()
def show(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """State, versions, rounds, people and submission status of one workspace."""
    database = _db(db)
    op = api.Actor.operator(workspace_id)
    try:
        info = api.get_workspace(database, op)
        data: dict[str, Any] = {
            "workspace": info,
            "versions": api.versions(database, op),
            "rounds": api.rounds(database, op),
            "raters": api.raters(database, op),
            "submissions": api.submission_status(database, op) if info.current_round else [],
            "weighting_sets": api.weighting_sets(database, op),
            "scores": decision_scores(database, op),
        }
    except api.StoreError as e:
        raise _fail(e) from None
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(_jsonable(data), indent=2, ensure_ascii=False))
        return
    flags = [
        f for f, on in (("locked", info.locked), ("weights locked", info.weights_locked)) if on
    ]
    typer.echo(f"{info.name}  [{info.id}]  {', '.join(flags) or 'open'}")
    typer.echo(f"created {info.created_at:%Y-%m-%d %H:%M} UTC by {info.created_by}")
    typer.echo("versions:")
    for v in data["versions"]:
        typer.echo(f"  v{v.number:<3} {v.created_at:%Y-%m-%d %H:%M}  {v.author:12} {v.message}")
    typer.echo("rounds:")
    for r in data["rounds"]:
        typer.echo(f"  {r.number:<3} {r.status.value}")
    typer.echo("people:")
    for p in data["raters"]:
        typer.echo(f"  {p.id:16} {p.role.value:11} {p.department:12} {p.name}")
    if data["submissions"]:
        typer.echo(f"round {info.current_round} progress:")
        for s in data["submissions"]:
            done = "submitted" if s.submitted else ""
            typer.echo(f"  {s.rater_id:16} {s.filled}/{s.total} {done}")
    scores = data["scores"]
    src = "the scenario file" if scores.source is None else f"round {scores.source.round}"
    typer.echo(f"scores: {src} ({', '.join(scores.raters) or 'nobody'})")
    if scores.pending is not None:
        typer.echo(f"round {scores.pending} is revealed but not applied (workspace apply-round)")


@app.command()
def export(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="file (default: stdout)")] = None,
    force: Annotated[bool, typer.Option("--force", help="overwrite an existing file")] = False,
    db: DbOption = None,
) -> None:
    """Write the whole workspace as JSON (contains token hashes: keep it private)."""
    if out is not None:
        output_file(out, force)
    database = _db(db)
    try:
        data = api.export_workspace(database, api.Actor.operator(workspace_id))
    except api.StoreError as e:
        raise _fail(e) from None
    finally:
        database.dispose()
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", "utf-8")
        typer.echo(f"wrote {out}", err=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="a file written by `workspace export`")],
    workspace_id: Annotated[
        str | None, typer.Option("--id", help="import under this id instead")
    ] = None,
    trusted: Annotated[
        bool,
        typer.Option(
            "--trusted",
            help="your own export (e.g. moving a workspace to a server): keep its join links "
            "and admin code; otherwise new ones are issued and printed once",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Recreate a workspace from an export, validated completely before anything is written."""
    data = api.read_export_file(file)
    database = _db(db)
    try:
        imported = api.import_workspace(database, data, workspace_id=workspace_id, trusted=trusted)
    finally:
        database.dispose()
    warn_repaired(imported.repairs)
    typer.echo(f"imported workspace: {imported.workspace_id}")
    if imported.admin_code is not None:
        typer.echo(f"admin code: {imported.admin_code}  (shown once; only its hash is stored)")
    for rater_id, token in sorted(imported.tokens.items()):
        typer.echo(f"join token {rater_id}: {token}")


@app.command("apply-round")
def apply_round(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    number: Annotated[
        int | None, typer.Option("--round", help="a revealed round (default: the current one)")
    ] = None,
    version: Annotated[
        int | None,
        typer.Option("--from-version", help="instead: bring back the scores of this version"),
    ] = None,
    db: DbOption = None,
) -> None:
    """Make a revealed round's scores the decision's (a new version that records the round,
    its raters and when), or bring back an earlier version's scores (the undo)."""
    database = _db(db)
    op = api.Actor.operator(workspace_id)
    try:
        if version is not None:
            v = api.restore_scores(database, op, version)
        else:
            v = api.apply_round(database, op, number)
    except api.StoreError as e:
        raise _fail(e) from None
    finally:
        database.dispose()
    typer.echo(f"workspace {workspace_id}: version {v.number} ({v.message})")


@app.command()
def lock(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    reason: Annotated[str, typer.Option(help="why; goes to the audit log")] = "decision final",
    unlock: Annotated[bool, typer.Option("--unlock", help="reopen instead")] = False,
    pending: Annotated[
        Finish,
        typer.Option(
            help="a revealed round whose scores are not the decision's yet: apply it first, "
            "or keep the scores the decision has"
        ),
    ] = Finish.APPLY,
    db: DbOption = None,
) -> None:
    """Make a finished decision read-only (or reopen it with --unlock)."""
    database = _db(db)
    op = api.Actor.operator(workspace_id)
    try:
        if unlock:
            api.unlock_workspace(database, op, reason)
        else:
            finish_decision(database, op, pending, reason)
    except api.StoreError as e:
        raise _fail(e) from None
    finally:
        database.dispose()
    typer.echo(f"workspace {workspace_id} {'unlocked' if unlock else 'locked'}")
