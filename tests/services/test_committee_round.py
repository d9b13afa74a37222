"""The committee's scores drive the decision: after the facilitator applies a revealed round,
the ranking is the one computed by hand from the raters' consensus, the board and the report
show the same consensus, and locking applies a waiting round (or keeps the scores, if told)."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import numpy as np
import pytest

from crm_select.models.catalog import Catalog
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.models.scenario import Scenario
from crm_select.services import report
from crm_select.services.committee import (
    Finish,
    committee_analysis,
    decision_scores,
    finish_decision,
    workspace_committee,
)
from crm_select.services.decision import open_decision, prepare
from crm_select.services.ranking import rank
from crm_select.services.workspace import (
    Actor,
    Database,
    Role,
    apply_round,
    create_workspace,
    get_workspace,
    invite,
    mark_submitted,
    open_database,
    reveal_round,
    start_scoring,
    submission_status,
    submit_score,
)
from crm_select.services.workspace import load_scenario as stored_scenario
from scoring.committee import consensus, rating_tensor

Cells = dict[tuple[str, str], float]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def example(catalog: Catalog) -> Scenario:
    return load_scenario(EXAMPLES_DIR / "b2b-distributor.yaml", catalog)


def committee_scores(example: Scenario) -> dict[str, Cells]:
    """Two raters who both prefer the last option on the list (the example's raters do not)."""
    favourite = example.options[-1].option_id
    rng = np.random.default_rng(18)
    out: dict[str, Cells] = {}
    for name in ("Anna Smith", "Boris Orlov"):
        cells: Cells = {}
        for o in example.options:
            for cid, sc in example.criteria.rating_scales.items():
                top = o.option_id == favourite
                cells[(o.option_id, cid)] = (
                    sc.max if top else float(rng.integers(int(sc.min), int(sc.max)))  # max excluded
                )
        out[name] = cells
    return out


def run_round(db: Database, example: Scenario) -> tuple[Actor, dict[str, Cells]]:
    """The example as a workspace; two invited raters score everything, submit, reveal."""
    ws = create_workspace(db, example, "Dmitry Volkov").workspace_id
    chair = Actor(ws, "volkov", Role.FACILITATOR, "Dmitry Volkov")
    start_scoring(db, chair)
    given = committee_scores(example)
    by_id: dict[str, Cells] = {}
    for name, cells in given.items():
        inv = invite(db, chair, name, "sales")
        who = Actor(ws, inv.rater_id, Role.RATER, name)
        for (o, c), v in cells.items():
            submit_score(db, who, o, c, v, expected_version=0)
        mark_submitted(db, who)
        by_id[inv.rater_id] = cells
    status = submission_status(db, chair)
    assert sorted(s.name for s in status) == ["Anna Smith", "Boris Orlov"]  # not the example's
    assert all(s.submitted for s in status)
    reveal_round(db, chair)
    return chair, by_id


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(f"sqlite:///{tmp_path / 'committee.sqlite'}")


def by_hand_mean(by_id: dict[str, Cells], o: str, c: str) -> float:
    return sum(cells[(o, c)] for cells in by_id.values()) / len(by_id)


def test_the_applied_round_drives_the_ranking(
    db: Database, example: Scenario, catalog: Catalog
) -> None:
    chair, by_id = run_round(db, example)
    assert decision_scores(db, chair).pending == 1
    apply_round(db, chair)
    state = decision_scores(db, chair)
    assert state.pending is None
    assert state.source is not None
    assert state.source.round == 1
    assert state.raters == ("Anna Smith", "Boris Orlov")

    decision = open_decision(stored_scenario(db, chair), catalog)
    options = decision.option_ids
    rated = list(decision.scenario.criteria.rating_scales)
    # the consensus is the raters' mean, cell by cell (scoring/committee.py's functions agree)
    tensor, _ = rating_tensor(decision.scenario.scores, list(by_id), options, rated)
    hand = np.array([[by_hand_mean(by_id, o, c) for c in rated] for o in options])
    np.testing.assert_allclose(consensus(tensor).values, hand)
    report_ = committee_analysis(decision)
    assert report_.consensus is not None
    np.testing.assert_allclose(report_.consensus.values, hand)

    # the weighted sum by hand: min-max per criterion (cost reversed), effective weights
    dec = prepare(decision)
    x = dec.matrix.values.copy()
    for j, c in enumerate(dec.matrix.criteria):
        if dec.matrix.source[c] == "raters":
            x[:, j] = hand[:, rated.index(c)]
    np.testing.assert_allclose(x, dec.matrix.values)
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    norm = np.where(dec.matrix.directions > 0, x - lo, hi - x) / span
    expected = norm @ np.array([dec.weights[c] for c in dec.matrix.criteria])
    ranked = rank(decision)
    assert ranked.method == "wsm"
    assert ranked.normalisation == "minmax"
    np.testing.assert_allclose(ranked.scores, expected)
    assert list(np.argsort(-expected, kind="stable")) == [
        options.index(r.option) for r in ranked.ranking()
    ]
    assert ranked.winner == example.options[-1].option_id
    assert rank(open_decision(example, catalog)).winner != ranked.winner


def test_board_and_report_show_the_same_consensus(
    db: Database, example: Scenario, catalog: Catalog
) -> None:
    chair, _ = run_round(db, example)
    board = workspace_committee(db, chair, catalog)
    assert board is not None
    apply_round(db, chair)
    data = report.report_data(open_decision(stored_scenario(db, chair), catalog), trials=200)
    shown = data.committee
    assert shown.consensus is not None
    assert board.consensus is not None
    np.testing.assert_array_equal(shown.consensus.values, board.consensus.values)
    np.testing.assert_array_equal(shown.consensus_ranking.scores, board.consensus_ranking.scores)
    assert shown.overall_w == board.overall_w
    assert set(shown.rater_rankings) == set(board.rater_rankings)
    assert [data.rater_name(r) for r in shown.rater_rankings] == ["Anna Smith", "Boris Orlov"]
    page = unescape(report.html(data, "en"))
    assert "uses round 1's scores: Anna Smith, Boris Orlov (revealed" in page
    assert "Elena Ivanova" not in page  # the example's raters are not the committee any more


@pytest.mark.parametrize("choice", list(Finish))
def test_locking_with_a_revealed_round_applies_it_or_keeps_the_scores(
    db: Database, example: Scenario, choice: Finish
) -> None:
    chair, by_id = run_round(db, example)
    finish_decision(db, chair, choice)
    assert get_workspace(db, chair).locked
    sc = stored_scenario(db, chair)
    if choice is Finish.APPLY:
        assert sc.scores_source is not None
        assert set(sc.scores) == set(by_id)
    else:
        assert sc.scores_source is None
        assert sc.scores == example.scores
