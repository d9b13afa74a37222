"""Raters: invite people (a join link each, shown once), re-issue a link, who is on the board."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.services.workspace import StoreError, invite, reissue
from crm_select.ui.board.context import Board
from crm_select.ui.committee import join_link
from crm_select.ui.i18n import t
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain


def show(board: Board) -> None:
    links: list[tuple[str, str]] = st.session_state.setdefault("committee_links", [])
    if links:
        with st.container(border=True):
            st.markdown(f"**{t('committee.raters.links')}**")
            st.caption(t("committee.raters.links_help"))
            for name, link in links:
                st.markdown(plain(name))
                st.code(link, language=None)
            if st.button(t("committee.raters.hide_links"), key="committee_hide_links"):
                st.session_state["committee_links"] = []
                st.rerun()
    if not board.read_only:
        with st.form("committee_invite", clear_on_submit=True):
            st.markdown(f"**{t('committee.raters.invite')}**")
            c1, c2, c3 = st.columns(3)
            name = c1.text_input(t("committee.raters.name"), max_chars=80, key="committee_name")
            dept = c2.text_input(
                t("committee.raters.department"), max_chars=80, key="committee_dept"
            )
            email = c3.text_input(
                t("committee.raters.email"), max_chars=200, key="committee_email",
                help=t("committee.raters.email_help"),
            )  # fmt: skip
            if st.form_submit_button(t("committee.raters.send"), type="primary"):
                if not name.strip():
                    st.error(t("committee.raters.name_needed"))
                else:
                    try:
                        sent = invite(
                            board.db, board.facilitator, name, dept, email.strip() or None
                        )
                    except StoreError as e:
                        st.error(t("committee.refused", reason=str(e)))
                    else:
                        links.append((sent.name, join_link(board.workspace, sent.token)))
                        st.rerun()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("committee.col.rater"): r.name,
                    t("committee.col.department"): r.department,
                    t("committee.col.role"): t(f"committee.role.{r.role.value}"),
                    t("committee.col.link"): t(
                        "committee.raters.has_link"
                        if r.has_token
                        else "committee.raters.no_link"
                        if r.awaited or r.role.value != "rater"
                        else "committee.raters.not_invited"
                    ),
                }
                for r in board.people.values()
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    rater_ids = [r.id for r in board.people.values() if r.role.value == "rater"]
    if rater_ids and not board.read_only:
        c1, c2 = st.columns([3, 1])
        who = select_one(
            t("committee.raters.reissue"),
            rater_ids,
            format_func=lambda i: f"{board.people[i].name} ({board.people[i].department})",
            key="committee_reissue_who",
            where=c1,
        )
        c2.write("")
        if c2.button(t("committee.raters.reissue_button"), key="committee_reissue"):
            again = reissue(board.db, board.facilitator, who)
            links.append((again.name, join_link(board.workspace, again.token)))
            st.rerun()
