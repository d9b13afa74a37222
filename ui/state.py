"""The current decision: a workspace in the database, named in the URL so a refresh keeps it.

Local mode (``make run``): the app process holds the database and acts as an operator of
the workspace it shows. Live committee pages authenticate facilitators and raters instead.
"""

from __future__ import annotations

import streamlit as st

from models.scenario import Scenario
from store.api import (
    Actor,
    Database,
    create_workspace,
    list_workspaces,
    load_scenario,
    open_database,
    save_version,
)
from ui.cache import example_scenario


@st.cache_resource
def database() -> Database:
    """One engine per process (SQLite file under the data dir, or $DATABASE_URL), migrated."""
    return open_database()


def workspace_id() -> str:
    """The decision named by ``?ws=`` in the URL, else the newest one; the example on first run."""
    db = database()
    known = [w.id for w in list_workspaces(db)]
    wanted = st.query_params.get("ws")
    if wanted in known:
        return wanted
    ws = known[0] if known else create_workspace(db, example_scenario(), "Facilitator").workspace_id
    st.query_params["ws"] = ws
    return ws


def actor() -> Actor:
    return Actor.operator(workspace_id(), "app")


def current_scenario() -> Scenario:
    return load_scenario(database(), actor())


def save_scenario(scenario: Scenario, message: str) -> None:
    """Store the edited scenario as a new version of the current decision."""
    save_version(database(), actor(), scenario, message)


def open_new(scenario: Scenario) -> str:
    """Create a decision from a scenario and make it the current one."""
    created = create_workspace(database(), scenario, "Facilitator")
    st.query_params["ws"] = created.workspace_id
    return created.workspace_id
