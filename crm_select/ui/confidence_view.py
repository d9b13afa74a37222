"""The Confidence section: the decision card, rank acceptability under the joint uncertainty,
P(highest NPV), the paired NPV comparisons and what is worth finding out (the Ranking page's
tab; the facilitator board shows the card alone, with fewer trials)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from crm_select.models.confidence import ConfidenceSettings, WeightModel
from crm_select.models.errors import PathError
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from crm_select.services.confidence import Confidence, card_lines, group_label
from crm_select.services.errors import ScoringError
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import heatmap
from crm_select.ui.compute import confidence
from crm_select.ui.i18n import lang, money, number, percent, t
from crm_select.ui.labels import option_names
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.tables import styled

MODELS = [m for m in WeightModel if m is not WeightModel.DEPARTMENTS]
"""The weight models a scenario can use (the departments' needs a live workspace)."""


def card(conf: Confidence) -> None:
    """The decision card, one sentence a line."""
    st.info("\n\n".join(plain(line) for line in card_lines(conf, lang())))


def run_or_warn(
    scenario: Scenario,
    settings: RankingSettings,
    run: ConfidenceSettings,
    shares: Mapping[str, float] | None = None,
) -> Confidence | None:
    """The run, or None with the service's message shown (over the budget, cannot rank)."""
    try:
        return confidence(scenario, settings, run, shares)
    except (PathError, ScoringError) as e:
        st.warning(e.message)
    return None


BOARD_TRIALS = 2_000
"""The board's quick card: few trials, no value of information (it refreshes every 5 s)."""


def board_card(scenario: Scenario, departments: list[list[float]]) -> None:
    """The decision card under the live ranking: weights drawn between the departments'
    weighting sets when two or more are kept, else around the stated weights."""
    model = WeightModel.DEPARTMENTS if len(departments) >= 2 else WeightModel.DIRICHLET
    run = ConfidenceSettings(trials=BOARD_TRIALS, weights=model)
    sets = departments if len(departments) >= 2 else None
    try:
        conf = confidence(scenario, scenario.ranking, run, departments=sets, voi=False)
    except (PathError, ScoringError) as e:
        st.warning(e.message)
        return
    st.markdown(f"**{t('confidence.board')}**")
    card(conf)
    st.caption(
        t(
            "confidence.board_help",
            n=number(BOARD_TRIALS),
            model=t(f"confidence.model.{model.value}"),
        )
    )


def show(scenario: Scenario, settings: RankingSettings, shares: Mapping[str, float] | None) -> None:
    """The controls, a button that runs the joint simulation, and its results."""
    sim = scenario.finance.simulation
    trials_col, model_col, seed_col = st.columns(3)
    choices = sorted({2_000, 5_000, 10_000, 20_000, sim.trials})
    trials = trials_col.select_slider(
        t("confidence.trials"), choices, sim.trials, format_func=number, key="conf_trials"
    )
    model = select_one(
        t("confidence.weights"),
        MODELS,
        format_func=lambda m: t(f"confidence.model.{m}"),
        key="conf_weights",
        where=model_col,
    )
    seed = seed_col.number_input(t("ranking.seed"), 0, 2**31 - 1, sim.seed, key="conf_seed")
    run = ConfidenceSettings(trials=int(trials), seed=int(seed), weights=model)
    key = (scenario.model_dump_json(), settings.model_dump_json(), run.model_dump_json(),
           None if shares is None else tuple(sorted(shares.items())))  # fmt: skip
    if st.button(t("confidence.run"), key="conf_run", type="primary"):
        st.session_state["conf_key"] = key
    if st.session_state.get("conf_key") != key:
        st.caption(t("confidence.press"))
        return
    with st.spinner(t("confidence.running")):
        conf = run_or_warn(scenario, settings, run, shares)
    if conf is not None:
        results(scenario, conf)


def results(scenario: Scenario, conf: Confidence) -> None:
    """Everything a run shows, each number from ``conf``."""
    names = option_names(scenario)
    card(conf)
    j, opts = conf.joint, conf.options
    probs = pd.DataFrame(
        [
            {"option": names[o], "rank": t("ranking.rank_n", n=r + 1), "p": float(j.acceptability[i, r])}
            for i, o in enumerate(opts)
            for r in range(len(opts))
        ]
    )  # fmt: skip
    show_chart(lambda: heatmap(probs, "rank", "option", "p", t("confidence.matrix"), fmt=".0%"))
    st.caption(
        t(
            "confidence.help",
            n=number(conf.trials),
            model=t(f"confidence.model.{conf.weight_model.value}"),
            noise=t(f"ranking.noise_{conf.score_noise}"),
            measured=", ".join(conf.measured) or "—",
        )
    )
    per_option = pd.DataFrame(
        {
            t("confidence.p_first"): [float(j.first_rank[i]) for i in range(len(opts))],
            t("confidence.p_best_npv"): [conf.npv.p_best[o] for o in opts],
            t("confidence.npv_mean"): [conf.npv_mean[o] for o in opts],
        },
        index=pd.Index([names[o] for o in opts], name=t("common.option")),
    )
    st.dataframe(
        styled(
            per_option,
            {
                t("confidence.p_first"): lambda p: percent(p, 1),
                t("confidence.p_best_npv"): lambda p: percent(p, 1),
                t("confidence.npv_mean"): lambda v: money(v, conf.currency),
            },
        ),
        width="stretch",
    )
    st.subheader(t("confidence.pairs"))
    rows = [
        {
            "A": names[p.a],
            "B": names[p.b],
            t("confidence.p_a_better"): p.p_a_better,
            t("confidence.mean_difference"): p.mean,
            "P5": p.quantiles[0.05],
            "P95": p.quantiles[0.95],
            t("confidence.ranked_above"): float(j.above[opts.index(p.a), opts.index(p.b)]),
        }
        for i, a in enumerate(opts)
        for p in (conf.npv.pair(a, b) for b in opts[i + 1 :])
    ]
    amounts = (t("confidence.mean_difference"), "P5", "P95")
    st.dataframe(
        styled(
            pd.DataFrame(rows),
            {
                t("confidence.p_a_better"): lambda p: percent(p, 1),
                t("confidence.ranked_above"): lambda p: percent(p, 1),
                **dict.fromkeys(amounts, lambda v: money(v, conf.currency)),
            },
        ),
        width="stretch",
        hide_index=True,
    )
    st.caption(t("confidence.pairs_help"))
    st.subheader(t("confidence.voi"))
    voi = pd.DataFrame(
        [
            {
                t("confidence.uncertainty"): group_label(conf, g.key, lang()),
                t("confidence.evppi"): None if g.money is None else g.money.evppi,
                t("confidence.gain"): g.decision.evppi,
                t("confidence.flip_probability"): g.decision.flip_probability,
                t("confidence.winner_low"): names[g.decision.low.winner],
            }
            for g in sorted(conf.groups, key=lambda g: -(g.money.evppi if g.money else 0.0))
        ]
    )
    st.dataframe(
        styled(
            voi,
            {
                t("confidence.evppi"): lambda v: money(v, conf.currency),
                t("confidence.gain"): lambda p: percent(p, 1),
                t("confidence.flip_probability"): lambda p: percent(p, 1),
            },
        ),
        width="stretch",
        hide_index=True,
    )
    st.caption(t("confidence.voi_help", evpi=money(conf.card.evpi, conf.currency)))
