"""Bounded memory: heavy computations are sized from their inputs before they allocate; a run
the budget admits stays under it, a larger one is refused with what would fit."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crm_select.cli.main import app
from crm_select.models.errors import PathError
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.services.decision import load_decision, open_decision
from crm_select.services.errors import refusal_text
from crm_select.services.memory_budget import budget_bytes, check_simulation, check_trials
from crm_select.services.report import report_data
from crm_select.services.robustness import rank_acceptability
from crm_select.services.simulation import simulate

runner = CliRunner()
MB = 2**20


def _largest_fitting() -> int:
    """The most trials of the example the current budget admits."""
    decision = load_decision(EXAMPLE_SCENARIO)
    options = len(decision.resolved)
    lo, hi = 100, 50_000_000
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            check_simulation(decision.scenario, options, mid)
        except PathError:
            hi = mid - 1
        else:
            lo = mid
    return lo


def test_the_budget_is_a_setting_with_a_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRM_SELECT_MEMORY_BUDGET_MB", raising=False)
    assert budget_bytes() == 2048 * MB
    monkeypatch.setenv("CRM_SELECT_MEMORY_BUDGET_MB", "300")
    assert budget_bytes() == 300 * MB


def test_a_billion_trials_are_refused_at_once() -> None:
    decision = load_decision(EXAMPLE_SCENARIO)
    with pytest.raises(PathError, match="must be between 100 and 5,000,000") as info:
        simulate(decision, trials=1_000_000_000)
    assert info.value.path == ("finance", "simulation", "trials")
    result = runner.invoke(app, ["simulate", str(EXAMPLE_SCENARIO), "--trials", "1000000000"])
    assert result.exit_code == 2
    assert "must be between 100 and 5,000,000" in result.output
    assert "Traceback" not in result.output


def test_a_refusal_reads_in_either_language_with_its_numbers() -> None:
    with pytest.raises(PathError) as info:
        check_trials(6_000_000)
    refused = info.value
    assert refusal_text(refused, "en") == refused.message
    assert refused.message == "must be between 100 and 5,000,000, got 6,000,000"
    nbsp = "\u00a0"  # CLDR's Russian group separator
    assert refusal_text(refused, "ru") == (
        f"число испытаний должно быть от 100 до 5{nbsp}000{nbsp}000, задано 6{nbsp}000{nbsp}000"
    )


def test_a_run_over_the_budget_is_refused_with_what_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_SELECT_MEMORY_BUDGET_MB", "256")
    decision = load_decision(EXAMPLE_SCENARIO)
    with pytest.raises(PathError, match=r"the memory budget is 256 MB .* at most [\d,]+ trials"):
        simulate(decision, trials=5_000_000)
    result = runner.invoke(app, ["simulate", str(EXAMPLE_SCENARIO), "--trials", "5000000"])
    assert result.exit_code == 2
    assert "CRM_SELECT_MEMORY_BUDGET_MB" in result.output
    assert "Traceback" not in result.output


def test_export_trials_keep_the_scenarios_limit(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "export",
            str(EXAMPLE_SCENARIO),
            "--trials",
            "6000000",
            "--html",
            str(tmp_path / "r.html"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "trials: must be between 100 and 5,000,000, got 6,000,000" in result.output
    decision = load_decision(EXAMPLE_SCENARIO)
    with pytest.raises(PathError, match="must be between") as info:
        report_data(decision, trials=6_000_000)
    assert info.value.path == ("finance", "simulation", "trials")


@pytest.mark.slow
def test_the_largest_run_a_small_budget_admits_stays_under_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    budget_mb = 160
    monkeypatch.setenv("CRM_SELECT_MEMORY_BUDGET_MB", str(budget_mb))
    trials = _largest_fitting()
    assert trials > 100_000  # the estimate is not absurdly cautious
    decision = load_decision(EXAMPLE_SCENARIO)
    tracemalloc.start()
    try:
        simulate(decision, trials=trials)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < budget_mb * MB, f"{trials:,} trials peaked at {peak / MB:.0f} MB"
    with pytest.raises(PathError):
        simulate(decision, trials=trials + 1)


def test_rank_acceptability_of_many_options_stays_small() -> None:
    """SMAA sizes its chunks from options x options: a 120-option shortlist with many ties
    (every option listed 30 times) stays far under the budget."""
    decision = load_decision(EXAMPLE_SCENARIO)
    sc = decision.scenario
    options = [
        sc.options[i % len(sc.options)].model_copy(update={"id": f"o{i}"}) for i in range(120)
    ]
    many = open_decision(sc.model_copy(update={"options": options, "scores": {}}), decision.catalog)
    s = many.settings
    settings = s.model_copy(
        update={"robustness": s.robustness.model_copy(update={"samples": 2000})}
    )
    tracemalloc.start()
    try:
        result = rank_acceptability(many, settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.acceptability.shape == (120, 120)
    assert peak < 120 * MB, f"peak {peak / MB:.0f} MB"
