"""1 · Decision: open an example, start from the catalog, upload a file, edit the company profile."""

from __future__ import annotations

import streamlit as st

from crm_select.models.errors import InputError, Problem
from crm_select.models.i18n_text import text
from crm_select.models.loader import dump_scenario, load_scenario, parse_scenario
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.services.edits import ProfileError, edit_company
from crm_select.services.new_decision import BLANK, NewDecision, NewDecisionError, start_decision
from crm_select.services.workspace import restore_version, stored_repairs, version_history
from crm_select.ui.cache import blank_currencies, catalog, decision_templates
from crm_select.ui.i18n import lang, money, t
from crm_select.ui.number_field import number_field, number_form
from crm_select.ui.pickers import radio_one
from crm_select.ui.plain_text import plain
from crm_select.ui.state import actor, current_scenario, database, open_new, save_scenario

STARTED = "new_decision_started"  # session key: the template the decision just created used

st.title(t("decision.title"))
scenario = current_scenario()
cat = catalog()
st.markdown(f"**{plain(scenario.title(lang()))}**")
started = st.session_state.pop(STARTED, None)
if started is not None:
    st.success(t("new.created_blank") if started == BLANK else t("new.created_example"))
if scenario.description:
    st.caption(plain(text(scenario.description, lang())))

stored_problems = stored_repairs(database(), actor())
if stored_problems:
    st.warning(t("decision.stored_repaired", n=len(stored_problems)))
    st.code("\n".join(str(p) for p in stored_problems), language=None)
    if st.button(t("decision.save_repaired"), key="save_repaired"):
        save_scenario(scenario, "cleaned names and texts refused by the current rules")
        st.success(t("decision.repaired_saved"))
        st.rerun()

open_tab, new_tab, upload_tab, company_tab, versions_tab = st.tabs(
    [
        t("decision.open"),
        t("decision.new"),
        t("decision.upload"),
        t("decision.company"),
        t("decision.versions"),
    ]
)

with open_tab:
    examples = sorted(EXAMPLES_DIR.glob("*.yaml"))
    titles = {tp.key: tp.title(lang()) for tp in decision_templates()}
    chosen = st.selectbox(
        t("decision.example"),
        examples,
        format_func=lambda p: titles.get(p.stem, p.stem),
        key="example_file",
    )
    if st.button(t("decision.open_example"), key="open_example"):
        open_new(load_scenario(chosen, cat))
        st.rerun()

with new_tab:
    starts = {tp.key: tp.title(lang()) for tp in decision_templates()}
    start = radio_one(
        t("new.start_from"),
        list(starts),
        format_func=lambda k: (
            t("new.blank") if k == BLANK else t("new.example", name=plain(starts[k]))
        ),
        key="new_template",
    )
    st.caption(t("new.blank_help") if start == BLANK else t("new.example_help"))
    with number_form("new_decision") as form:
        name = st.text_input(t("decision.name"), value=t("decision.default_name"))
        picked = st.multiselect(
            t("decision.pick_options"),
            [o.id for o in cat.options],
            format_func=lambda i: cat.get(i).label(lang()),
        )
        company_name, users, currency = "", 50, blank_currencies()[0]
        if start == BLANK:
            cols = st.columns(3)
            company_name = cols[0].text_input(t("new.company"))
            users = number_field(
                t("company.crm_users"),
                50,
                min_value=1,
                max_value=1_000_000,
                key="new_users",
                where=cols[1],
            )
            currency = cols[2].selectbox(t("new.currency"), blank_currencies())
        if form.submitted(t("decision.create")):
            request = NewDecision(
                name, tuple(picked), start, company_name, int(users), currency, lang()
            )
            try:
                created = start_decision(request, cat)
            except NewDecisionError as e:
                st.error(t(f"new.error_{e.code}", detail=plain(e.detail)))
            else:
                open_new(created)
                st.session_state[STARTED] = start
                st.rerun()

with upload_tab:
    upload = st.file_uploader(t("decision.upload_help"), type=["yaml", "yml", "json"])
    if upload is not None:
        repairs: list[Problem] = []
        try:
            uploaded = parse_scenario(upload.getvalue(), upload.name, cat, repairs=repairs)
        except InputError as e:
            st.error(t("decision.upload_failed", n=len(e.problems)))
            st.code("\n".join(str(p) for p in e.problems), language=None)
            st.info(t("decision.kept"))
        else:
            st.success(t("decision.upload_ok", name=plain(uploaded.title(lang()))))
            if st.button(t("decision.open_uploaded"), key="open_uploaded"):
                open_new(uploaded)
                st.rerun()
            if repairs:  # a file written under older rules: what opening it cleans
                st.warning(t("decision.upload_repaired", n=len(repairs)))
                st.code("\n".join(str(p) for p in repairs), language=None)
    st.download_button(
        t("decision.download"),
        data=dump_scenario(scenario),
        file_name="scenario.yaml",
        mime="application/x-yaml",
    )

with company_tab, number_form("company") as form:
    c = scenario.company
    ccy = scenario.currency.value
    labels = {
        "crm_users": t("company.crm_users"),
        "sales_reps": t("company.sales_reps"),
        "horizon_years": t("company.horizon_years"),
        "annual_revenue": t("company.annual_revenue", ccy=ccy),
        "admin_costs": t("company.admin_costs", ccy=ccy),
        "cross_sell_revenue": t("company.cross_sell_revenue", ccy=ccy),
        "gross_margin": t("company.gross_margin"),
        "win_rate": t("company.win_rate"),
        "churn": t("company.churn"),
        "discount_rate": t("company.discount_rate"),
        "loaded_labour_cost_per_day": t("company.labour_cost", ccy=ccy),
    }
    cols = st.columns(3)
    fields: dict[str, tuple[float | None, float | None, float | None]] = {
        "crm_users": (1, 1_000_000, None),  # (min, max, step)
        "sales_reps": (0, 1_000_000, None),
        "horizon_years": (1, 10, None),
        "annual_revenue": (0.0, None, 1e6),
        "admin_costs": (0.0, None, 1e5),
        "cross_sell_revenue": (0.0, None, 1e5),
        "gross_margin": (0.0, 1.0, 0.01),
        "win_rate": (0.0, 1.0, 0.01),
        "churn": (0.0, 1.0, 0.01),
        "discount_rate": (-0.99, 1.0, 0.01),
        "loaded_labour_cost_per_day": (0.0, None, 500.0),
    }
    values = {
        name: number_field(
            labels[name],
            getattr(c, name),
            min_value=lo,
            max_value=hi,
            step=step,
            key=f"company_{name}",
            where=cols[i % 3],
        )
        for i, (name, (lo, hi, step)) in enumerate(fields.items())
    }
    if form.submitted(t("common.save")):
        try:
            updated = edit_company(scenario, values)
        except ProfileError as e:
            if e.limit is not None:
                st.error(t("company.error_cross_sell", limit=money(e.limit, ccy)))
            else:
                field = labels.get(e.field, e.field)
                st.error(t("company.error_field", field=field, detail=e.message))
        else:
            save_scenario(updated, "company profile")
            st.success(t("decision.company_saved"))

with versions_tab:
    history = version_history(database(), actor())
    st.dataframe(
        [
            {
                t("decision.col_version"): v.number,
                t("decision.col_author"): v.author or t("decision.author_local"),
                t("decision.col_message"): v.message,
                t("decision.col_when"): v.created_at.strftime("%Y-%m-%d %H:%M"),
            }
            for v in reversed(history)
        ],
        hide_index=True,
        width="stretch",
    )
    if len(history) > 1:
        number = st.selectbox(t("decision.restore_which"), [v.number for v in history][:-1])
        if st.button(t("decision.restore"), key="restore"):
            restore_version(database(), actor(), number)
            st.rerun()
