"""3 · Options: filter the catalog, compare side by side, shortlist, override prices and effort."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.models.catalog import Availability, Component, DeliveryType
from crm_select.services.edits import OptionEdit, override_option
from crm_select.services.edits import shortlist as shortlist_options
from crm_select.services.risks import shortlist_risks
from crm_select.ui.cache import catalog
from crm_select.ui.catalog_view import catalog_frame, headline_price, price_unit
from crm_select.ui.compute import decision, elimination
from crm_select.ui.i18n import lang, t
from crm_select.ui.method_picker import pick_method
from crm_select.ui.number_field import number_field, number_form
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.risks_view import show_risks
from crm_select.ui.state import current_scenario, save_scenario
from crm_select.ui.tables import pinned

st.title(t("options.title"))
scenario = current_scenario()
cat = catalog()

browse, compare, shortlist, risks, overrides = st.tabs(
    [
        t("options.browse"),
        t("options.compare"),
        t("options.shortlist"),
        t("options.risks"),
        t("options.overrides"),
    ]
)

with browse:
    cols = st.columns(3)
    types = cols[0].multiselect(
        t("home.filter_type"), list(DeliveryType), list(DeliveryType),
        format_func=lambda d: t(f"delivery.{d}"), key="opt_types",
    )  # fmt: skip
    russia = cols[1].multiselect(
        t("home.col_russia"), list(Availability), list(Availability),
        format_func=lambda a: t(f"russia.{a}"), key="opt_russia",
    )  # fmt: skip
    min_cov = cols[2].slider(t("options.min_coverage"), 0, 55, 0, key="opt_cov")
    shown = [
        o
        for o in cat.options
        if o.delivery_type in types
        and o.risk.russia in russia
        and sum(o.coverage.values()) >= min_cov
    ]
    st.caption(t("options.shown", n=len(shown), total=len(cat.options)))
    st.dataframe(
        catalog_frame(shown),
        hide_index=True,
        width="stretch",
        column_config=pinned([t("home.col_name")]),
    )

with compare:
    picked = st.multiselect(
        t("options.pick_compare"),
        [o.id for o in cat.options],
        default=[e.catalog_id for e in scenario.options if e.catalog_id][:4],
        format_func=lambda i: cat.get(i).label(lang()),
        key="opt_compare",
    )
    if picked:
        rows: dict[str, list[object]] = {}
        for oid in picked:
            o = cat.get(oid)
            sized_effort, sized_weeks = o.implementation.at_size(scenario.company.crm_users)
            column = [
                o.vendor_label(lang()),
                t(f"delivery.{o.delivery_type.value}"),
                headline_price(o),
                f"{sized_weeks.min:g}–{sized_weeks.mode:g}–{sized_weeks.max:g}",
                f"{sized_effort.min:g}–{sized_effort.mode:g}–{sized_effort.max:g}",
                t(f"russia.{o.risk.russia.value}"),
                o.risk.lock_in,
                o.risk.vendor_viability,
                *(o.coverage[c] for c in Component),
            ]
            rows[o.label(lang())] = [str(v) for v in column]
        index = [
            t("home.col_vendor"), t("home.col_type"), t("home.col_price"), t("options.weeks"),
            t("options.effort"), t("home.col_russia"), t("options.lock_in"), t("options.viability"),
            *(t(f"component.{c.value}") for c in Component),
        ]  # fmt: skip
        st.dataframe(pd.DataFrame(rows, index=index), width="stretch", height=640)

with shortlist:
    st.subheader(t("options.elimination"))
    ids = [e.option_id for e in scenario.options]
    if len(ids) < 3:
        st.info(t("options.elimination_needs_three"))
    else:
        names = {r.id: r.label(lang()) for r in decision(scenario).resolved}
        left, right = st.columns(2)
        gone = select_one(
            t("options.eliminate"),
            ids,
            format_func=lambda i: names[i],
            key="elim_option",
            where=left,
        )
        how = pick_method(scenario.ranking.method, key="elim_method", where=right)
        effect = elimination(scenario, gone, scenario.ranking.model_copy(update={"method": how}))
        order = " > ".join(plain(names[o]) for o in effect.after)
        if effect.rank_reversal:
            pairs = "; ".join(f"{plain(names[a])} / {plain(names[b])}" for a, b in effect.swapped)
            st.warning(t("options.reversal", order=order, pairs=pairs))
        else:
            st.success(t("options.no_reversal", order=order))
        spotis = " > ".join(plain(names[o]) for o in effect.spotis_order)
        st.caption(t("options.spotis", order=spotis))

with shortlist, st.form("shortlist"):
    current = [e.catalog_id for e in scenario.options if e.catalog_id]
    chosen = st.multiselect(
        t("options.shortlisted"),
        [o.id for o in cat.options],
        default=current,
        format_func=lambda i: cat.get(i).label(lang()),
    )
    if st.form_submit_button(t("common.save")):
        try:
            updated = shortlist_options(scenario, chosen)
        except ValueError:
            st.error(t("decision.need_options"))
        else:
            save_scenario(updated, "shortlist")
            st.rerun()

with risks:
    st.caption(t("risks.caption"))
    show_risks(shortlist_risks(decision(scenario), lang()))

with overrides:
    entries = {e.option_id: e for e in scenario.options}
    by_id = {r.id: r for r in decision(scenario).resolved}
    oid = select_one(
        t("common.option"),
        list(entries),
        format_func=lambda i: by_id[i].label(lang()),
        key="ovr_option",
    )
    entry = entries[oid]
    ro = by_id[oid]
    with number_form("overrides") as form:
        cols = st.columns(3)
        price = number_field(
            t("options.price", unit=price_unit(ro.edition.pricing)),
            float(entry.overrides.price or 0.0),
            min_value=0.0,
            help=t("options.price_help", current=headline_price(ro.option, ro.edition.id)),
            key=f"ovr_price_{oid}",
            where=cols[0],
        )
        rate = number_field(
            t("options.day_rate", ccy=ro.partner_day_rate.currency.value),
            float(ro.partner_day_rate.amount),
            min_value=0.0,
            key=f"ovr_rate_{oid}",
            where=cols[1],
        )
        users = number_field(
            t("company.crm_users"),
            entry.users or scenario.company.crm_users,
            min_value=1,
            max_value=1_000_000,
            key=f"ovr_users_{oid}",
            where=cols[2],
        )
        e = ro.effort_days
        d = ro.duration_weeks
        cols = st.columns(3)
        effort, weeks = (
            [
                number_field(
                    t(f"options.{what}_{k}"),
                    float(getattr(r, k)),
                    min_value=0.0,
                    step=0.1,
                    key=f"ovr_{what}_{k}_{oid}",
                    where=cols[i],
                )
                for i, k in enumerate(("min", "mode", "max"))
            ]
            for what, r in (("effort", e), ("weeks", d))
        )
        if form.submitted(t("common.save")):
            edit = OptionEdit(
                users=int(users),
                price=price,
                partner_day_rate=rate,
                effort_days=(effort[0], effort[1], effort[2]),
                duration_weeks=(weeks[0], weeks[1], weeks[2]),
            )
            try:
                updated = override_option(scenario, oid, edit)
            except ValueError as err:
                st.error(str(err))
            else:
                save_scenario(updated, f"overrides of {ro.name}")
                st.success(t("options.overrides_saved"))
