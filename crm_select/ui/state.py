"""The open decision: a workspace in the database, kept in the session and in the URL.

Streamlit drops the query string when the user clicks another page in the sidebar, so the
decision (``ws``) and, in hosted mode, the proven admin code (``code``) live in
``st.session_state`` and are written back to ``st.query_params`` on every page: a page
switch, a refresh and a deep link all keep them. A decision that the URL or the session
names is never replaced silently by another one.

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
from crm_select.store.records import Role
from crm_select.ui.cache import example_scenario
from crm_select.ui.i18n import t


@st.cache_resource
def database() -> Database:
    """One engine per process (SQLite file under the data dir, or $DATABASE_URL), migrated."""
    return open_database()


def hosted() -> bool:
    """A shared deployment: people must prove who they are; nothing is listed or created freely."""
    return os.environ.get("CRM_SELECT_HOSTED", "").lower() in ("1", "true", "yes")


OPEN = "open_decision"  # session key: the id of the decision this browser tab has open
ADMIN_CODE = "admin_code"  # session key: the admin code that proved the facilitator (hosted)
RATER_LINK = "rater_link"  # session key: (ws, token) of the join link this tab was opened with


def requested_workspace() -> str | None:
    """The decision the URL names (``?ws=``), else the one this session has open; no checks."""
    return st.query_params.get("ws") or st.session_state.get(OPEN) or None


def _keep(ws: str) -> None:
    """Remember the open decision in the session and write it back to the URL."""
    st.session_state[OPEN] = ws
    if st.query_params.get("ws") != ws:
        st.query_params["ws"] = ws


def rater_link() -> tuple[str, str] | None:
    """The join link's ``(ws, token)`` (URL, then session), written back to the URL; None if
    this tab was not opened with one."""
    token = st.query_params.get("token")
    if token:
        st.session_state[RATER_LINK] = (st.query_params.get("ws") or "", token)
    link: tuple[str, str] | None = st.session_state.get(RATER_LINK)
    if link is not None:
        ws, token = link
        if st.query_params.get("ws") != ws or st.query_params.get("token") != token:
            st.query_params.update({"ws": ws, "token": token})
    return link


def link_actor() -> Actor | None:
    """Who this tab's join link names (a rater or a project owner); None without a link or
    when the link names nobody (revoked, or another decision's)."""
    link = rater_link()
    if link is None:
        return None
    try:
        return authenticate(database(), *link)
    except AccessDenied:
        return None


def owner_link() -> bool:
    """This tab was opened with a project owner's join link."""
    who = link_actor()
    return who is not None and who.role is Role.OWNER


def workspace_id() -> str:
    """The open decision (URL, then session); local mode's first visit: the newest one (the
    example on a first run). A decision named but not stored stops the page with a message.

    Hosted mode checks nothing here: known and unknown ids look the same until
    :func:`actor` has proven access.
    """
    wanted = requested_workspace()
    if hosted():
        if not wanted:
            st.error(t("auth.need_link"))
            st.stop()
        _keep(wanted)
        return wanted
    db = database()
    known = [w.id for w in list_workspaces(db)]
    if wanted is None:
        wanted = (
            known[0]
            if known
            else create_workspace(db, example_scenario(), "Facilitator").workspace_id
        )
    elif wanted not in known:
        st.error(t("sidebar.unknown", ws=wanted))
        st.stop()
    _keep(wanted)
    return wanted


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


def proven_actor() -> Actor | None:
    """Who this session has proven to be, without drawing anything; None until proven.

    Local mode: the operator. Hosted mode: the facilitator signed in through the identity
    provider when one is configured, else the one whose admin code was given (the admin
    link's ``code``, or typed in), which is kept like the decision itself.
    """
    ws = requested_workspace()
    if not hosted():
        return Actor.operator(workspace_id(), "app")
    if not ws:
        return None
    if oidc_enabled():
        if not st.user.is_logged_in:
            return None
        try:
            who = authenticate_oidc(database(), ws, str(st.user.email))
        except AccessDenied:
            return None
        return who if who.is_facilitator else None
    code = st.query_params.get("code") or st.session_state.get(ADMIN_CODE, "")
    if not code:
        return None
    try:
        signed_in = authenticate(database(), ws, code)
    except AccessDenied:
        return None
    if not signed_in.is_facilitator:
        return None
    st.session_state[ADMIN_CODE] = code
    if st.query_params.get("code") != code:
        st.query_params["code"] = code
    return signed_in


def actor() -> Actor:
    """The join link's rater or project owner (a tab opened with one acts as them, never as
    the operator); else the proven actor of :func:`proven_actor`; else a sign-in (or the
    reason) and stop."""
    if rater_link() is not None:
        who = link_actor()
        if who is None:
            st.error(t("committee.rate.refused"))
            st.stop()
        return who
    ws = workspace_id()
    who = proven_actor()
    if who is not None:
        return who
    if oidc_enabled():
        oidc_actor(ws)  # draws the login button or the refusal and stops
        st.error(t("auth.not_facilitator"))
        st.stop()
    if st.query_params.get("code") or st.session_state.get(ADMIN_CODE):
        st.error(t("auth.bad_code"))
    with st.form("sign_in"):
        entered = st.text_input(t("auth.code"), type="password")
        if st.form_submit_button(t("auth.sign_in")):
            st.session_state[ADMIN_CODE] = entered
            st.query_params.pop("code", None)
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
    _keep(created.workspace_id)
    if hosted():
        st.query_params["code"] = created.admin_code
        st.session_state[ADMIN_CODE] = created.admin_code
    return created.workspace_id


def open_existing(ws: str) -> None:
    """Make a stored decision the open one (the sidebar's picker)."""
    _keep(ws)
