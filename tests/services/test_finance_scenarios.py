"""Named finance scenarios: kept with the decision, surviving a reload, compared side by side.

The comparison's economics are checked as properties against the base case computed
independently per scenario (a lower negotiated price lowers TCO and raises NPV; an unchanged
scenario reproduces the current figures exactly, draw for draw).
"""

from __future__ import annotations

import json

import pytest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import MAX_FINANCE_SCENARIOS, Scenario
from crm_select.models.schema_version import upgrade
from crm_select.services import finance_scenarios as fs
from crm_select.services.decision import open_decision
from crm_select.services.edits import (
    LeverEdit,
    OutcomeSumError,
    edit_levers,
    edit_outcomes,
    outcome_table,
    shortlist,
)
from crm_select.services.simulation import simulate

CATALOG = load_catalog()
TRIALS = 1_000


@pytest.fixture(scope="module")
def b2b() -> Scenario:
    return load_scenario(EXAMPLE_SCENARIO, CATALOG)


def negotiated(scenario: Scenario, option_id: str, discount: float) -> Scenario:
    options = [
        e.model_copy(update={"overrides": e.overrides.model_copy(update={"discount": discount})})
        if e.option_id == option_id
        else e
        for e in scenario.options
    ]
    return Scenario.model_validate(
        scenario.model_copy(update={"options": options}).model_dump(mode="json")
    )


def pessimistic(scenario: Scenario) -> Scenario:
    return edit_levers(scenario, {"cross_sales": LeverEdit(False)})


@pytest.fixture(scope="module")
def kept(b2b: Scenario) -> Scenario:
    """base (the example), negotiated (20 % off the first option's licences), pessimistic
    (cross-sales off); the decision's current assumptions are the pessimistic ones."""
    first = b2b.options[0].option_id
    s = fs.keep(b2b, "base")
    s = fs.keep(negotiated(s, first, 0.2), "negotiated price")
    s = negotiated(s, first, 0.0)
    return fs.keep(pessimistic(s), "pessimistic")


def test_kept_scenarios_survive_a_reload_as_json(kept: Scenario) -> None:
    again = Scenario.model_validate_json(kept.model_dump_json())
    assert [k.name for k in again.finance_scenarios] == ["base", "negotiated price", "pessimistic"]
    assert again.finance_scenarios == kept.finance_scenarios
    first = kept.options[0].option_id
    assert again.finance_scenarios[1].options[first].overrides.discount == 0.2


def test_an_older_file_upgrades_to_no_kept_scenarios(b2b: Scenario) -> None:
    doc = json.loads(b2b.model_dump_json(exclude={"finance_scenarios"}))
    doc["schema_version"] = 6
    assert upgrade(doc)["finance_scenarios"] == []
    assert Scenario.model_validate(doc).finance_scenarios == []


def test_keeping_a_name_again_replaces_it_in_place(kept: Scenario) -> None:
    again = fs.keep(kept, "base")
    assert [k.name for k in again.finance_scenarios] == [k.name for k in kept.finance_scenarios]
    assert again.finance_scenarios[0].finance == kept.finance  # now the current (pessimistic)
    assert [k.name for k in fs.remove(kept, "base").finance_scenarios] == [
        "negotiated price",
        "pessimistic",
    ]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_scenario_needs_a_name(b2b: Scenario, name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        fs.keep(b2b, name)


def test_a_decision_keeps_a_bounded_number_of_scenarios(b2b: Scenario) -> None:
    s = b2b
    for i in range(MAX_FINANCE_SCENARIOS):
        s = fs.keep(s, f"s{i}")
    with pytest.raises(ValueError, match="finance_scenarios"):
        fs.keep(s, "one too many")


def test_unknown_options_and_duplicate_names_are_refused(kept: Scenario) -> None:
    doc = json.loads(kept.model_dump_json())
    doc["finance_scenarios"][0]["options"]["no-such-option"] = {}
    with pytest.raises(ValueError, match="not on the shortlist"):
        Scenario.model_validate(doc)
    doc = json.loads(kept.model_dump_json())
    doc["finance_scenarios"][1]["name"] = "base"
    with pytest.raises(ValueError, match="already the name"):
        Scenario.model_validate(doc)


def test_an_option_leaving_the_shortlist_leaves_the_kept_scenarios(kept: Scenario) -> None:
    gone = kept.options[0].option_id
    rest = [e.catalog_id for e in kept.options[1:] if e.catalog_id]
    out = shortlist(kept, rest)
    assert all(gone not in k.options for k in out.finance_scenarios)
    assert len(out.finance_scenarios) == 3


def test_the_current_assumptions_show_only_when_no_kept_scenario_has_them(
    kept: Scenario, b2b: Scenario
) -> None:
    assert list(fs.variants(kept)) == ["base", "negotiated price", "pessimistic"]
    changed = edit_levers(kept, {"margin": LeverEdit(False)})
    assert list(fs.variants(changed)) == [fs.CURRENT, "base", "negotiated price", "pessimistic"]
    # a scenario applied to the decision is the decision as it was kept (company stays)
    base = fs.variants(kept)["base"]
    assert base.finance == b2b.finance
    assert base.options == b2b.options


@pytest.fixture(scope="module")
def comparison(kept: Scenario) -> fs.FinanceComparison:
    return fs.compare(open_decision(kept, CATALOG), trials=TRIALS, seed=7)


def test_an_unchanged_scenario_reproduces_the_decisions_own_run(
    b2b: Scenario, comparison: fs.FinanceComparison
) -> None:
    own = simulate(open_decision(b2b, CATALOG), trials=TRIALS, seed=7)
    for o in own.options:
        f = comparison.figures["base"][o.option_id]
        assert f.tco == o.tco
        assert (f.npv_p5, f.npv_p50, f.npv_p95) == (o.npv["p5"], o.npv["p50"], o.npv["p95"])
        assert f.p_npv_positive == o.p_npv_positive
        assert comparison.verdict("base", o.option_id, "tco") == "same"


def test_a_negotiated_discount_lowers_tco_and_raises_npv_only_for_its_option(
    kept: Scenario, comparison: fs.FinanceComparison
) -> None:
    first = kept.options[0].option_id
    base, deal = comparison.figures["base"], comparison.figures["negotiated price"]
    assert deal[first].tco < base[first].tco
    assert deal[first].npv_p50 > base[first].npv_p50
    assert comparison.verdict("negotiated price", first, "tco") == "better"
    assert comparison.verdict("negotiated price", first, "npv_p50") == "better"
    change = comparison.change("negotiated price", first, "npv_p50")
    assert change == pytest.approx(deal[first].npv_p50 - base[first].npv_p50)
    for other in comparison.option_ids[1:]:  # common random numbers: the others do not move
        assert deal[other] == base[other]


def test_losing_a_benefit_lever_lowers_every_options_npv(
    comparison: fs.FinanceComparison,
) -> None:
    for o in comparison.option_ids:
        base, worse = comparison.figures["base"][o], comparison.figures["pessimistic"][o]
        assert worse.tco == base.tco  # costs unchanged
        assert worse.npv_p50 < base.npv_p50
        assert worse.p_npv_positive <= base.p_npv_positive
        assert comparison.verdict("pessimistic", o, "npv_p50") == "worse"


def test_the_baseline_can_be_any_scenario(kept: Scenario) -> None:
    d = open_decision(kept, CATALOG)
    c = fs.compare(d, trials=TRIALS, seed=7, baseline="pessimistic")
    first = kept.options[0].option_id
    assert c.verdict("base", first, "npv_p50") == "better"
    assert c.change("pessimistic", first, "npv_p50") == 0
    with pytest.raises(ValueError, match="unknown baseline"):
        fs.compare(d, trials=TRIALS, seed=7, baseline="nope")


def test_the_comparison_is_json_ready(comparison: fs.FinanceComparison) -> None:
    out = json.loads(json.dumps(comparison.to_dict(), allow_nan=False))
    assert [s["name"] for s in out["scenarios"]] == list(comparison.scenarios)
    first = comparison.option_ids[0]
    deal = out["scenarios"][1]["options"][first]
    assert deal["change"]["tco"] < 0


def test_outcome_probabilities_are_edited_per_delivery_type(b2b: Scenario) -> None:
    table = outcome_table(b2b)
    assert table["saas"] == (0.36, 0.40, 0.24)  # schema 9: the independent evidence's split
    out = edit_outcomes(b2b, {"saas": (0.5, 0.3, 0.2)})
    assert out.finance.risk.outcome.saas.full == 0.5
    assert out.finance.risk.outcome.boxed == b2b.finance.risk.outcome.boxed
    with pytest.raises(OutcomeSumError) as err:
        edit_outcomes(b2b, {"custom": (0.5, 0.5, 0.2)})
    assert err.value.delivery == "custom"
    assert err.value.total == pytest.approx(1.2)
    with pytest.raises(ValueError, match="less than or equal to 1"):
        edit_outcomes(b2b, {"boxed": (1.2, -0.1, -0.1)})
