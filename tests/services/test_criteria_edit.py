"""Criteria added, renamed and removed: ids stay stable keys, names change in one language,
a removal takes its scores, judgements and preference function with it, and the rules refuse
empty and duplicate names and an empty group."""

from __future__ import annotations

import pytest
import yaml

from crm_select.models.criteria import Interest, Judgement, WeightingMethod
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLES_DIR
from crm_select.models.ranking_settings import Preference, PreferenceFunction
from crm_select.models.scenario import Scenario
from crm_select.services.criteria_edit import (
    CriteriaEditError,
    add_criterion,
    removal_effects,
    remove_criterion,
    rename_criterion,
)
from crm_select.services.decision import open_decision
from crm_select.services.ranking import rank
from crm_select.services.score_gaps import Reason, score_gaps
from crm_select.store.workspaces import weights_fingerprint

B2B = EXAMPLES_DIR / "b2b-distributor.yaml"
CAT = load_catalog()


@pytest.fixture(scope="module")
def b2b() -> Scenario:
    return load_scenario(B2B, CAT)


def test_add_in_english(b2b: Scenario) -> None:
    sc, cid = add_criterion(b2b, Interest.FUNCTIONALITY, "  Mobile app quality ", "en")
    assert cid == "mobile_app_quality"
    func = next(g for g in sc.criteria.groups if g.id is Interest.FUNCTIONALITY)
    new = func.criteria[-1]
    assert new.id == cid
    assert new.name == {"en": "Mobile app quality"}
    assert new.weight == 1  # the group's smallest direct points (design: least important)
    assert (new.scale.min, new.scale.max) == (0, 5)  # type: ignore[union-attr]
    assert cid in sc.criteria.rating_scales
    # nobody has scored it yet: the ranking says so by name instead of counting it as zero
    d = open_decision(sc, CAT)
    gaps = score_gaps(d)
    assert [(x.criterion, x.reason) for x in gaps.left_out] == [(cid, Reason.NO_RATERS)]
    assert cid not in rank(d).criteria


def test_add_in_russian_transliterates_the_id(b2b: Scenario) -> None:
    sc, cid = add_criterion(
        b2b, Interest.RISK, "Удобство мобильного приложения", "ru", scale=(1, 10)
    )
    assert cid == "udobstvo_mobilnogo_prilozheniya"
    new = sc.criteria.criteria[-1]
    assert new.name == {"ru": "Удобство мобильного приложения"}
    assert (new.scale.min, new.scale.max) == (1, 10)  # type: ignore[union-attr]


def test_new_id_never_takes_an_option_or_rater_id(b2b: Scenario) -> None:
    _, cid = add_criterion(b2b, Interest.RISK, "amoCRM", "en")
    assert cid == "amocrm_2"
    _, cid = add_criterion(b2b, Interest.RISK, "Petrov", "en")
    assert cid == "petrov_2"


def test_rank_and_swing_start_last() -> None:
    base = load_scenario(B2B, CAT)
    groups = [
        g.model_copy(
            update={
                "criteria": [
                    c.model_copy(update={"rank": i + 1, "swing": max(100 - 10 * i, 10)})
                    for i, c in enumerate(g.criteria)
                ]
            }
        )
        for g in base.criteria.groups
    ]
    tree = base.criteria.model_copy(update={"groups": groups, "method": WeightingMethod.ROC})
    sc, _ = add_criterion(base.model_copy(update={"criteria": tree}), Interest.BUDGET, "X", "en")
    budget = next(g for g in sc.criteria.groups if g.id is Interest.BUDGET)
    assert [c.rank for c in budget.criteria] == [1, 2, 3, 4]
    assert [c.swing for c in budget.criteria] == [100, 90, 80, 80]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "empty_name"),
        ("   ", "empty_name"),
        ("ease of use FOR managers", "duplicate_name"),  # the English name of usability
        ("a\x07b", "invalid_name"),
        ("x" * 201, "invalid_name"),
    ],
)
def test_names_refused(b2b: Scenario, name: str, code: str) -> None:
    with pytest.raises(CriteriaEditError) as err:
        add_criterion(b2b, Interest.RISK, name, "en")
    assert err.value.code == code
    with pytest.raises(CriteriaEditError) as err:
        rename_criterion(b2b, "process_fit", name, "en")
    assert err.value.code == code


def test_duplicate_in_russian_is_by_the_russian_name(b2b: Scenario) -> None:
    with pytest.raises(CriteriaEditError) as err:
        add_criterion(b2b, Interest.RISK, "удобство для менеджеров", "ru")
    assert err.value.code == "duplicate_name"
    # the English name is free in Russian (a different language's name)
    add_criterion(b2b, Interest.RISK, "Ease of use for managers", "ru")


def test_a_scale_upside_down_is_refused(b2b: Scenario) -> None:
    with pytest.raises(CriteriaEditError) as err:
        add_criterion(b2b, Interest.RISK, "X", "en", scale=(5, 5))
    assert err.value.code == "bad_scale"


def test_rename_changes_one_language_only(b2b: Scenario) -> None:
    sc = rename_criterion(b2b, "usability", "Удобство для продавцов", "ru")
    c = next(c for c in sc.criteria.criteria if c.id == "usability")
    assert c.name == {"en": "Ease of use for managers", "ru": "Удобство для продавцов"}
    assert sc.scores == b2b.scores
    assert weights_fingerprint(sc) == weights_fingerprint(b2b)  # allowed while weights locked
    # keeping its own name is no duplicate
    rename_criterion(b2b, "usability", "Ease of use for managers", "en")


def test_rename_a_name_given_in_no_language(b2b: Scenario) -> None:
    sc, cid = add_criterion(b2b, Interest.RISK, "Plain", "en")
    groups = [
        g.model_copy(
            update={
                "criteria": [
                    c.model_copy(update={"name": "Plain"}) if c.id == cid else c for c in g.criteria
                ]
            }
        )
        for g in sc.criteria.groups
    ]
    plain = sc.model_copy(update={"criteria": sc.criteria.model_copy(update={"groups": groups})})
    renamed = rename_criterion(plain, cid, "Простой", "ru")
    c = next(c for c in renamed.criteria.criteria if c.id == cid)
    assert c.name == {"en": "Plain", "ru": "Простой"}


def test_removal_effects_counted_from_the_file(b2b: Scenario) -> None:
    raw = yaml.safe_load(B2B.read_text(encoding="utf-8"))
    expected = {
        rater: n
        for rater, by_option in raw["scores"].items()
        if (n := sum(1 for cells in by_option.values() if cells.get("usability") is not None))
    }
    fx = removal_effects(b2b, "usability")
    assert fx.scores == expected
    assert fx.cells == sum(expected.values())
    assert fx.weight == pytest.approx(0.35 * 3 / 29)  # functionality 35 of 100, 3 of its 29
    assert fx.group is Interest.FUNCTIONALITY
    assert not fx.last_in_group


def test_remove_takes_scores_judgements_and_preference(b2b: Scenario) -> None:
    groups = [
        g.model_copy(
            update={
                "pairwise": [
                    Judgement(a="time_to_deploy", b="pilot_possible", value=3),
                    Judgement(a="time_to_deploy", b="partner_availability", value=2),
                ]
            }
        )
        if g.id is Interest.DEADLINES
        else g
        for g in b2b.criteria.groups
    ]
    ranking = b2b.ranking.model_copy(
        update={"promethee": {"pilot_possible": Preference(function=PreferenceFunction.USUAL)}}
    )
    sc = b2b.model_copy(
        update={
            "criteria": b2b.criteria.model_copy(update={"groups": groups}),
            "ranking": ranking,
        }
    )
    fx = removal_effects(sc, "pilot_possible")
    assert fx.judgements == 1
    assert fx.preference
    out = remove_criterion(sc, "pilot_possible")
    assert "pilot_possible" not in {c.id for c in out.criteria.criteria}
    deadlines = next(g for g in out.criteria.groups if g.id is Interest.DEADLINES)
    assert [(j.a, j.b) for j in deadlines.pairwise] == [("time_to_deploy", "partner_availability")]
    assert out.ranking.promethee == {}
    assert all("pilot_possible" not in cells for r in out.scores.values() for cells in r.values())
    assert len(rank(open_decision(out, CAT)).ranking()) == len(out.options)


def test_the_last_criterion_of_a_group_stays(b2b: Scenario) -> None:
    sc = remove_criterion(remove_criterion(b2b, "tco"), "upfront_cash")
    fx = removal_effects(sc, "cost_predictability")
    assert fx.last_in_group
    with pytest.raises(CriteriaEditError) as err:
        remove_criterion(sc, "cost_predictability")
    assert err.value.code == "last_in_group"
    assert err.value.params == {"group": "budget"}


def test_unknown_criterion(b2b: Scenario) -> None:
    with pytest.raises(CriteriaEditError) as err:
        removal_effects(b2b, "nope")
    assert err.value.code == "unknown_criterion"


def ahp_star(b2b: Scenario) -> Scenario:
    """b2b under AHP: in each group the first criterion is judged twice as important as each
    other one (a spanning star), the interests likewise around functionality."""
    groups = [
        g.model_copy(
            update={
                "pairwise": [Judgement(a=g.criteria[0].id, b=c.id, value=2) for c in g.criteria[1:]]
            }
        )
        for g in b2b.criteria.groups
    ]
    tree = b2b.criteria.model_copy(
        update={
            "method": WeightingMethod.AHP,
            "groups": groups,
            "group_pairwise": [
                Judgement(a="functionality", b=g.id.value, value=2) for g in groups[1:]
            ],
        }
    )
    return b2b.model_copy(update={"criteria": tree})


def test_under_ahp_a_new_criterion_is_linked_as_the_least_important(b2b: Scenario) -> None:
    from scoring.weights import tree_weights

    sc, cid = add_criterion(ahp_star(b2b), Interest.DEADLINES, "Vendor SLA", "en")
    deadlines = next(g for g in sc.criteria.groups if g.id is Interest.DEADLINES)
    assert (deadlines.pairwise[-1].a, deadlines.pairwise[-1].value) == (cid, 1)
    local = tree_weights(sc.criteria).local  # computable: every criterion stays linked
    # hub 2 : each leaf 1, and the new one judged equal to a leaf: 2 / 6 and 1 / 6 each
    assert local["time_to_deploy"] == pytest.approx(2 / 6)
    assert local[cid] == pytest.approx(1 / 6)


def test_under_ahp_removing_the_only_link_waits(b2b: Scenario) -> None:
    sc = ahp_star(b2b)
    fx = removal_effects(sc, "time_to_deploy")  # the deadlines group's hub
    assert set(fx.unlinks) == {"time_to_first_value", "pilot_possible", "partner_availability"}
    with pytest.raises(CriteriaEditError) as err:
        remove_criterion(sc, "time_to_deploy")
    assert err.value.code == "ahp_unlinks"
    assert removal_effects(sc, "pilot_possible").unlinks == ()  # a leaf can go
    out = remove_criterion(sc, "pilot_possible")
    assert len(rank(open_decision(out, CAT)).ranking()) == len(out.options)
