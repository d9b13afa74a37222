"""CRM Select: the Streamlit router (page config, sidebar, navigation)."""

from __future__ import annotations

import streamlit as st

from ui.i18n import language_switch, t

st.set_page_config(page_title="CRM Select", page_icon=":material/balance:", layout="wide")

with st.sidebar:
    language_switch()

pages = [
    st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True),
]
st.navigation(pages).run()
