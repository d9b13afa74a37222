"""`workspace import` trusts nothing in the file: every tampering found before anything is
written; links and the admin code kept only for a trusted file, otherwise issued anew."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.store.api import (
    AccessDenied,
    Actor,
    Database,
    InvalidInput,
    authenticate,
    export_workspace,
    import_workspace,
    list_workspaces,
    open_database,
    rotate_admin_code,
)
from tests.store.conftest import Committee
from tests.store.test_workspaces import run_session


@pytest.fixture
def exported(committee: Committee) -> dict[str, Any]:
    run_session(committee)
    return export_workspace(committee.db, committee.facilitator)


def _tampered(data: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    change(out)
    out["workspace"]["id"] = "tampered"
    return out


def _second_facilitator(d: dict[str, Any]) -> None:
    row = dict(next(r for r in d["raters"] if r["rater_id"] == "anna"))
    row.update(rater_id="mallory", name="Mallory", role="facilitator")
    d["raters"].append(row)


def _score(d: dict[str, Any], **values: Any) -> None:
    d["scores"][0].update(values)


TAMPERING: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "a second facilitator": (_second_facilitator, "exactly one facilitator"),
    "current_round 99": (
        lambda d: d["workspace"].update(current_round=99),
        "workspace.current_round: 99",
    ),
    "current version missing": (
        lambda d: d.update(versions=[v for v in d["versions"] if v["number"] != 1]),
        "current_version: version 1 is not in the file",
    ),
    "a score out of scale": (lambda d: _score(d, value=7.5), "outside the scale 0..5"),
    "a NaN score": (lambda d: _score(d, value=float("nan")), "finite number"),
    "a score of an unknown rater": (
        lambda d: _score(d, rater_id="ghost"),
        "'ghost' is not a rater in the file",
    ),
    "a score in a round not in the file": (lambda d: _score(d, round=7), "round 7 is not"),
    "a score on an unknown option": (
        lambda d: _score(d, option="nope"),
        "'nope' is not an option of any version",
    ),
    "a comment on a cell that does not exist": (
        lambda d: d["comments"][0].update(criterion="tco"),
        "'tco' is not a rated criterion",
    ),
    "a rater name over 200 characters": (
        lambda d: d["raters"][1].update(name="x" * 201),
        "at most 200",
    ),
    "an option id over 64 characters": (
        lambda d: _score(d, option="o" * 65),
        "at most 64",
    ),
    "a NUL in a name": (lambda d: d["raters"][1].update(name="A\x00nna"), "U+0000"),
    "an unknown column": (lambda d: d["raters"][1].update(is_admin=True), "Extra inputs"),
    "a missing section": (lambda d: d.pop("comments"), "comments: Field required"),
    "an invalid scenario version": (
        lambda d: d["versions"][0]["scenario"]["company"].update(crm_users=-1),
        "crm_users",
    ),
    "a gap in the rounds": (lambda d: d["rounds"][0].update(number=5), "without gaps"),
    "an open round before the last": (
        lambda d: d["rounds"][0].update(status="open"),
        "only the last round may be open",
    ),
    "a negative weight": (
        lambda d: d["weighting_sets"][0]["weights"].update(c0=-1),
        "finite number >= 0",
    ),
}


@pytest.mark.parametrize(("change", "expected"), TAMPERING.values(), ids=TAMPERING.keys())
def test_tampered_exports_are_refused_and_nothing_is_written(
    db: Database, exported: dict[str, Any], change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    before = [w.id for w in list_workspaces(db)]
    with pytest.raises(InvalidInput, match="the export is invalid") as info:
        import_workspace(db, _tampered(exported, change))
    assert expected in str(info.value)
    assert [w.id for w in list_workspaces(db)] == before


def test_an_untrusted_import_issues_new_links_and_admin_code(
    committee: Committee, exported: dict[str, Any]
) -> None:
    db = committee.db
    # an attacker swaps boris's token hash for anna's: anna's link would log in as boris
    data = copy.deepcopy(exported)
    hashes = {r["rater_id"]: r["token_hash"] for r in data["raters"]}
    for r in data["raters"]:
        if r["rater_id"] == "boris":
            r["token_hash"] = hashes["anna"]
    imported = import_workspace(db, data, workspace_id="copy")
    assert imported.admin_code is not None
    assert set(imported.tokens) == {"anna", "boris", "chen"}
    with pytest.raises(AccessDenied):
        authenticate(db, "copy", committee.tokens["anna"])
    with pytest.raises(AccessDenied):
        authenticate(db, "copy", committee.admin_code)
    assert authenticate(db, "copy", imported.tokens["boris"]).rater_id == "boris"
    assert authenticate(db, "copy", imported.admin_code).is_facilitator
    # exactly one facilitator row: rotating the code works
    rotate_admin_code(db, Actor.operator("copy"))


def test_a_trusted_import_keeps_links_and_is_identical(
    committee: Committee, exported: dict[str, Any]
) -> None:
    db = committee.db
    imported = import_workspace(db, exported, workspace_id="moved", trusted=True)
    assert imported.admin_code is None
    assert imported.tokens == {}
    assert authenticate(db, "moved", committee.tokens["anna"]).rater_id == "anna"
    again = export_workspace(db, Actor.operator("moved"))
    again["workspace"]["id"] = exported["workspace"]["id"]
    assert again == exported


def test_a_stored_version_with_refused_names_is_imported_cleaned(
    committee: Committee, exported: dict[str, Any]
) -> None:
    data = copy.deepcopy(exported)
    data["versions"][0]["scenario"]["name"] = "Old\x07name"
    imported = import_workspace(committee.db, data, workspace_id="old", trusted=True)
    assert [str(p.path) for p in imported.repairs] == ["('name',)"]


def test_the_cli_prints_new_links_once_and_keeps_them_with_trusted(
    tmp_path: Path, committee: Committee
) -> None:
    run_session(committee)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_workspace(committee.db, committee.facilitator)), "utf-8")
    url = f"sqlite:///{tmp_path / 'target.sqlite'}"
    runner = CliRunner()
    plain = runner.invoke(app, ["workspace", "import", str(path), "--db", url, "--id", "a"])
    assert plain.exit_code == 0, plain.output
    assert "admin code:" in plain.output
    assert "join token anna:" in plain.output
    trusted = runner.invoke(
        app, ["workspace", "import", str(path), "--db", url, "--id", "b", "--trusted"]
    )
    assert trusted.exit_code == 0, trusted.output
    assert "admin code:" not in trusted.output
    target = open_database(url)
    try:
        assert authenticate(target, "b", committee.tokens["anna"]).rater_id == "anna"
        with pytest.raises(AccessDenied):
            authenticate(target, "a", committee.tokens["anna"])
    finally:
        target.dispose()


def test_import_files_have_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_select.store import export_file

    monkeypatch.setattr(export_file, "MAX_IMPORT_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "x", "pad": "y" * 200}), "utf-8")
    result = CliRunner().invoke(
        app, ["workspace", "import", str(path), "--db", f"sqlite:///{tmp_path / 'db.sqlite'}"]
    )
    assert result.exit_code == 2
    assert "the limit is" in result.output


@pytest.mark.postgres
def test_a_sqlite_export_imports_into_postgresql(sqlite_url: str, pg_url: str) -> None:
    source = open_database(sqlite_url)
    committee = Committee(source, ["anna", "boris", "chen"])
    run_session(committee)
    exported = export_workspace(source, committee.facilitator)
    source.dispose()
    target = open_database(pg_url)
    try:
        new_id = f"from-sqlite-{uuid.uuid4().hex[:8]}"
        imported = import_workspace(target, exported, workspace_id=new_id, trusted=True)
        again = export_workspace(target, Actor.operator(imported.workspace_id))
        again["workspace"]["id"] = exported["workspace"]["id"]
        assert again == exported
        # what PostgreSQL's columns could not hold is refused before the database sees it
        long_name = copy.deepcopy(exported)
        long_name["raters"][1]["name"] = "x" * 201
        with pytest.raises(InvalidInput, match="at most 200"):
            import_workspace(target, long_name, workspace_id="too-long")
    finally:
        target.dispose()
