"""A workspace is named in every language its scenario is titled in: kept on every save,
recomputed on import, and filled in by the migration for databases made before it."""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from alembic import command

from crm_select.models.scenario import Scenario
from crm_select.store.access import Actor
from crm_select.store.api import (
    Database,
    create_workspace,
    export_workspace,
    get_workspace,
    import_workspace,
    list_workspaces,
    load_scenario,
    save_version,
)
from crm_select.store.engine import alembic_config, make_engine, upgrade
from tests.store.conftest import scenario_data

TITLES = {"en": "New CRM for sales", "ru": "Новая CRM для продаж"}


def named(name: object) -> Scenario:
    return Scenario.model_validate({**scenario_data(), "name": name})


def test_titles_follow_the_scenario_and_survive_export(db: Database) -> None:
    fac = Actor.operator(create_workspace(db, named(TITLES), "Anna").workspace_id)
    info = get_workspace(db, fac)
    assert (info.title("en"), info.title("ru")) == (TITLES["en"], TITLES["ru"])
    renamed = load_scenario(db, fac).model_copy(update={"name": {"en": "CRM 2", "ru": "CRM №2"}})
    save_version(db, fac, renamed, "renamed")
    assert get_workspace(db, fac).title("ru") == "CRM №2"
    exported = export_workspace(db, fac)
    assert "titles" not in exported["workspace"]  # derived, not part of the file
    again = import_workspace(
        db, json.loads(json.dumps(exported)), workspace_id=f"copy-{uuid.uuid4().hex[:8]}"
    )
    copy = next(w for w in list_workspaces(db) if w.id == again.workspace_id)
    assert (copy.title("en"), copy.title("ru")) == ("CRM 2", "CRM №2")


def test_one_language_name_serves_both(db: Database) -> None:
    made = create_workspace(db, named("Только по-русски"), "Anna")
    info = get_workspace(db, Actor.operator(made.workspace_id))
    assert info.title("en") == info.title("ru") == "Только по-русски"


def test_migration_fills_titles_of_existing_workspaces(sqlite_url: str) -> None:
    """A database at revision 0003 (before titles) gets every workspace's titles from its
    current scenario version, not from an older one."""
    engine = make_engine(sqlite_url)
    upgrade(engine, "0003")
    old = {"name": {"en": "Old", "ru": "Старое"}}
    new = {"name": {"en": "Current", "ru": "Текущее"}}
    with engine.begin() as c:
        c.execute(
            sa.text(
                "INSERT INTO workspace (id, name, created_at, created_by, locked, weights_locked,"
                " current_version, current_round, row_version) VALUES"
                " ('w1', 'Current', '2026-01-01', 'f', 0, 0, 2, 0, 1)"
            )
        )
        for number, body in ((1, old), (2, new)):
            c.execute(
                sa.text(
                    "INSERT INTO scenario_version (workspace_id, number, scenario_json, author,"
                    " message, created_at) VALUES ('w1', :n, :j, 'f', 'm', '2026-01-01')"
                ),
                {"n": number, "j": json.dumps(body)},
            )
    upgrade(engine)
    with engine.connect() as c:
        stored = c.execute(sa.text("SELECT titles FROM workspace WHERE id = 'w1'")).scalar_one()
    assert json.loads(stored) == {"en": "Current", "ru": "Текущее"}
    command.downgrade(alembic_config(engine), "0003")
    with engine.connect() as c:
        assert "titles" not in {col["name"] for col in sa.inspect(c).get_columns("workspace")}
    engine.dispose()
