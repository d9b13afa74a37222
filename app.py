"""CRM Select: the Streamlit router (page config, sidebar, navigation).

A rater's join link (``?token=``) opens only the rater's own scoring page (and, read-only, the
After go-live results): no menu, no decision picker, no other page. A project owner's link
opens only the After go-live page. Page scripts live in ``views/``, not ``pages/``: Streamlit
still auto-registers a ``pages/`` folder before ``st.navigation`` has run once, so a deep
link after a restart would open a page without this router (no sidebar, raw file names).
"""

from __future__ import annotations

import streamlit as st

from crm_select.models.paths import FAVICON
from crm_select.ui.i18n import language_switch, t
from crm_select.ui.sidebar import decision_sidebar
from crm_select.ui.state import owner_link
from crm_select.ui.state import rater_link as join_link

st.set_page_config(page_title="CRM Select", page_icon=str(FAVICON), layout="wide")

rate = st.Page(
    "views/committee_rate.py", title=t("committee.nav.rate"), icon=":material/how_to_vote:"
)

rater_link = join_link() is not None
after = st.Page("views/after_go_live.py", title=t("nav.after"), icon=":material/monitoring:")
with st.sidebar:
    language_switch()
    if not rater_link:
        decision_sidebar()

workflow = [
    st.Page("views/home.py", title=t("nav.home"), icon=":material/home:", default=True),
    st.Page("views/decision.py", title=t("nav.decision"), icon=":material/description:"),
    st.Page("views/criteria.py", title=t("nav.criteria"), icon=":material/tune:"),
    st.Page("views/options.py", title=t("nav.options"), icon=":material/list_alt:"),
    st.Page("views/scoring.py", title=t("nav.scoring"), icon=":material/grading:"),
    st.Page("views/ranking.py", title=t("nav.ranking"), icon=":material/leaderboard:"),
    st.Page("views/finance.py", title=t("nav.finance"), icon=":material/payments:"),
    st.Page("views/report.py", title=t("nav.report"), icon=":material/slideshow:"),
    after,
]
committee = [
    st.Page("views/committee_board.py", title=t("committee.nav.board"), icon=":material/groups:"),
    rate,
]

if rater_link:
    if owner_link():
        # a project owner's link names /after_go_live; the root serves the same page
        home = st.Page(
            "views/after_go_live.py", title=t("nav.after"), url_path="after", default=True
        )
        st.navigation([home, after], position="hidden").run()
    else:
        # The join link names /committee_rate; the root serves the same form, so neither path
        # meets Streamlit's "Page not found" (the only page would otherwise be served at the
        # root). The rater reaches the After go-live results read-only.
        at_root = st.Page(
            "views/committee_rate.py", title=t("committee.nav.rate"), url_path="rate", default=True
        )
        st.navigation([at_root, rate, after], position="hidden").run()
else:
    st.navigation({t("nav.workflow"): workflow, t("nav.committee"): committee}).run()
