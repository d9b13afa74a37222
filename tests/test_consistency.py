"""Every number computed once: the page (AppTest), the CLI's JSON and the report data agree.

For the bundled example with the same settings and seed, each number a page shows (ranking,
all-methods table, stability intervals, rank acceptability, consensus, Kendall's W, TCO, NPV
percentiles, P(NPV > 0)) is read from the page's own table, from ``crm-select ... --json`` and
from :func:`crm_select.services.report.report_data`, and the three must be equal (to the float,
or to the digits a page prints where it prints text).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from crm_select.cli.main import app as cli_app
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services import report as report_service
from crm_select.services.decision import OpenDecision, load_decision
from crm_select.services.report import ReportData, report_data
from crm_select.ui.plain_text import plain

pytestmark = pytest.mark.slow  # pages, the command line and a Monte Carlo: kept out of test-fast

ROOT = Path(__file__).resolve().parents[1]
TRIALS = 2000


def cli(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, [*args, str(EXAMPLE_SCENARIO), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The page's table with this column (its numbers, whatever the display format)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def joined(at: AppTest, *columns: str) -> pd.DataFrame:
    """The page's table holding these columns, by option: a wide table comes in parts that fit
    a 1024 px window (each repeating the option), so each column is read from its part."""
    shown: pd.DataFrame | None = None
    for column in columns:
        part = table(at, column).set_index("Option")
        shown = part if shown is None else shown.join(part[part.columns.difference(shown.columns)])
    assert shown is not None
    return shown


def by_name(d: OpenDecision, values: dict[str, Any]) -> dict[str, Any]:
    names = d.option_names()
    return {names[o]: v for o, v in values.items()}


@pytest.fixture(scope="module")
def decision() -> OpenDecision:
    return load_decision(EXAMPLE_SCENARIO)


@pytest.fixture(scope="module")
def report(decision: OpenDecision) -> ReportData:
    return report_data(decision, trials=TRIALS)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppTest]:
    """The app on the bundled example (the decision a fresh start opens)."""
    import streamlit as st

    mp = pytest.MonkeyPatch()
    mp.setenv("CRM_SELECT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    mp.delenv("DATABASE_URL", raising=False)
    mp.chdir(ROOT)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    yield at
    st.cache_resource.clear()
    mp.undo()


def visit(at: AppTest, path: str) -> AppTest:
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_ranking_and_all_methods_agree(
    page: AppTest, decision: OpenDecision, report: ReportData
) -> None:
    visit(page, "views/ranking.py")
    shown = table(page, "Rank").set_index("Option")
    ranked = cli("rank")
    names = decision.option_names()
    assert [names[r["option"]] for r in ranked["ranking"]] == list(shown.sort_values("Rank").index)
    for row in ranked["ranking"]:
        assert shown.loc[names[row["option"]], "Score"] == pytest.approx(row["score"], abs=1e-12)
        assert shown.loc[names[row["option"]], "Rank"] == row["rank"]
    assert [(r.option, r.rank) for r in report.ranking.ranking()] == [
        (r["option"], r["rank"]) for r in ranked["ranking"]
    ]
    assert [r.score for r in report.ranking.ranking()] == pytest.approx(
        [r["score"] for r in ranked["ranking"]], abs=1e-12
    )

    methods = table(page, "Weighted sum")
    every = cli("rank", "--method", "all")
    labels = {"wsm": "Weighted sum", "wpm": "Weighted product", "topsis": "TOPSIS",
              "vikor": "VIKOR", "promethee": "PROMETHEE II"}  # fmt: skip
    assert set(every["methods"]) == set(labels) == set(report.methods.results)
    for m, label in labels.items():
        cli_ranks = {names[r["option"]]: r["rank"] for r in every["methods"][m]["ranking"]}
        assert methods[label].to_dict() == cli_ranks
        res = report.methods.results[m]
        assert {names[o]: int(r) for o, r in zip(res.options, res.ranks, strict=True)} == cli_ranks


def test_stability_intervals_agree(
    page: AppTest, decision: OpenDecision, report: ReportData
) -> None:
    visit(page, "views/ranking.py")
    shown = table(page, "Winner stays first from").set_index("Criterion")
    cli_rows = {r["criterion"]: r for r in cli("sensitivity")["stability"]}
    names = decision.criterion_names("en")
    assert len(shown) == len(cli_rows) == len(report.stability.intervals)
    for iv in report.stability.intervals:
        row = cli_rows[iv.criterion]
        assert (row["weight"], row["lower"], row["upper"]) == pytest.approx(
            (iv.weight, iv.lower, iv.upper), abs=1e-12
        )
        on_page = shown.loc[names[iv.criterion]]
        assert (on_page["Weight"], on_page["Winner stays first from"], on_page["to"]) == (
            pytest.approx((iv.weight, iv.lower, iv.upper), abs=1e-12)
        )


def acceptability_on_page(at: AppTest) -> pd.DataFrame:
    return table(at, "Rank 1")


def test_rank_acceptability_agrees(
    page: AppTest, decision: OpenDecision, report: ReportData
) -> None:
    visit(page, "views/ranking.py")
    shown = acceptability_on_page(page)
    ra = cli("sensitivity")["rank_acceptability"]
    assert (ra["samples"], ra["seed"], ra["score_noise"]) == (10_000, 0, "sem")
    cli_p = by_name(decision, {o: v["rank_probabilities"] for o, v in ra["options"].items()})
    for name, probs in cli_p.items():
        assert list(shown.loc[name]) == pytest.approx(probs, abs=1e-15)
    rep = report.acceptability
    assert (rep.samples, rep.seed, rep.score_noise) == (10_000, 0, "sem")
    for option, probs in zip(rep.options, rep.acceptability.tolist(), strict=True):
        assert probs == pytest.approx(ra["options"][option]["rank_probabilities"], abs=1e-15)


@pytest.mark.parametrize(("noise", "seed"), [("sd", 5), ("none", 11)])
def test_the_cli_reproduces_the_pages_rank_acceptability(
    page: AppTest, decision: OpenDecision, noise: str, seed: int
) -> None:
    visit(page, "views/ranking.py")
    page.selectbox(key="smaa_noise").set_value(noise)
    page.text_input(key="smaa_seed").set_value(str(seed)).run()
    assert not page.exception
    shown = acceptability_on_page(page)
    ra = cli("sensitivity", "--score-noise", noise, "--seed", str(seed))["rank_acceptability"]
    assert (ra["seed"], ra["score_noise"]) == (seed, noise)
    for name, probs in by_name(
        decision, {o: v["rank_probabilities"] for o, v in ra["options"].items()}
    ).items():
        assert list(shown.loc[name]) == pytest.approx(probs, abs=1e-15)
    page.selectbox(key="smaa_noise").set_value("sem")
    page.text_input(key="smaa_seed").set_value("0").run()


@pytest.mark.parametrize("aggregate", ["mean", "median"])
def test_consensus_and_kendalls_w_agree(
    page: AppTest, decision: OpenDecision, report: ReportData, aggregate: str
) -> None:
    visit(page, "views/scoring.py")
    page.radio(key="score_aggregate").set_value(aggregate).run()
    assert not page.exception
    com = cli("committee", "--aggregate", aggregate)
    assert com["aggregate"] == aggregate
    crit = decision.criterion_names("en")
    rated = [crit[c] for c in decision.scenario.criteria.rating_scales]
    shown = next(d.value for d in page.dataframe if set(rated) <= set(d.value.columns))
    for option, cells in by_name(decision, com["consensus_matrix"]).items():
        for c, v in cells.items():
            assert shown.loc[option, crit[c]] == pytest.approx(v, abs=1e-12)
    w_table = table(page, "W").set_index("Criterion")
    assert len(w_table) == len(com["kendall_w"])
    for c, w in com["kendall_w"].items():
        on_page = w_table["W"].astype(float).to_dict()[crit[c]]
        assert np.isnan(on_page) if w is None else on_page == pytest.approx(w, abs=1e-12)
    overall = next(m for m in page.metric if m.label == "Agreement (Kendall's W)")
    assert overall.value == f"{com['overall_w']:.2f}"
    if aggregate == "mean":
        cons = report.committee.consensus
        assert cons is not None
        for i, o in enumerate(cons.tensor.options):
            for j, c in enumerate(cons.tensor.criteria):
                assert cons.values[i, j] == pytest.approx(com["consensus_matrix"][o][c], abs=1e-12)
        assert report.committee.overall_w == pytest.approx(com["overall_w"], abs=1e-12)
        assert {c: k.w for c, k in report.committee.kendall.items()} == pytest.approx(
            com["kendall_w"], abs=1e-12
        )


def test_tco_npv_percentiles_and_p_npv_agree(
    page: AppTest, decision: OpenDecision, report: ReportData
) -> None:
    visit(page, "views/finance.py")
    page.select_slider[0].set_value(TRIALS)
    page.button(key="FormSubmitter:run-Run simulation").click().run()
    assert not page.exception
    shown = joined(  # the summary, in parts
        page, "TCO (mean)", "NPV P5", "NPV P50", "NPV P95", "P(NPV > 0)", "Break-even uplift"
    )
    sim = cli("simulate", "--trials", str(TRIALS))
    assert (sim["trials"], sim["seed"]) == (report.trials, report.seed)
    names = decision.option_names()
    for o in sim["options"]:
        row = shown.loc[names[o["option_id"]]]
        rep = report.sim_option(o["option_id"])
        assert row["TCO (mean)"] == pytest.approx(o["tco"], rel=1e-12) == rep.tco
        for p, label in (("p5", "NPV P5"), ("p50", "NPV P50"), ("p95", "NPV P95")):
            assert row[label] == pytest.approx(o["npv"][p], rel=1e-12)
            assert rep.npv[p] == pytest.approx(o["npv"][p], rel=1e-12)
        assert row["P(NPV > 0)"] == pytest.approx(o["p_npv_positive"], abs=1e-15)
        assert rep.p_npv_positive == pytest.approx(o["p_npv_positive"], abs=1e-15)
        # break-even uplift and the outcome reading: one service function on every surface
        assert row["Break-even uplift"] == pytest.approx(o["break_even"]["scale"], rel=1e-12)
        assert report.break_even[o["option_id"]].scale == pytest.approx(
            o["break_even"]["scale"], rel=1e-12
        )
        for kind, share in o["outcome_shares"].items():
            assert rep.outcome_shares[kind] == pytest.approx(share, abs=1e-15)
        assert rep.p_npv_positive_by_outcome == pytest.approx(o["p_npv_positive_by_outcome"])
    outcomes = joined(page, "Partial success", "Partial: P(NPV > 0)")  # in parts at 1024 px
    for o in sim["options"]:
        row = outcomes.loc[names[o["option_id"]]]
        assert row["Partial success"] == pytest.approx(o["outcome_shares"]["partial"], abs=1e-15)
        assert row["Partial: P(NPV > 0)"] == pytest.approx(
            o["p_npv_positive_by_outcome"]["partial"], abs=1e-15
        )


def test_decision_confidence_agrees(
    page: AppTest, decision: OpenDecision, report: ReportData
) -> None:
    """The Ranking page's Confidence tab, `crm-select confidence --json` and the report's
    decision card: the same P(first), P(highest NPV), card and EVPI for the same seed."""
    visit(page, "views/ranking.py")
    page.select_slider(key="conf_trials").set_value(TRIALS).run()
    page.button(key="conf_run").click().run()
    assert not page.exception
    column = "Rank 1"
    frame = next(d.value for d in page.dataframe if "P(highest NPV)" in d.value.columns)
    table = frame.set_index(frame.columns[0])
    seed = decision.scenario.finance.simulation.seed
    got = cli("confidence", "--trials", str(TRIALS), "--seed", str(seed))
    conf = report.confidence
    assert conf is not None
    assert (conf.trials, conf.seed, got["trials"], got["seed"]) == (TRIALS, seed, TRIALS, seed)
    names = decision.option_names("en")
    for o, v in got["options"].items():
        assert table[column][names[o]] == v["p_first"]
        assert v["p_first"] == conf.joint.first_rank[conf.options.index(o)]
        assert v["p_best_npv"] == conf.npv.p_best[o]
    assert got["card"]["recommended"] == conf.card.recommended
    assert got["value_of_information"]["evpi"] == conf.card.evpi
    shown = next(i.value for i in page.info if i.value.startswith("Recommended"))
    assert shown == "\n\n".join(plain(line) for line in got["card_text"])


def test_the_decks_confidence_card_agrees_with_the_report_page_and_the_cli(
    page: AppTest, decision: OpenDecision
) -> None:
    """The deck's "How sure are we?" slide, the Report page's decision card and `crm-select
    confidence --json` for the same decision and the scenario's trials and seed: the chart's
    P(ranks first) and P(highest NPV) are the CLI's, the slide's sentences are the page's."""
    visit(page, "views/report.py")
    shown = next(i.value for i in page.info if i.value.startswith("Recommended"))
    data = report_data(decision)
    deck = Presentation(io.BytesIO(report_service.pptx(data, "en")))
    slide = next(s for s in deck.slides if s.shapes.title.text.startswith("How sure"))
    frames = [
        sh.text_frame for sh in slide.shapes if sh.has_text_frame and sh != slide.shapes.title
    ]
    bullets = [p.text.removeprefix("• ") for f in frames for p in f.paragraphs if p.text]
    assert shown == "\n\n".join(plain(b) for b in bullets)

    got = cli("confidence")
    sim = decision.scenario.finance.simulation
    assert (got["trials"], got["seed"]) == (sim.trials, sim.seed) == (data.trials, data.seed)
    chart: Any = next(sh.chart for sh in slide.shapes if sh.has_chart)
    first, best = chart.plots[0].series
    by_option = {v["name"]: v for v in got["options"].values()}  # named as the card names them
    names = list(chart.plots[0].categories)
    assert sorted(names) == sorted(by_option)
    assert list(first.values) == [by_option[n]["p_first"] for n in names]
    assert list(best.values) == [by_option[n]["p_best_npv"] for n in names]
    assert names[0] == got["options"][got["card"]["recommended"]]["name"]
