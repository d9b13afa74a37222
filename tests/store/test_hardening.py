"""The store under hostile or broken conditions: texts with control characters, decisions
stored under older rules, databases that cannot be reached, are locked or are not databases."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.store import schema
from crm_select.store.api import (
    Actor,
    Database,
    DatabaseUnavailable,
    InvalidInput,
    add_comment,
    create_workspace,
    invite_rater,
    load_scenario,
    open_database,
    save_version,
    set_weighting_set,
    start_scoring,
    stored_repairs,
    submit_score,
)
from crm_select.store.records import Role
from tests.store.conftest import Committee, make_scenario, scenario_data

runner = CliRunner()


@pytest.mark.parametrize("bad", ["Ann\x07", "Ann\x1b[31m", "Ann\ufffe", "Ann\x00"])
def test_rater_names_with_control_characters_are_refused(db: Database, bad: str) -> None:
    com = Committee(db, ["ivan"])
    with pytest.raises(InvalidInput, match="rater name holds"):
        invite_rater(db, com.facilitator, "ann", bad)
    with pytest.raises(InvalidInput, match="department holds"):
        invite_rater(db, com.facilitator, "ann", "Ann", department=bad)
    with pytest.raises(InvalidInput, match="department holds"):
        set_weighting_set(db, com.facilitator, bad, {"functionality": 1})
    with pytest.raises(InvalidInput, match="facilitator name holds"):
        create_workspace(db, com.scenario, bad)


def test_look_alike_characters_leave_a_rater_name(db: Database) -> None:
    com = Committee(db, ["ivan"])
    invite_rater(db, com.facilitator, "ann", "\u202eAnn\u200b")
    from crm_select.store.api import raters

    assert {r.id: r.name for r in raters(db, com.facilitator)}["ann"] == "Ann"


def test_evidence_notes_and_comments_refuse_control_characters(db: Database) -> None:
    com = Committee(db, ["ivan"], criteria=2)
    start_scoring(db, com.facilitator)
    ivan = com.actors["ivan"]
    with pytest.raises(InvalidInput, match="evidence note holds"):
        submit_score(db, ivan, "opt0", "c0", 3, expected_version=0, note="see\x1b[2J")
    with pytest.raises(InvalidInput, match="comment holds"):
        add_comment(db, ivan, "opt0", "c0", "look\x07")
    # line breaks are fine in free text
    submit_score(db, ivan, "opt0", "c0", 3, expected_version=0, note="line 1\nline 2")


def _store_raw(db: Database, workspace_id: str, data: dict[str, object]) -> None:
    """Write a scenario version as an older build could have (no validation)."""
    with db.write() as s:
        s.execute(
            update(schema.ScenarioVersion)
            .where(schema.ScenarioVersion.workspace_id == workspace_id)
            .values(scenario_json=json.dumps(data))
        )


def test_a_decision_stored_under_older_rules_opens_cleaned_with_its_numbers(
    db: Database,
) -> None:
    scenario = make_scenario(raters=["ivan"])
    created = create_workspace(db, scenario, "Fiona")
    op = Actor.operator(created.workspace_id)
    data = scenario.model_dump(mode="json")
    data["name"] = "Old\x07decision"
    data["raters"][0]["name"] = "Iv\x00an"
    data["criteria"]["groups"][0]["criteria"][0]["name"] = "Fit\ufffe"
    _store_raw(db, created.workspace_id, data)

    opened = load_scenario(db, op)
    assert opened.name == "Old decision"
    assert opened.raters[0].name == "Iv an"
    assert opened.criteria.groups[0].criteria[0].name == "Fit"
    # every number is the stored one
    assert opened.model_dump(exclude={"name", "raters", "criteria"}) == scenario.model_dump(
        exclude={"name", "raters", "criteria"}
    )
    assert opened.criteria.model_dump(exclude={"groups"}) == scenario.criteria.model_dump(
        exclude={"groups"}
    )
    repairs = stored_repairs(db, op)
    assert sorted(str(r.path) for r in repairs) == sorted(
        [
            "('name',)",
            "('raters', 0, 'name')",
            "('criteria', 'groups', 0, 'criteria', 0, 'name')",
        ]
    )
    # saving keeps the cleaned texts: nothing left to repair
    save_version(db, op, opened, "cleaned")
    assert stored_repairs(db, op) == []


def test_bad_and_unreachable_database_urls(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="not a database URL"):
        open_database("nonsense://x")
    with pytest.raises(DatabaseUnavailable, match="cannot be used"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    not_a_db = tmp_path / "file.sqlite"
    not_a_db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseUnavailable, match="cannot be used"):
        open_database(f"sqlite:///{not_a_db}")
    for url in ("nonsense://x", "postgresql+psycopg://nobody@127.0.0.1:1/none"):
        result = runner.invoke(app, ["workspace", "list", "--db", url])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert result.output.startswith("error: ")


def test_a_locked_database_gives_up_after_the_timeout_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_SELECT_DB_TIMEOUT", "0.3")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    db = open_database(url)
    created = create_workspace(db, make_scenario(), "Fiona")
    op = Actor(created.workspace_id, "facilitator", Role.FACILITATOR, "Fiona")
    holder = sqlite3.connect(tmp_path / "db.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing and does not finish
    try:
        with pytest.raises(DatabaseUnavailable, match="locked by another process"):
            save_version(db, op, make_scenario(), "blocked")
        assert load_scenario(db, op).name == "Committee test"  # readers are not blocked
        result = runner.invoke(
            app, ["workspace", "lock", created.workspace_id, "--db", url, "--reason", "x"]
        )
        assert result.exit_code == 2, result.output
        assert "locked by another process" in result.output
        assert "Traceback" not in result.output
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.dispose()


def test_workspace_import_of_a_json_list_or_deep_json(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    cases = {
        "list.json": ("[1, 2, 3]", "holds a JSON list"),
        "deep.json": ("[" * 100_000 + "]" * 100_000, "nested far too deeply"),
        "bad.json": ('{"a": ', "not valid JSON"),
        "folder": (None, "is a folder"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        if text is None:
            path.mkdir()
        else:
            path.write_text(text, "utf-8")
        result = runner.invoke(app, ["workspace", "import", str(path), "--db", db_url])
        assert result.exit_code == 2, (name, result.output)
        assert expected in result.output, name
        assert "Traceback" not in result.output


def test_scenario_data_fixture_still_valid() -> None:
    # the fixture the other store tests use passes the stricter text rules
    assert make_scenario(raters=["ivan"]).raters[0].name == "Ivan"
    assert scenario_data()["name"] == "Committee test"


def test_a_read_only_database_file_still_serves_every_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    file = folder / "db.sqlite"
    url = f"sqlite:///{file}"
    db = open_database(url)
    create_workspace(db, make_scenario(), "Fiona", workspace_id="ro-ws")
    db.dispose()
    file.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes any file whatever its mode: see it as others would
        from crm_select.store import engine

        monkeypatch.setattr(engine, "read_only_file", lambda f: f.exists())
    try:
        listed = runner.invoke(app, ["workspace", "list", "--db", url])
        assert listed.exit_code == 0, listed.output
        assert "ro-ws" in listed.output
        shown = runner.invoke(app, ["workspace", "show", "ro-ws", "--db", url])
        assert shown.exit_code == 0, shown.output
        ro = open_database(url)
        assert load_scenario(ro, Actor.operator("ro-ws")).name == "Committee test"
        ro.dispose()
        locked = runner.invoke(app, ["workspace", "lock", "ro-ws", "--db", url, "--reason", "x"])
        assert locked.exit_code == 2, locked.output
        assert "read-only" in locked.output
        assert "Traceback" not in locked.output
    finally:
        folder.chmod(0o755)
