"""6 · TCO & ROI: assumptions (benefit levers, outcome probabilities), the Monte Carlo with progress,
TCO, NPV, fan chart, tornado, and named finance scenarios kept and compared side by side."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from crm_select.models.scenario import MAX_FINANCE_SCENARIOS
from crm_select.services import finance_scenarios
from crm_select.services.edits import (
    OUTCOMES,
    LeverEdit,
    OutcomeSumError,
    edit_levers,
    edit_outcomes,
    lever_rows,
    outcome_table,
)
from crm_select.services.simulation import (
    benefit_reading,
    conventions_in_force,
    lever_tables,
    model_messages,
)
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import cash_fan, cost_stack, npv_histogram, tornado, tornado_frame
from crm_select.ui.compute import break_even, decision, simulation
from crm_select.ui.i18n import lang, money, number, percent, t
from crm_select.ui.labels import option_names
from crm_select.ui.number_field import number_field, number_form
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.refusal import stop_if_refused
from crm_select.ui.state import current_scenario, save_scenario
from crm_select.ui.tables import Kind, marked, show_wide, table_of

TRIAL_CHOICES = (2_000, 10_000, 50_000, 100_000)

st.title(t("finance.title"))
scenario = current_scenario()
options = option_names(scenario)
order = list(options)
ccy = scenario.currency.value
fin = scenario.finance

if saved := st.session_state.pop("finance_saved", None):
    st.success(saved)  # a saved edit reruns the page, so what follows uses it

with st.expander(t("finance.assumptions"), expanded=False):
    frame = pd.DataFrame(
        [
            {
                "lever": n,
                t("finance.lever"): t(f"lever.{n}"),
                t("finance.enabled"): row.enabled,
                "min": row.uplift[0] if row.uplift else None,
                "mode": row.uplift[1] if row.uplift else None,
                "max": row.uplift[2] if row.uplift else None,
            }
            for n, row in lever_rows(scenario).items()
        ]
    )
    st.caption(t("finance.levers_help"))
    with st.form("levers"):
        edited = st.data_editor(
            frame,
            column_config={
                "lever": None,
                **{
                    k: st.column_config.NumberColumn(format="percent")
                    for k in ("min", "mode", "max")
                },
            },
            disabled=["lever", t("finance.lever")],
            hide_index=True,
            key="levers_editor",
            width="stretch",
        )
        if st.form_submit_button(t("finance.save_assumptions")):
            edits = {
                row["lever"]: LeverEdit(
                    bool(row[t("finance.enabled")]),
                    None if pd.isna(row["mode"]) else (row["min"], row["mode"], row["max"]),
                )
                for row in edited.to_dict("records")
            }
            try:
                updated = edit_levers(scenario, edits)
            except ValueError as e:
                st.error(str(e))
            else:
                save_scenario(updated, "benefit levers")
                st.session_state["finance_saved"] = t("finance.assumptions_saved")
                st.rerun()
    st.caption(t("finance.outcome_help"))
    outcome_rows = outcome_table(scenario)
    outcome_frame = pd.DataFrame(
        [
            {
                "delivery": d,
                t("finance.delivery"): t(f"delivery.{d}"),
                **{t(f"finance.outcome_{k}"): v for k, v in zip(OUTCOMES, row, strict=True)},
            }
            for d, row in outcome_rows.items()
        ]
    )
    with st.form("outcomes"):
        edited_outcomes = st.data_editor(
            outcome_frame,
            column_config={
                "delivery": None,
                **{
                    t(f"finance.outcome_{k}"): st.column_config.NumberColumn(
                        format="percent", min_value=0.0, max_value=1.0
                    )  # shares, as the levers above: "33 %" in the locale's digits
                    for k in OUTCOMES
                },
            },
            disabled=["delivery", t("finance.delivery")],
            hide_index=True,
            key="outcomes_editor",
            width="stretch",
        )
        if st.form_submit_button(t("finance.save_outcomes")):
            full, partial, failure = (t(f"finance.outcome_{k}") for k in OUTCOMES)

            def share(v: object) -> float:
                """A share cell as a float (a cleared cell, None or NaN, counts 0)."""
                return float(v) if isinstance(v, int | float) and v == v else 0.0

            outcome_edits = {
                row["delivery"]: (share(row[full]), share(row[partial]), share(row[failure]))
                for row in edited_outcomes.to_dict("records")
            }
            try:
                updated = edit_outcomes(scenario, outcome_edits)
            except OutcomeSumError as e:
                st.error(
                    t(
                        "finance.outcome_sum",
                        delivery=t(f"delivery.{e.delivery}"),
                        total=percent(e.total, 1),
                    )
                )
            else:
                save_scenario(updated, "project outcome probabilities")
                st.session_state["finance_saved"] = t("finance.outcomes_saved")
                st.rerun()
    st.caption(t("finance.outcome_strategy"))

with st.expander(t("finance.lever_shares"), expanded=False):
    by_option = lever_tables(decision(scenario), lang())
    tabs = st.tabs([plain(options[lever_option]) for lever_option in by_option])
    for lever_tab, (lever_option, levers) in zip(tabs, by_option.items(), strict=True):
        with lever_tab:
            st.dataframe(
                marked(levers, ccy),
                hide_index=True,
                width="stretch",
                key=f"lever_shares_{lever_option}",
                column_config={  # the lever's name at most 200 px: every number in view at 1024 px
                    str(levers.df.columns[0]): st.column_config.Column(pinned=True, width="medium")
                },
            )
    st.caption(t("report.note.lever_shares"))

with number_form("run") as form:
    # the trials on a row of their own, the seed and the sampling beside each other: every
    # label whole at 1024 px ("Латинский гиперкуб"); numbers as the language writes them
    trials = st.select_slider(
        t("finance.trials"),
        TRIAL_CHOICES,
        fin.simulation.trials if fin.simulation.trials in TRIAL_CHOICES else 10_000,
        format_func=number,
        key="finance_trials",
    )
    seed_col, lhs_col = st.columns(2, vertical_alignment="bottom")
    seed = number_field(
        t("ranking.seed"),
        fin.simulation.seed,
        key="finance_seed",
        min_value=0,
        max_value=2**31 - 1,
        where=seed_col,
        grouped=False,  # a seed is an identifier: "20261125"
    )
    lhs = lhs_col.checkbox(t("finance.lhs"), fin.simulation.latin_hypercube, key="finance_lhs")
    run = form.submitted(t("finance.run"), type="primary", width="stretch")

if run or "finance_ran" in st.session_state:
    st.session_state["finance_ran"] = True
    bar = st.progress(0.0, text=t("finance.running"))

    def show_progress(done: float) -> None:
        bar.progress(min(done, 1.0), text=t("finance.running"))

    with stop_if_refused(bar):
        result = simulation(scenario, int(trials), int(seed), bool(lhs), progress=show_progress)
    bar.empty()
else:
    st.info(t("finance.press_run"))
    st.stop()

st.caption(
    t(
        "finance.header",
        trials=number(result.trials),
        seed=result.seed,
        lhs=t("finance.lhs_on") if result.latin_hypercube else t("finance.lhs_off"),
    )
)
breaks = break_even(scenario, int(trials), int(seed), bool(lhs))
reading = benefit_reading(scenario, lang())
summary = pd.DataFrame(
    [
        {
            t("common.option"): options[o.option_id],
            t("finance.tco"): o.tco,
            t("finance.initial_share"): o.price_check.share,
            t("finance.licence_share"): o.price_check.licence_share,
            t("finance.npv_p5"): o.npv["p5"],
            t("finance.npv_p50"): o.npv["p50"],
            t("finance.npv_p95"): o.npv["p95"],
            t("finance.base_npv"): o.base_case.npv,
            t("report.col.es5"): o.expected_shortfall_npv_5,  # signed: a mean NPV
            t("finance.p_npv"): o.p_npv_positive,
            t("finance.roi"): o.roi["p50"],
            t("finance.roi_risk"): o.risk_adjusted_roi["p50"],
            t("finance.payback"): None
            if o.discounted_payback["n"] == 0
            else o.discounted_payback["p50"],
            t("finance.break_even"): breaks[o.option_id].scale,
        }
        for o in result.options
    ]
)
kinds: dict[str, Kind] = {
    **dict.fromkeys(
        (t("finance.tco"), t("finance.npv_p5"), t("finance.npv_p50"), t("finance.npv_p95")),
        "money",
    ),
    **dict.fromkeys((t("finance.base_npv"), t("report.col.es5")), "money"),
    **dict.fromkeys(
        (
            t("finance.initial_share"),
            t("finance.licence_share"),
            t("finance.p_npv"),
            t("finance.roi"),
            t("finance.roi_risk"),
            t("finance.break_even"),
        ),
        "percent",
    ),
    t("finance.payback"): "years",
}
show_wide(table_of(summary, kinds, "finance_summary"), ccy, key="finance_summary")
st.caption(t("finance.break_even_help"))
with st.expander(t("finance.outcomes_title")):
    shares = pd.DataFrame(
        [
            {
                t("common.option"): options[o.option_id],
                t("finance.p_npv"): o.p_npv_positive,
                t("finance.share_full"): o.outcome_shares["full"],
                t("finance.share_partial"): o.outcome_shares["partial"],
                t("finance.partial_pays_back"): o.p_npv_positive_by_outcome.get("partial"),
                t("finance.share_failure"): o.outcome_shares["failure"],
                t("finance.share_abandoned"): o.outcome_shares["abandoned"],
            }
            for o in result.options
        ]
    )
    percent_kind: Kind = "percent"
    show_wide(
        table_of(shares, dict.fromkeys(list(shares.columns)[1:], percent_kind), "finance_outcomes"),
        ccy,
        key="finance_outcomes",
    )
    st.caption(t("finance.outcomes_help"))
for o in result.options:  # one full-width bar each: long option names wrap, never cut
    p_npv = min(max(o.p_npv_positive, 0.0), 1.0)
    st.progress(
        round(p_npv * 100),
        text=f"{t('finance.p_npv_of', name=plain(options[o.option_id]))} — {percent(p_npv)}",
    )
band = fin.initial_price_band
outside = {
    o.option_id: o.price_check.share
    for o in result.options
    if o.price_check.warning and o.price_check.share is not None
}
if outside:
    st.warning(
        t("finance.licence_band", lo=percent(band.min), hi=percent(band.max))
        + "\n\n"
        + "\n".join(f"- {plain(options[oid])}: {percent(share)}" for oid, share in outside.items())
    )
if messages := model_messages(decision(scenario), result, lang()):
    with st.expander(t("finance.engine_warnings", n=len(messages))):
        st.markdown("\n".join(f"- {plain(name)}: {plain(text)}" for name, text in messages))

tco_tab, npv_tab, fan_tab, tornado_tab, compare_tab = st.tabs(
    [
        t("finance.tab_tco"),
        t("finance.tab_npv"),
        t("finance.tab_fan"),
        t("finance.tab_tornado"),
        t("finance.tab_compare"),
    ]
)

with tco_tab:
    which = select_one(
        t("common.option"), order, format_func=lambda i: options[i], key="tco_option"
    )
    o = result.option(which)
    tco = pd.DataFrame(
        [
            {"year": y, "category": t(f"cost.{cat}"), "value": v}
            for cat, values in o.tco_by_category.items()
            for y, v in zip(o.years, values, strict=True)
            if v
        ]
    )
    show_chart(
        lambda: cost_stack(
            tco,
            "year",
            [t(f"cost.{c}") for c in o.tco_by_category],
            t("finance.tco_title", name=options[which], ccy=ccy),
            ccy,
            lang(),
            along_title=t("common.year"),
        )
    )

with npv_tab:
    hist = pd.DataFrame(
        [
            {
                "label": options[o.option_id],
                "npv": (lo + hi) / 2,
                "share": c / max(1, sum(o.npv_histogram["counts"])),
            }
            for o in result.options
            for lo, hi, c in zip(
                o.npv_histogram["edges"][:-1],
                o.npv_histogram["edges"][1:],
                o.npv_histogram["counts"],
                strict=True,
            )
        ]
    )
    show_chart(
        lambda: npv_histogram(
            hist,
            [options[i] for i in order],
            t("finance.npv_title", ccy=ccy, reading=reading),
            f"NPV, {ccy}",
            t("finance.share_trials"),
            lang(),
        )
    )

with fan_tab:
    fan = pd.DataFrame(
        [
            {
                "label": options[o.option_id],
                "year": y,
                **{k: o.cumulative_cash_flow[k][i] for k in ("p5", "p25", "p50", "p75", "p95")},
            }
            for o in result.options
            for i, y in enumerate(o.years)
        ]
    )
    show_chart(
        lambda: cash_fan(
            fan,
            [options[i] for i in order],
            t("finance.fan_title", reading=reading),
            t("common.year"),
            t("finance.cumulative", ccy=ccy),
            lang(),
        )
    )
    st.caption(t("finance.fan_help"))

with tornado_tab:
    which = select_one(
        t("common.option"), order, format_func=lambda i: options[i], key="tornado_option"
    )
    o = result.option(which)
    sides = (t("finance.input_low"), t("finance.input_high"))
    show_chart(
        lambda: tornado(
            tornado_frame(o.tornado[:12], sides, lang()),
            o.tornado_base_npv,
            t("finance.tornado_title", name=options[which], ccy=ccy, reading=reading),
            f"NPV, {ccy}",
            sides,
            lang(),
        )
    )
    st.caption(t("finance.tornado_help", base=money(o.tornado_base_npv, ccy)))

with compare_tab:
    st.caption(t("finance.compare_help"))
    name_col, keep_col = st.columns([3, 1])
    label = name_col.text_input(
        t("finance.run_name"), value=t("finance.run_default"), max_chars=80, key="scenario_name"
    )
    keep_col.write("")
    if keep_col.button(t("finance.keep_run"), key="keep_run"):
        name = label.strip()
        try:
            updated = finance_scenarios.keep(scenario, name)
        except ValueError:
            st.error(t("finance.keep_invalid", n=MAX_FINANCE_SCENARIOS))
        else:
            replaced = any(fs.name == name for fs in scenario.finance_scenarios)
            save_scenario(updated, f"finance scenario: {name}")
            st.session_state["finance_kept"] = t(
                "finance.replaced" if replaced else "finance.kept", name=name
            )
            st.rerun()
    if kept_message := st.session_state.pop("finance_kept", None):
        st.success(kept_message)
    if not scenario.finance_scenarios:
        st.info(t("finance.compare_empty"))
    else:
        variants = finance_scenarios.variants(scenario)

        def scenario_label(name: str) -> str:
            return name or t("report.compare.current")

        baseline = select_one(
            t("finance.baseline"), list(variants), format_func=scenario_label, key="baseline"
        )
        bar = st.empty()

        def progress_of(i: int) -> Callable[[float], None]:
            def show(done: float) -> None:
                share = min((i + done) / len(variants), 1.0)
                bar.progress(share, text=t("finance.comparing"))

            return show

        with stop_if_refused(bar):
            results = {
                name: simulation(v, int(trials), int(seed), bool(lhs), progress=progress_of(i))
                for i, (name, v) in enumerate(variants.items())
            }
        bar.empty()
        comparison = finance_scenarios.compare_results(scenario, results, baseline)
        compared = finance_scenarios.table(comparison, options.__getitem__, lang())
        show_wide(compared, ccy, key="comparison")
        st.caption(compared.note)
        for name, missing in comparison.without_terms.items():
            st.warning(
                t(
                    "finance.without_terms",
                    name=name,
                    options=", ".join(options[o] for o in missing),
                )
            )
        rm_col, rm_button = st.columns([3, 1])
        doomed = select_one(
            t("finance.remove_which"),
            [fs.name for fs in scenario.finance_scenarios],
            format_func=str,
            key="remove_which",
            where=rm_col,
        )
        rm_button.write("")
        if rm_button.button(t("finance.remove"), key="remove_scenario"):
            save_scenario(
                finance_scenarios.remove(scenario, doomed), f"finance scenario removed: {doomed}"
            )
            st.rerun()

st.caption(t("finance.conventions"))
st.caption(t("finance.in_force") + " " + "; ".join(conventions_in_force(scenario, lang())) + ".")
