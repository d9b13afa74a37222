"""A new decision starts from a blank profile or a bundled example, never from the decision
open at the time."""

from __future__ import annotations

import pytest

from crm_select.models.loader import load_catalog, load_criteria, load_scenario
from crm_select.models.money import Currency
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.services.decision import open_decision
from crm_select.services.new_decision import (
    BLANK,
    NewDecision,
    NewDecisionError,
    currencies,
    start_decision,
    templates,
)
from crm_select.services.ranking import rank
from crm_select.services.score_gaps import Reason, score_gaps

CAT = load_catalog()


def test_blank_profile_has_the_default_tree_and_nothing_else() -> None:
    sc = start_decision(
        NewDecision("Pilot", ("amocrm", "bitrix24-cloud"), BLANK, "Acme", 80, Currency.RUB, "ru"),
        CAT,
    )
    assert sc.name == "Pilot"
    assert sc.language == "ru"
    assert sc.company.name == "Acme"
    assert sc.company.crm_users == 80
    assert sc.company.annual_revenue == 0
    assert [o.option_id for o in sc.options] == ["amocrm", "bitrix24-cloud"]
    assert (sc.raters, sc.scores, sc.finance_scenarios) == ([], {}, [])
    tree = sc.criteria
    assert tree == load_criteria()
    # design 2.2: 11 components + 3 CRM types; 4 deadlines; 3 budget; 7 failure reasons + 5
    assert [len(g.criteria) for g in tree.groups] == [14, 4, 3, 12]
    assert {g.weight for g in tree.groups} == {25}
    assert {c.weight for c in tree.criteria} == {1}


def test_blank_decision_ranks_on_measured_criteria_and_names_the_unscored() -> None:
    sc = start_decision(NewDecision("P", ("amocrm", "bitrix24-cloud", "1c-crm")), CAT)
    d = open_decision(sc, CAT)
    assert len(rank(d).ranking()) == 3
    gaps = score_gaps(d)
    assert {x.criterion for x in gaps.left_out} == {c.id for c in sc.criteria.rated}
    assert {x.reason for x in gaps.left_out} == {Reason.NO_RATERS}


def test_blank_in_dollars_converts_the_reference_rates() -> None:
    """The example gives 81 RUB per USD and 94 RUB per EUR (as of 2026-11-20)."""
    assert set(currencies(CAT)) == {Currency.RUB, Currency.USD, Currency.EUR}
    sc = start_decision(NewDecision("P", ("amocrm",), currency=Currency.USD), CAT)
    assert sc.exchange_rates[Currency.RUB] == pytest.approx(1 / 81)
    assert sc.exchange_rates[Currency.EUR] == pytest.approx(94 / 81)
    assert str(sc.exchange_rates_as_of) == "2026-11-20"


def test_template_copies_the_example_not_the_open_decision() -> None:
    bank = load_scenario(EXAMPLES_DIR / "bank-500.yaml", CAT)
    sc = start_decision(NewDecision("Copy", ("creatio", "1c-crm"), "bank-500"), CAT)
    assert sc.company == bank.company
    assert sc.criteria == bank.criteria
    assert sc.finance == bank.finance
    assert sc.ranking == bank.ranking
    assert [o.option_id for o in sc.options] == ["creatio", "1c-crm"]
    assert (sc.raters, sc.scores, sc.scores_source, sc.finance_scenarios) == ([], {}, None, [])
    assert sc.description == ""


def test_templates_list_blank_then_the_examples() -> None:
    keys = [t.key for t in templates(CAT)]
    assert keys == [BLANK, "b2b-distributor", "bank-500"]


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (NewDecision("P", ()), "no_options"),
        (NewDecision("P", ("no-such-crm",)), "unknown_option"),
        (NewDecision("P", ("amocrm",), "../data/vendors"), "unknown_template"),
        (NewDecision("P", ("amocrm",), "missing-example"), "unknown_template"),
        (NewDecision("  ", ("amocrm",)), "no_name"),
        (NewDecision("P", ("amocrm",), currency=Currency.GBP), "no_rate"),
        (NewDecision("P", ("amocrm",), company="Bad\x07Co"), "invalid"),
    ],
)
def test_bad_requests_are_refused(request_: NewDecision, code: str) -> None:
    with pytest.raises(NewDecisionError) as err:
        start_decision(request_, CAT)
    assert err.value.code == code
