"""One weight set for a whole page: the what-if shares reach the method comparison and the rank
acceptability as they reach the ranking and the stability intervals (issue 18, item 8)."""

from __future__ import annotations

import pytest

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.ranking_settings import Method, Normalisation, Robustness
from crm_select.models.scenario import Scenario
from crm_select.services.decision import OpenDecision, open_decision, prepare
from crm_select.services.ranking import compare_methods, what_if
from crm_select.services.robustness import rank_acceptability, stability
from scoring.analysis import with_group_shares
from scoring.errors import ScoringError

SHARES = {"functionality": 1.0, "deadlines": 0.0, "budget": 0.0, "risk": 0.0}


@pytest.fixture(scope="module")
def decision() -> OpenDecision:
    catalog = load_catalog()
    return open_decision(load_scenario(EXAMPLE_SCENARIO, catalog), catalog)


def test_every_method_in_the_comparison_ranks_with_the_what_if_weights(
    decision: OpenDecision,
) -> None:
    comp = compare_methods(decision, None, SHARES)
    for method in Method:
        if method.value not in comp.results:
            continue
        settings = decision.settings.model_copy(update={"method": method})
        alone = what_if(decision, SHARES, settings)
        assert comp.results[method.value].ranks.tolist() == alone.ranks.tolist(), method
    saved = compare_methods(decision)
    assert comp.results["wsm"].winner != saved.results["wsm"].winner  # the shares matter here


def test_moved_weights_keep_proportions_within_groups(decision: OpenDecision) -> None:
    dec = prepare(decision, decision.settings)
    moved = with_group_shares(dec, SHARES)
    functional = [c for c, g in dec.tree.group_of.items() if g == "functionality"]
    total = sum(dec.weights[c] for c in functional)
    for c in functional:
        assert moved.weights[c] == pytest.approx(dec.weights[c] / total)
    assert moved.groups == pytest.approx(SHARES)
    assert with_group_shares(dec, None) is dec
    assert stability(decision, SHARES).weights == pytest.approx(moved.weights)


def test_rank_acceptability_centres_on_the_what_if_weights(decision: OpenDecision) -> None:
    sharp = decision.settings.model_copy(
        update={"robustness": Robustness(samples=2_000, concentration=1000.0, seed=7)}
    )
    res = rank_acceptability(decision, sharp, SHARES)
    leader = what_if(decision, SHARES, sharp).winner
    first = dict(zip(res.options, res.acceptability[:, 0], strict=True))
    assert max(first, key=lambda o: first[o]) == leader
    saved_leader = what_if(decision, None, sharp).winner
    assert leader != saved_leader


def test_a_method_that_cannot_read_a_criterion_names_it_everywhere(decision: OpenDecision) -> None:
    """A rating scale may go below 0 (the model allows -5..5); max normalisation reads ratios and
    refuses such a criterion, naming it, for the ranking and the stability intervals alike (the
    Ranking page shows that message instead of a traceback)."""
    data = decision.scenario.model_dump(mode="json")
    crit = next(
        c for g in data["criteria"]["groups"] for c in g["criteria"] if c["id"] == "usability"
    )
    crit["scale"] = {"kind": "rating", "min": -5, "max": 5}
    for by_option in data["scores"].values():
        by_option["amocrm"]["usability"] = -2
    catalog = load_catalog()
    negative = open_decision(Scenario.model_validate(data), catalog)
    wpm = negative.settings.model_copy(update={"method": Method.WPM})
    for use in (lambda: what_if(negative, None, wpm), lambda: stability(negative, None, wpm)):
        with pytest.raises(ScoringError) as err:
            use()
        assert (err.value.code, err.value.where) == ("normalisation_nonpositive", "usability")
    minmax = wpm.model_copy(
        update={"normalisation": {**wpm.normalisation, Method.WPM: Normalisation.MINMAX}}
    )
    assert what_if(negative, None, minmax).winner
