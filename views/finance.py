"""6 · TCO & ROI: assumptions, the Monte Carlo with progress, TCO, NPV, fan chart, tornado."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from crm_select.services.edits import LeverEdit, edit_levers, lever_rows
from crm_select.ui.charts import option_colours
from crm_select.ui.compute import simulation
from crm_select.ui.i18n import money, percent, t
from crm_select.ui.labels import option_names
from crm_select.ui.pickers import select_one
from crm_select.ui.state import current_scenario, save_scenario
from crm_select.ui.tables import styled

st.title(t("finance.title"))
scenario = current_scenario()
options = option_names(scenario)
order = list(options)
ccy = scenario.currency.value
fin = scenario.finance

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
                st.success(t("finance.assumptions_saved"))
    outcome = fin.risk.outcome
    st.dataframe(
        pd.DataFrame(
            {
                t(f"delivery.{d}"): getattr(outcome, d).model_dump()
                for d in ("boxed", "saas", "configurable", "custom")
            }
        ).rename(index=lambda k: t(f"finance.outcome_{k}")),
        width="stretch",
        column_config={
            t(f"delivery.{d}"): st.column_config.NumberColumn(format="percent")
            for d in ("boxed", "saas", "configurable", "custom")
        },
    )
    st.caption(t("finance.outcome_help"))

with st.form("run"):
    cols = st.columns(4)
    trials = cols[0].select_slider(
        t("finance.trials"),
        [2_000, 10_000, 50_000, 100_000],
        fin.simulation.trials
        if fin.simulation.trials in (2_000, 10_000, 50_000, 100_000)
        else 10_000,
        key="finance_trials",
    )
    seed = cols[1].number_input(
        t("ranking.seed"), 0, 2**31 - 1, fin.simulation.seed, key="finance_seed"
    )
    lhs = cols[2].checkbox(t("finance.lhs"), fin.simulation.latin_hypercube, key="finance_lhs")
    cols[3].write("")
    run = cols[3].form_submit_button(t("finance.run"), type="primary")

if run or "finance_ran" in st.session_state:
    st.session_state["finance_ran"] = True
    bar = st.progress(0.0, text=t("finance.running"))

    def show_progress(done: float) -> None:
        bar.progress(min(done, 1.0), text=t("finance.running"))

    result = simulation(scenario, int(trials), int(seed), bool(lhs), progress=show_progress)
    bar.empty()
else:
    st.info(t("finance.press_run"))
    st.stop()

st.caption(
    t(
        "finance.header",
        trials=f"{result.trials:,}",
        seed=result.seed,
        lhs=t("finance.lhs_on") if result.latin_hypercube else t("finance.lhs_off"),
    )
)
summary = pd.DataFrame(
    [
        {
            t("common.option"): options[o.option_id],
            t("finance.tco"): o.tco,
            t("finance.npv_p5"): o.npv["p5"],
            t("finance.npv_p50"): o.npv["p50"],
            t("finance.npv_p95"): o.npv["p95"],
            t("finance.p_npv"): o.p_npv_positive,
            t("finance.roi"): o.roi["p50"],
            t("finance.roi_risk"): o.risk_adjusted_roi["p50"],
            t("finance.payback"): None
            if o.discounted_payback["n"] == 0
            else o.discounted_payback["p50"],
            t("finance.es5"): o.expected_shortfall_npv_5,
            t("finance.initial_share"): o.price_check.share,
            t("finance.licence_share"): o.price_check.licence_share,
            t("finance.base_npv"): o.base_case.npv,
        }
        for o in result.options
    ]
)
money_cols = [
    t(k)
    for k in (
        "finance.tco",
        "finance.npv_p5",
        "finance.npv_p50",
        "finance.npv_p95",
        "finance.es5",
        "finance.base_npv",
    )
]
share_cols = [
    t(k)
    for k in (
        "finance.p_npv",
        "finance.roi",
        "finance.roi_risk",
        "finance.initial_share",
        "finance.licence_share",
    )
]
st.dataframe(
    styled(
        summary,
        {
            **dict.fromkeys(money_cols, lambda v: money(v, ccy)),
            **dict.fromkeys(share_cols, lambda v: percent(v)),
            t("finance.payback"): lambda v: f"{v:.1f}",
        },
    ),
    hide_index=True,
    width="stretch",
)
metric_cols = st.columns(len(result.options))
for col, o in zip(metric_cols, result.options, strict=True):
    col.metric(t("finance.p_npv_of", name=options[o.option_id]), percent(o.p_npv_positive))
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
        + "\n".join(f"- {options[oid]}: {percent(share)}" for oid, share in outside.items())
    )
if result.warnings:
    with st.expander(t("finance.engine_warnings", n=len(result.warnings))):
        st.markdown("\n".join(f"- {w}" for w in result.warnings))

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
    st.altair_chart(
        alt.Chart(tco, title=t("finance.tco_title", name=options[which], ccy=ccy))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t("common.year")),
            y=alt.Y("sum(value):Q", title=ccy, axis=alt.Axis(format="~s")),
            color=alt.Color("category:N", title=None),
            tooltip=["category:N", "year:O", alt.Tooltip("value:Q", format=",.0f")],
        )
        .properties(height=380),
        width="stretch",
    )

with npv_tab:
    hist = pd.DataFrame(
        [
            {
                "option": o.option_id,
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
    st.altair_chart(
        alt.Chart(hist, title=t("finance.npv_title", ccy=ccy))
        .mark_area(opacity=0.45, interpolate="step")
        .encode(
            x=alt.X("npv:Q", title=f"NPV, {ccy}", axis=alt.Axis(format="~s")),
            y=alt.Y(
                "share:Q", title=t("finance.share_trials"), stack=None, axis=alt.Axis(format="%")
            ),
            color=alt.Color(
                "option:N",
                scale=option_colours(order),
                legend=alt.Legend(title=None, labelExpr="datum.label"),
            ),
            tooltip=["label:N", alt.Tooltip("npv:Q", format=",.0f")],
        )
        .properties(height=360),
        width="stretch",
    )

with fan_tab:
    fan = pd.DataFrame(
        [
            {
                "option": o.option_id,
                "year": y,
                **{k: o.cumulative_cash_flow[k][i] for k in ("p5", "p25", "p50", "p75", "p95")},
            }
            for o in result.options
            for i, y in enumerate(o.years)
        ]
    )
    colours = option_colours(order)
    band = (
        alt.Chart(fan)
        .mark_area(opacity=0.15)
        .encode(
            x=alt.X("year:O", title=t("common.year")),
            y=alt.Y("p5:Q", title=t("finance.cumulative", ccy=ccy), axis=alt.Axis(format="~s")),
            y2="p95:Q",
            color=alt.Color("option:N", scale=colours, legend=None),
        )
    )
    inner = (
        alt.Chart(fan)
        .mark_area(opacity=0.25)
        .encode(
            x="year:O",
            y="p25:Q",
            y2="p75:Q",
            color=alt.Color("option:N", scale=colours, legend=None),
        )
    )
    line = (
        alt.Chart(fan)
        .mark_line(point=True)
        .encode(x="year:O", y="p50:Q", color=alt.Color("option:N", scale=colours, title=None))
    )
    st.altair_chart(
        (band + inner + line).properties(height=380, title=t("finance.fan_title")), width="stretch"
    )
    st.caption(t("finance.fan_help"))

with tornado_tab:
    which = select_one(
        t("common.option"), order, format_func=lambda i: options[i], key="tornado_option"
    )
    o = result.option(which)
    rows = pd.DataFrame(
        [
            {
                "input": r.input,
                "low": min(r.npv_low, r.npv_high),
                "high": max(r.npv_low, r.npv_high),
                "swing": r.swing,
            }
            for r in o.tornado[:12]
        ]
    )
    st.altair_chart(
        alt.Chart(rows, title=t("finance.tornado_title", name=options[which], ccy=ccy))
        .mark_bar()
        .encode(
            y=alt.Y("input:N", sort=alt.EncodingSortField("swing", order="descending"), title=None),
            x=alt.X("low:Q", title=f"NPV, {ccy}", axis=alt.Axis(format="~s")),
            x2="high:Q",
            tooltip=[
                "input:N",
                alt.Tooltip("low:Q", format=",.0f"),
                alt.Tooltip("high:Q", format=",.0f"),
            ],
        )
        .properties(height=max(200, 28 * len(rows))),
        width="stretch",
    )
    st.caption(t("finance.tornado_help", base=money(o.tornado_base_npv, ccy)))

with compare_tab:
    runs: dict[str, dict[str, float]] = st.session_state.setdefault("finance_runs", {})
    name_col, keep_col = st.columns([3, 1])
    label = name_col.text_input(t("finance.run_name"), value=t("finance.run_default"))
    if keep_col.button(t("finance.keep_run"), key="keep_run"):
        runs[label] = {options[o.option_id]: o.npv["p50"] for o in result.options}
        save_scenario(scenario, f"finance scenario: {label}")
    if runs:
        st.dataframe(pd.DataFrame(runs).map(lambda v: money(v, ccy)), width="stretch")
        st.caption(t("finance.compare_help"))

st.caption(result.conventions)
