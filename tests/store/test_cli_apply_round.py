"""`crm-select workspace apply-round|show|lock` with a revealed round: the command line applies
it (or brings back earlier scores) and locking applies a waiting round unless told to keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.scenario import Scenario
from crm_select.store.api import (
    Actor,
    Role,
    create_workspace,
    invite_rater,
    load_scenario,
    open_database,
    reveal_round,
    start_scoring,
    submit_score,
)
from tests.store.conftest import scenario_data

EXAMPLE = {"ivan": {"opt0": {"c0": 5}, "opt1": {"c0": 1}}}


@pytest.fixture
def revealed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Workspace ws1: the file's rater ivan with scores; anna (invited) scored round 1, revealed."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CRM_SELECT_DATA_DIR", str(tmp_path / "data"))
    data = scenario_data(options=2, criteria=1, raters=["ivan"])
    data["scores"] = EXAMPLE
    db = open_database()
    try:
        create_workspace(db, Scenario.model_validate(data), "Fiona", workspace_id="ws1")
        chair = Actor("ws1", "facilitator", Role.FACILITATOR, "Fiona")
        invite_rater(db, chair, "anna", "Anna")
        start_scoring(db, chair)
        anna = Actor("ws1", "anna", Role.RATER, "Anna")
        submit_score(db, anna, "opt0", "c0", 1, expected_version=0)
        submit_score(db, anna, "opt1", "c0", 4, expected_version=0)
        reveal_round(db, chair)
    finally:
        db.dispose()
    return "ws1"


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["workspace", *args])
    assert result.exit_code == 0, result.output
    return result.output


def stored() -> Scenario:
    db = open_database()
    try:
        return load_scenario(db, Actor.operator("ws1"))
    finally:
        db.dispose()


def test_apply_show_and_undo(revealed: str) -> None:
    shown = run("show", revealed)
    assert "scores: the scenario file (Ivan)" in shown
    assert "round 1 is revealed but not applied" in shown
    assert "version 2 (applied round 1)" in run("apply-round", revealed)
    assert stored().scores == {"anna": {"opt0": {"c0": 1}, "opt1": {"c0": 4}}}
    shown = run("show", revealed)
    assert "scores: round 1 (Anna)" in shown
    assert "not applied" not in shown
    again = CliRunner().invoke(app, ["workspace", "apply-round", revealed])
    assert again.exit_code == 2
    assert "already the decision's" in again.output
    assert "version 3 (scores of version 1 restored)" in run(
        "apply-round", revealed, "--from-version", "1"
    )
    assert stored().scores == EXAMPLE


@pytest.mark.parametrize(("pending", "scores"), [("apply", {"anna"}), ("keep", {"ivan"})])
def test_lock_applies_a_waiting_round_unless_told_to_keep(
    revealed: str, pending: str, scores: set[str]
) -> None:
    run("lock", revealed, "--pending", pending)
    assert set(stored().scores) == scores
    assert "locked" in run("show", revealed)
