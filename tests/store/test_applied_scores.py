"""Applying a revealed round to the decision: its raters and scores become a new version with
their source; blind rounds cannot be applied; earlier scores come back as another version;
raters the scenario listed but nobody invited are not waited for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crm_select.models.scenario import Scenario
from crm_select.store.api import (
    AccessDenied,
    Conflict,
    Database,
    NotFound,
    WorkspaceLocked,
    apply_round,
    create_workspace,
    invite_rater,
    load_scenario,
    lock_workspace,
    mark_submitted,
    raters,
    restore_scores,
    reveal_round,
    score_sets,
    start_next_round,
    start_scoring,
    submission_status,
    submit_score,
    versions,
)
from tests.store.conftest import Committee, scenario_data

EXAMPLE_SCORES = {
    "ivan": {"opt0": {"c0": 5, "c1": 5}, "opt1": {"c0": 0, "c1": 0}},
    "olga": {"opt0": {"c0": 4, "c1": 4}, "opt1": {"c0": 1, "c1": 1}},
}


@pytest.fixture
def with_examples(db: Database) -> Committee:
    """Raters anna and boris invited; ivan and olga only listed in the scenario, with scores."""
    c = Committee(db, ["anna", "boris"], options=2, criteria=2)
    data = scenario_data(options=2, criteria=2, raters=["ivan", "olga"])
    data["scores"] = EXAMPLE_SCORES
    example = Scenario.model_validate(data)
    c.scenario = example
    c.workspace_id = create_workspace(db, example, "Fiona").workspace_id
    c.facilitator = replace(c.facilitator, workspace_id=c.workspace_id)
    for rid in ("anna", "boris"):
        invite_rater(db, c.facilitator, rid, rid.title(), department="sales")
        c.actors[rid] = replace(c.actors[rid], workspace_id=c.workspace_id)
    return c


def score_round(c: Committee, values: dict[str, dict[tuple[str, str], float]]) -> None:
    for rid, cells in values.items():
        for (o, k), v in cells.items():
            submit_score(c.db, c.actors[rid], o, k, v, expected_version=0)
        mark_submitted(c.db, c.actors[rid])


ROUND_1: dict[str, dict[tuple[str, str], float]] = {
    "anna": {("opt0", "c0"): 1, ("opt0", "c1"): 2, ("opt1", "c0"): 5, ("opt1", "c1"): 4},
    "boris": {("opt0", "c0"): 2, ("opt0", "c1"): 1, ("opt1", "c0"): 4, ("opt1", "c1"): 5},
}


def test_uninvited_example_raters_are_not_waited_for(with_examples: Committee) -> None:
    c = with_examples
    start_scoring(c.db, c.facilitator)
    waiting = {s.rater_id for s in submission_status(c.db, c.facilitator)}
    assert waiting == {"anna", "boris"}
    score_round(c, ROUND_1)
    status = submission_status(c.db, c.facilitator)
    assert all(s.submitted for s in status)  # the round can complete
    awaited = {r.id for r in raters(c.db, c.facilitator) if r.awaited}
    assert awaited == {"anna", "boris"}


def test_applying_a_revealed_round_makes_its_scores_the_decisions(
    with_examples: Committee,
) -> None:
    c = with_examples
    start_scoring(c.db, c.facilitator)
    score_round(c, ROUND_1)
    with pytest.raises(Conflict, match="blind"):
        apply_round(c.db, c.facilitator)
    with pytest.raises(AccessDenied):
        apply_round(c.db, c.actors["anna"])
    before = load_scenario(c.db, c.facilitator)
    assert before.scores == EXAMPLE_SCORES
    revealed = reveal_round(c.db, c.facilitator)
    v = apply_round(c.db, c.facilitator)
    assert v.message == "applied round 1"
    sc = load_scenario(c.db, c.facilitator)
    assert [r.id for r in sc.raters] == ["anna", "boris"]
    assert [r.name for r in sc.raters] == ["Anna", "Boris"]
    assert sc.scores == {
        rid: {o: {k: cells[(o, k)] for (oo, k) in cells if oo == o} for (o, _) in cells}
        for rid, cells in ROUND_1.items()
    }
    src = sc.scores_source
    assert src is not None
    assert (src.workspace, src.round, src.raters) == (c.workspace_id, 1, ["anna", "boris"])
    assert src.revealed_at == revealed.revealed_at
    assert src.applied_by == "Fiona"
    assert src.applied_at >= src.revealed_at
    # everything else is the version it was applied to, which stays in the history
    assert sc.criteria == before.criteria
    assert sc.options == before.options
    assert load_scenario(c.db, c.facilitator, v.number - 1).scores == EXAMPLE_SCORES
    with pytest.raises(Conflict, match="already"):
        apply_round(c.db, c.facilitator)


def test_earlier_scores_come_back_as_a_new_version(with_examples: Committee) -> None:
    c = with_examples
    start_scoring(c.db, c.facilitator)
    score_round(c, ROUND_1)
    reveal_round(c.db, c.facilitator)
    example_version = versions(c.db, c.facilitator)[-1].number
    apply_round(c.db, c.facilitator)
    start_next_round(c.db, c.facilitator)
    submit_score(c.db, c.actors["anna"], "opt0", "c0", 5, expected_version=1)
    reveal_round(c.db, c.facilitator)
    apply_round(c.db, c.facilitator, 2)
    assert load_scenario(c.db, c.facilitator).scores["anna"]["opt0"]["c0"] == 5
    sets = score_sets(c.db, c.facilitator)
    assert [(s.round, s.version) for s in sets] == [(2, None), (1, None), (None, example_version)]
    assert sets[2].raters == ("Ivan", "Olga")
    apply_round(c.db, c.facilitator, 1)  # back to round 1
    sc = load_scenario(c.db, c.facilitator)
    assert sc.scores["anna"]["opt0"]["c0"] == 1
    assert sc.scores_source is not None
    assert sc.scores_source.round == 1
    restore_scores(c.db, c.facilitator, example_version)  # back to the example's raters
    sc = load_scenario(c.db, c.facilitator)
    assert sc.scores == EXAMPLE_SCORES
    assert sc.scores_source is None
    assert [r.id for r in sc.raters] == ["ivan", "olga"]


def test_a_locked_decision_takes_no_round(with_examples: Committee) -> None:
    c = with_examples
    start_scoring(c.db, c.facilitator)
    score_round(c, ROUND_1)
    reveal_round(c.db, c.facilitator)
    lock_workspace(c.db, c.facilitator, "final")
    with pytest.raises(WorkspaceLocked):
        apply_round(c.db, c.facilitator)


def test_a_round_nobody_scored_cannot_be_applied(with_examples: Committee) -> None:
    c = with_examples
    start_scoring(c.db, c.facilitator)
    reveal_round(c.db, c.facilitator)
    with pytest.raises(Conflict, match="nobody scored"):
        apply_round(c.db, c.facilitator)
    with pytest.raises(NotFound, match="no round 7"):
        apply_round(c.db, c.facilitator, 7)
