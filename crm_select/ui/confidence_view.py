"""The Confidence section: the decision card, rank acceptability under the joint uncertainty,
P(highest NPV), the paired NPV comparisons and what is worth finding out (the Ranking page's
tab; the facilitator board shows the card alone, with fewer trials)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from crm_select.models.confidence import ConfidenceSettings, WeightModel
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from crm_select.services import report
from crm_select.services.confidence import Confidence, card_lines
from crm_select.services.errors import PathError, ScoringError, refusal_text
from crm_select.ui.chart_slot import show_chart
from crm_select.ui.charts import heatmap
from crm_select.ui.compute import confidence
from crm_select.ui.i18n import lang, number, t
from crm_select.ui.labels import criterion_names, option_names, warning_line
from crm_select.ui.number_field import number_field
from crm_select.ui.pickers import select_one
from crm_select.ui.plain_text import plain
from crm_select.ui.tables import marked

MODELS = [m for m in WeightModel if m is not WeightModel.DEPARTMENTS]
"""The weight models a scenario can use (the departments' needs a live workspace)."""


def card(scenario: Scenario, conf: Confidence) -> None:
    """The decision card, one sentence a line, options named in the reader's language."""
    lines = card_lines(conf, lang(), option_names(scenario))
    st.info("\n\n".join(plain(line) for line in lines))


def run_or_warn(
    scenario: Scenario,
    settings: RankingSettings,
    run: ConfidenceSettings,
    shares: Mapping[str, float] | None = None,
) -> Confidence | None:
    """The run, or None with the service's message shown (over the budget, cannot rank)."""
    try:
        return confidence(scenario, settings, run, shares)
    except PathError as e:
        st.warning(refusal_text(e, lang()))
    except ScoringError as e:
        st.warning(warning_line(scenario, e.code, e.where, e.message))
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
    except PathError as e:
        st.warning(refusal_text(e, lang()))
        return
    except ScoringError as e:
        st.warning(warning_line(scenario, e.code, e.where, e.message))
        return
    st.markdown(f"**{t('confidence.board')}**")
    card(scenario, conf)
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
    seed = number_field(
        t("ranking.seed"), sim.seed, key="conf_seed", min_value=0, max_value=2**31 - 1,
        where=seed_col, grouped=False,
    )  # fmt: skip
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
    """Everything a run shows, each number from ``conf``: the card, the rank-acceptability
    heatmap, and the report's three tables (the workbook's Confidence sheet)."""
    names = option_names(scenario)
    criteria = criterion_names(scenario)
    card(scenario, conf)
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
            measured=", ".join(criteria[c] for c in conf.measured) or "—",
        )
    )
    ranks, pairs, voi = report.confidence_tables(conf, names.__getitem__, lang())
    st.dataframe(marked(ranks, conf.currency), width="stretch", hide_index=True)
    st.subheader(t("confidence.pairs"))
    st.dataframe(marked(pairs, conf.currency), width="stretch", hide_index=True)
    st.caption(pairs.note)
    st.subheader(t("confidence.voi"))
    st.dataframe(marked(voi, conf.currency), width="stretch", hide_index=True)
    st.caption(voi.note)
