"""The current decision: a workspace in the database, named in the URL so a refresh keeps it.

Local mode (``make run``): the app process holds the database and acts as an operator of
the workspace it shows. Hosted mode (``CRM_SELECT_HOSTED=1``, a shared deployment): the
admin link (``?ws=…&code=…``) or the admin code typed in identifies the facilitator (or,
with an identity provider configured, ``st.login`` and the invited e-mail), only that
workspace is shown, and raters reach nothing but their own form.
"""

from __future__ import annotations

import os

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from crm_select.models.scenario import Scenario
from crm_select.store.api import (
    AccessDenied,
    Actor,
    Database,
    authenticate,
    authenticate_oidc,
    create_workspace,
    list_workspaces,
    load_scenario,
    open_database,
    save_version,
)
from crm_select.ui.cache import example_scenario
from crm_select.ui.i18n import t


@st.cache_resource
def database() -> Database:
    """One engine per process (SQLite file under the data dir, or $DATABASE_URL), migrated."""
    return open_database()


def hosted() -> bool:
    """A shared deployment: people must prove who they are; nothing is listed or created freely."""
    return os.environ.get("CRM_SELECT_HOSTED", "").lower() in ("1", "true", "yes")


def workspace_id() -> str:
    """The decision named by ``?ws=`` in the URL, else the newest one; the example on first run."""
    db = database()
    known = [w.id for w in list_workspaces(db)]
    wanted = st.query_params.get("ws")
    if wanted in known:
        return wanted
    if hosted():
        st.error(t("auth.need_link"))
        st.stop()
    ws = known[0] if known else create_workspace(db, example_scenario(), "Facilitator").workspace_id
    st.query_params["ws"] = ws
    return ws


def oidc_enabled() -> bool:
    """True when an identity provider is configured (``[auth]`` in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:
        return False


def oidc_actor(ws: str) -> Actor:
    """The participant invited with the signed-in user's e-mail; a login button until then."""
    if not st.user.is_logged_in:
        st.button(t("auth.login"), on_click=st.login, key="oidc_login")
        st.stop()
    try:
        return authenticate_oidc(database(), ws, str(st.user.email))
    except AccessDenied:
        st.error(t("auth.not_invited", email=str(st.user.email)))
        st.button(t("auth.logout"), on_click=st.logout, key="oidc_logout")
        st.stop()


def actor() -> Actor:
    """Local mode: the operator. Hosted mode: the facilitator signed in through the identity
    provider when one is configured, else the one whose admin code was given."""
    ws = workspace_id()
    if not hosted():
        return Actor.operator(ws, "app")
    if oidc_enabled():
        who = oidc_actor(ws)
        if who.is_facilitator:
            return who
        st.error(t("auth.not_facilitator"))
        st.stop()
    code = st.query_params.get("code") or st.session_state.get("admin_code", "")
    if code:
        try:
            signed_in: Actor | None = authenticate(database(), ws, code)
        except AccessDenied:
            signed_in = None
        if signed_in is not None and signed_in.is_facilitator:
            st.session_state["admin_code"] = code
            return signed_in
        st.error(t("auth.bad_code"))
    with st.form("sign_in"):
        entered = st.text_input(t("auth.code"), type="password")
        if st.form_submit_button(t("auth.sign_in")):
            st.session_state["admin_code"] = entered
            st.rerun()
    st.stop()


def current_scenario() -> Scenario:
    return load_scenario(database(), actor())


def save_scenario(scenario: Scenario, message: str) -> None:
    """Store the edited scenario as a new version of the current decision."""
    save_version(database(), actor(), scenario, message)


def open_new(scenario: Scenario) -> str:
    """Create a decision from a scenario and make it the current one."""
    created = create_workspace(database(), scenario, "Facilitator")
    st.query_params["ws"] = created.workspace_id
    if hosted():
        st.query_params["code"] = created.admin_code
        st.session_state["admin_code"] = created.admin_code
    return created.workspace_id
