"""8 · After go-live: the baseline, actuals per period (entered or uploaded), each KPI's fan
chart with the actuals and their percentiles, alerts, the realised benefit and the NPV
re-forecast (docs/realisation.md). Every figure comes from services.realisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from crm_select.locales import Lang
from crm_select.locales.formats import (
    DATE_INPUT_FORMAT,
    editable_number,
    editable_percent,
    parse_number,
    parse_percent,
)
from crm_select.models.errors import InputError
from crm_select.models.realisation import (
    KPI_KEYS,
    KPI_UNITS,
    Baseline,
    BaselineKpi,
    PeriodKind,
    RealisationSettings,
)
from crm_select.services import realisation as svc
from crm_select.services.workspace import StoreError
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import kpi_fan
from crm_select.ui.committee import owner_link
from crm_select.ui.i18n import day, lang, money, number, percent, period, t
from crm_select.ui.labels import option_names
from crm_select.ui.number_field import number_field
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.realisation import analysis
from crm_select.ui.state import actor, current_scenario, database

st.title(t("real.title"))
st.caption(t("real.caption"))
db = database()
who = actor()
scenario = current_scenario()
names = option_names(scenario)
ccy = scenario.currency.value
writer = svc.may_enter(who)
record = svc.record(db, who)
if not who.is_facilitator:  # a project owner's or a rater's link
    st.caption(t("real.signed_in", name=plain(who.name)))

if flash := st.session_state.pop("real_flash", None):
    st.success(flash)


def _problems(e: InputError) -> None:
    st.error(t("real.refused"))
    st.code("\n".join(str(p) for p in e.problems), language=None)


def _cell_problems(e: InputError, kpis: list[str]) -> None:
    """The actuals table's refusals, each naming its row (number and KPI) and column."""
    columns = {
        "value": t("real.value"),
        "control": t("real.control"),
        "period": t("real.period_name"),
    }
    st.error(t("real.refused"))
    st.code(
        "\n".join(
            t(
                "real.cell_refused",
                row=p.line,
                kpi=t(f"real.kpi.{kpis[p.line - 1]}"),
                field=columns.get(str(p.path[0]), str(p.path[0])),
                message=p.message,
            )
            if p.line and p.path
            else str(p)
            for p in e.problems
        ),
        language=None,
    )


def _typed(read: Callable[[str, Lang], float], refusal: str, kpi: str, text: str) -> float:
    """A baseline cell read in the page's language; ValueError naming the KPI otherwise."""
    try:
        return read(text, lang())
    except ValueError:
        raise ValueError(t(refusal, kpi=t(f"real.kpi.{kpi}"), text=text)) from None


def _cell(v: object) -> str:
    """A text cell of a data editor as typed ("" when left empty: None or NaN)."""
    return v.strip() if isinstance(v, str) else ""


def _value(kpi: str, v: float) -> str:
    unit = KPI_UNITS[kpi]
    if unit == "money":
        return money(v, ccy)
    if unit == "share":
        return percent(v, 1)
    return number(v, 1)


if record is None:
    if not writer:
        st.info(t("real.none_yet"))
        st.stop()
    st.subheader(t("real.start"))
    with st.form("real_start"):
        ids = list(names)
        winner = svc.chosen_option(scenario)
        option = select_one(
            t("real.option"),
            ids,
            format_func=lambda i: names[i],
            key="real_option",
            index=ids.index(winner) if winner in ids else 0,
        )
        c1, c2, c3 = st.columns(3)
        decided = c1.date_input(
            t("real.decision_date"),
            value=dt.date.today(),
            key="real_dd",
            format=DATE_INPUT_FORMAT[lang()],
        )
        go_live = c2.date_input(
            t("real.go_live_actual"),
            value=None,
            help=t("real.go_live_help"),
            key="real_gl",
            format=DATE_INPUT_FORMAT[lang()],
        )
        kind = (
            c3.radio(
                t("real.period_name"),
                list(PeriodKind),
                index=list(PeriodKind).index(PeriodKind.QUARTER),
                format_func=lambda p: t(f"real.period.{p.value}"),
                key="real_period",
                horizontal=True,
            )
            or PeriodKind.QUARTER
        )
        if st.form_submit_button(t("real.start_button"), type="primary"):
            try:
                svc.start(
                    db,
                    who,
                    decided,
                    go_live=go_live,
                    period=kind,
                    option_id=option,
                )
            except (StoreError, InputError, ValueError) as e:
                st.error(str(e))
            else:
                st.session_state["real_flash"] = t("real.started")
                st.rerun()
    st.stop()

assert record is not None
base = record.baseline
st.markdown(
    t(
        "real.frame",
        option=names.get(base.option_id, base.option_id),
        decided=day(base.decision_date),
        go_live=day(base.go_live) if base.go_live else t("real.not_live"),
        period=t(f"real.period.{base.period.value}"),
    )
)

if invited := st.session_state.pop("real_invited", None):
    st.success(t("real.invite_done", name=invited[0]))
    st.code(invited[1], language=None)
if who.is_facilitator:
    with st.expander(t("real.owners")):
        st.caption(t("real.owner_help"))
        people = svc.owners(db, who)
        if people:
            st.markdown(", ".join(f"{plain(n)} (`{i}`)" for i, n in people))
        with st.form("real_invite", clear_on_submit=True):
            c1, c2, c3 = st.columns(3)
            owner_id = c1.text_input(t("real.owner_id"), key="real_owner_id")
            owner_name = c2.text_input(t("real.owner_name"), key="real_owner_name")
            owner_email = c3.text_input(t("real.owner_email"), key="real_owner_email")
            if st.form_submit_button(t("real.invite_button")):
                try:
                    token = svc.invite_owner(
                        db,
                        who,
                        owner_id.strip(),
                        owner_name.strip(),
                        email=owner_email.strip() or None,
                    )
                except StoreError as e:
                    st.error(str(e))
                else:
                    # shown once, above the tabs (the expander closes on the rerun)
                    link = owner_link(who.workspace_id, token)
                    st.session_state["real_invited"] = (plain(owner_name.strip()), link)
                    st.rerun()

baseline_tab, actuals_tab, results_tab = st.tabs(
    [t("real.tab.baseline"), t("real.tab.actuals"), t("real.tab.results")]
)

with baseline_tab:
    stored = {b.kpi: b for b in base.kpis}
    frame = pd.DataFrame(
        [
            {
                "kpi": k,
                t("real.kpi_name"): t(f"real.kpi.{k}"),
                t("real.unit_name"): t(f"real.unit.{KPI_UNITS[k]}"),
                t("real.value"): editable_number(b.value, lang()) if b else "",
                t("real.source"): b.source if b else "",
                t("real.trend"): editable_percent(b.trend, lang()) if b else "",
            }
            for k in KPI_KEYS
            for b in [stored.get(k)]
        ]
    )
    st.caption(t("real.baseline_help"))
    with st.form("real_baseline"):
        edited = st.data_editor(
            frame,
            hide_index=True,
            disabled=["kpi", t("real.kpi_name"), t("real.unit_name")] if writer else True,
            column_config={
                "kpi": None,
                t("real.value"): st.column_config.TextColumn(),
                t("real.trend"): st.column_config.TextColumn(),
            },
            key="real_baseline_editor",
        )
        c1, c2, c3 = st.columns(3)
        as_of = c1.date_input(
            t("real.as_of"), value=base.as_of, key="real_asof", format=DATE_INPUT_FORMAT[lang()]
        )
        live_on = c2.date_input(
            t("real.go_live_actual"),
            value=base.go_live,
            help=t("real.go_live_help"),
            key="real_gl2",
            format=DATE_INPUT_FORMAT[lang()],
        )
        noise = number_field(
            t("real.noise"),
            record.settings.observation_noise,
            min_value=0.001,
            max_value=1.0,
            step=0.001,
            help=t("real.noise_help"),
            key="real_noise",
            where=c3,
        )
        try:  # the box's text, when it is not the number kept (number_field shows why)
            noise_refused = parse_number(st.session_state["real_noise"], lang()) != noise
        except ValueError:
            noise_refused = True
        if (
            st.form_submit_button(t("real.save_baseline"), disabled=not writer)
            and not noise_refused
        ):
            try:
                kpis = []
                for row in edited.to_dict("records"):
                    k, value, trend = (
                        str(row["kpi"]),
                        _cell(row[t("real.value")]),
                        _cell(row[t("real.trend")]),
                    )
                    if value:
                        kpis.append(
                            BaselineKpi(
                                kpi=k,
                                value=_typed(parse_number, "real.bad_number", k, value),
                                source=_cell(row[t("real.source")]),
                                trend=_typed(parse_percent, "real.bad_percent", k, trend)
                                if trend
                                else 0.0,
                            )
                        )
                new = Baseline(
                    option_id=base.option_id,
                    decision_date=base.decision_date,
                    as_of=as_of,
                    go_live=live_on,
                    period=base.period,
                    kpis=kpis,
                )
                svc.save_baseline(db, who, new, RealisationSettings(observation_noise=noise))
            except (StoreError, ValueError) as e:
                st.error(str(e))
            else:
                st.session_state["real_flash"] = t("real.saved")
                st.rerun()

with actuals_tab:
    if not writer:
        st.info(t("real.read_only"))
    else:
        st.caption(t("real.actuals_help"))
        # a fresh table and the next period after each save (new widget keys)
        entry = st.session_state.setdefault("real_entry", 0)
        proposed = svc.next_label(record)
        period_label = st.text_input(
            t("real.period_label"),
            value=proposed,
            help=t(
                f"real.period_typed.{base.period.value}", typed=proposed, shown=period(proposed)
            ),
            key=f"real_label_{entry}",
        )
        value_col, control_col = t("real.value"), t("real.control")
        rows = pd.DataFrame(
            [
                {
                    "kpi": k.kpi,
                    t("real.kpi_name"): t(f"real.kpi.{k.kpi}"),
                    t("real.unit_name"): t(f"real.unit.{k.unit}"),
                    value_col: None,
                    control_col: None,
                }
                for k in base.kpis
            ]
        )
        with st.form("real_actuals"):
            # text read in the page's language: a number column takes the browser's separators
            entered = st.data_editor(
                rows,
                hide_index=True,
                disabled=["kpi", t("real.kpi_name"), t("real.unit_name")],
                column_config={
                    "kpi": None,
                    value_col: st.column_config.TextColumn(),
                    control_col: st.column_config.TextColumn(),
                },
                key=f"real_actuals_editor_{entry}",
            )
            if st.form_submit_button(t("real.save_actuals"), type="primary"):
                form_rows = [
                    (
                        i + 1,
                        {
                            "kind": "kpi",
                            "name": str(r["kpi"]),
                            "period": period_label.strip(),
                            "value": _cell(r[value_col]),
                            "unit": KPI_UNITS[str(r["kpi"])],
                            "control": _cell(r[control_col]),
                        },
                    )
                    for i, (_, r) in enumerate(entered.iterrows())
                    if _cell(r[value_col])
                ]
                try:
                    done = svc.enter(db, who, t("real.form"), form_rows, lang())
                except InputError as e:
                    _cell_problems(e, [str(k) for k in entered["kpi"]])
                except StoreError as e:
                    st.error(str(e))
                else:
                    st.session_state["real_entry"] = entry + 1
                    st.session_state["real_flash"] = t("real.stored", n=len(done.actuals))
                    st.rerun()
        st.divider()
        st.download_button(
            t("real.template"),
            svc.template_of(record),
            file_name="actuals-template.csv",
            mime="text/csv",
            key="real_template",
        )
        uploaded = st.file_uploader(t("real.upload"), type=["csv", "xlsx"], key="real_upload")
        if uploaded is not None and st.button(t("real.upload_button"), key="real_upload_go"):
            try:
                done = svc.upload(db, who, uploaded.name, uploaded.getvalue())
            except InputError as e:
                _problems(e)
            except StoreError as e:
                st.error(str(e))
            else:
                st.session_state["real_flash"] = t(
                    "real.stored", n=len(done.actuals) + len(done.spend)
                )
                st.rerun()

with results_tab:
    if not record.actuals and not record.spend:
        st.info(t("real.no_actuals"))
        st.stop()
    r = analysis(scenario, record)
    ref = r.reforecast
    for a in r.alerts:
        st.warning(
            t("real.alert.adoption", period=period(a.period))
            if a.kpi == "adoption"
            else t("real.alert.kpi", kpi=t(f"real.kpi.{a.kpi}"), period=period(a.period))
        )
    c1, c2, c3 = st.columns(3)
    c1.metric(t("real.realised"), money(r.realised_benefit, ccy))
    c2.metric(
        t("real.npv_reforecast"),
        money(ref.npv, ccy),
        delta=money(ref.npv - ref.npv_forecast, ccy),
    )
    c3.metric(t("real.npv_forecast"), money(ref.npv_forecast, ccy))
    st.caption(
        t(
            "real.go_live_line" if ref.go_live_actual else "real.go_live_planned",
            live=day(ref.go_live),
            planned=day(ref.go_live_forecast),
            months=number(12 * ref.delay_years, 1),
        )
    )
    st.caption(
        t(
            "real.effects",
            schedule=money(ref.schedule_effect, ccy),
            cost=money(ref.cost_effect, ccy),
            benefit=money(ref.benefit_effect, ccy),
        )
    )
    st.caption(
        t(
            "real.npv_range",
            p10=money(ref.p10, ccy),
            p50=money(ref.p50, ccy),
            p90=money(ref.p90, ccy),
            trials=number(ref.trials, 0),
            f10=money(ref.forecast_p10, ccy),
            f50=money(ref.forecast_p50, ccy),
            f90=money(ref.forecast_p90, ccy),
        )
    )
    for track in r.tracks:
        if not track.points:
            continue
        st.subheader(t(f"real.kpi.{track.kpi}"))
        if track.fan:
            fan = pd.DataFrame(track.fan, columns=["period", "p10", "p50", "p90"])
            pts = pd.DataFrame(
                {
                    "period": [p.period for p in track.points],
                    "actual": [p.actual for p in track.points],
                }
            )
            show_chart(
                partial(
                    kpi_fan,
                    fan,
                    pts,
                    t("real.fan_title", kpi=t(f"real.kpi.{track.kpi}")),
                    t("real.period_name"),
                    t(f"real.unit.{KPI_UNITS[track.kpi]}"),
                    lang(),
                    money=KPI_UNITS[track.kpi] == "money",
                )
            )
        table = pd.DataFrame(
            [
                {
                    t("real.period_name"): period(p.period),
                    t("real.actual"): _value(track.kpi, p.actual),
                    "P10": _value(track.kpi, p.expected[0]) if p.expected else "—",
                    "P50": _value(track.kpi, p.expected[1]) if p.expected else "—",
                    "P90": _value(track.kpi, p.expected[2]) if p.expected else "—",
                    t("real.percentile"): "—" if p.percentile is None else percent(p.percentile),
                    t("real.vs_baseline"): percent(p.uplift_baseline, 1),
                    t("real.vs_trend"): percent(p.uplift_trend, 1),
                    t("real.vs_control"): (
                        "—" if p.uplift_control is None else percent(p.uplift_control, 1)
                    ),
                }
                for p in track.points
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
        if track.posterior_mean is not None and track.prior_mean is not None:
            st.caption(
                t(
                    "real.update",
                    prior=percent(track.prior_mean, 1),
                    prior_sd=percent(track.prior_sd or 0.0, 1),
                    post=percent(track.posterior_mean, 1),
                    post_sd=percent(track.posterior_sd or 0.0, 1),
                )
            )
    if ref.spend:
        st.subheader(t("real.spend"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("real.category"): t(f"cost.{v.category}"),
                        t("real.amount"): money(v.actual, ccy),
                        t("real.spend_forecast"): money(v.forecast, ccy),
                        t("real.overrun"): "—" if v.overrun is None else percent(v.overrun),
                    }
                    for v in ref.spend
                ]
            ),
            hide_index=True,
        )
