"""Overview: the current decision at a glance and the catalog of options."""

from __future__ import annotations

import streamlit as st

from crm_select.models.catalog import DeliveryType
from crm_select.models.i18n_text import text
from crm_select.ui.cache import catalog
from crm_select.ui.catalog_view import catalog_frame
from crm_select.ui.i18n import day, lang, number, t
from crm_select.ui.plain_text import plain
from crm_select.ui.state import current_scenario
from crm_select.ui.tables import pinned

st.title(t("app.title"))
st.caption(t("app.tagline"))

cat = catalog()
decision = current_scenario()

st.subheader(t("home.current"))
st.markdown(f"**{plain(decision.title(lang()))}**")
if decision.description:
    st.caption(plain(text(decision.description, lang())))
cols = st.columns([0.9, 0.9, 0.9, 1.3, 1.1])  # the users and horizon labels are the longest
cols[0].metric(t("home.options_count"), len(decision.options), help=t("home.options_count_help"))
cols[1].metric(t("home.criteria_count"), len(decision.criteria.criteria))
cols[2].metric(t("home.raters_count"), len(decision.raters))
cols[3].metric(t("home.users"), number(decision.company.crm_users), help=t("home.users_help"))
cols[4].metric(t("home.horizon"), decision.company.horizon_years)

st.subheader(t("home.catalog"))
types = st.multiselect(
    t("home.filter_type"),
    list(DeliveryType),
    default=list(DeliveryType),
    format_func=lambda d: t(f"delivery.{d.value}"),
    key="home_types",
)
shown = [o for o in cat.options if o.delivery_type in types]
st.caption(
    t(
        "home.catalog_caption",
        n=len(cat.options),
        vendors=len({o.vendor for o in cat.options}),
        as_of=day(cat.as_of),
    )
)
st.dataframe(
    catalog_frame(shown),
    hide_index=True,
    width="stretch",
    column_config=pinned([t("home.col_name")]),
)
