"""Weights: direct, rank-order centroid, swing, hierarchical effective weights and group shares."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_select.models.criteria import CriteriaTree
from scoring.errors import ScoringError
from scoring.weights import (
    direct_weights,
    reweight_groups,
    roc_weights,
    swing_weights,
    tree_weights,
)


def test_direct_weights_normalise() -> None:
    assert np.allclose(direct_weights([2, 1, 1]), [0.5, 0.25, 0.25])


def test_all_zero_weights_is_an_error() -> None:
    with pytest.raises(ScoringError, match="all weights are zero") as e:
        direct_weights([0, 0, 0], ["a", "b", "c"])
    assert e.value.code == "all_weights_zero"


def test_roc_barron_barrett_values() -> None:
    # Barron & Barrett (1996): n=3 -> 0.6111, 0.2778, 0.1111; n=4 -> 0.5208, 0.2708, 0.1458, 0.0625
    assert np.allclose(roc_weights([1, 2, 3]), [0.6111, 0.2778, 0.1111], atol=1e-4)
    assert np.allclose(roc_weights([3, 1, 4, 2]), [0.1458, 0.5208, 0.0625, 0.2708], atol=1e-4)


def test_roc_ties_share_weight() -> None:
    w = roc_weights([1, 2, 2])
    assert w[1] == pytest.approx(w[2])
    assert w.sum() == pytest.approx(1)


def test_swing_weights() -> None:
    assert np.allclose(swing_weights([100, 50, 50]), [0.5, 0.25, 0.25])


@given(
    st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=30).filter(
        lambda x: sum(x) > 1e-6
    )
)
def test_direct_weights_sum_to_one(points: list[float]) -> None:
    assert direct_weights(points).sum() == pytest.approx(1.0)


@given(st.lists(st.integers(1, 10), min_size=1, max_size=15))
def test_roc_weights_sum_to_one_and_respect_order(ranks: list[int]) -> None:
    w = roc_weights(ranks)
    assert w.sum() == pytest.approx(1.0)
    r = np.array(ranks)
    for i in range(len(r)):
        for j in range(len(r)):
            if r[i] < r[j]:
                assert w[i] > w[j]


def _tree(method: str = "direct", **extra: object) -> CriteriaTree:
    return CriteriaTree.model_validate(
        {
            "method": method,
            "groups": [
                {"id": "functionality", "weight": 40, "rank": 1, "swing": 100,
                 "criteria": [{"id": "f1", "name": "F1", "weight": 3, "rank": 1, "swing": 100},
                              {"id": "f2", "name": "F2", "weight": 1, "rank": 2, "swing": 40}],
                 "pairwise": [{"a": "f1", "b": "f2", "value": 3}]},
                {"id": "deadlines", "weight": 20, "rank": 3, "swing": 50,
                 "criteria": [{"id": "d1", "name": "D1", "rank": 1, "swing": 100}]},
                {"id": "budget", "weight": 30, "rank": 2, "swing": 80,
                 "criteria": [{"id": "b1", "name": "B1", "direction": "cost", "rank": 1, "swing": 100}]},
                {"id": "risk", "weight": 10, "rank": 4, "swing": 20,
                 "criteria": [{"id": "r1", "name": "R1", "direction": "cost", "rank": 1, "swing": 100}]},
            ],
            **extra,
        }
    )  # fmt: skip


def test_tree_effective_weight_is_group_times_local() -> None:
    tw = tree_weights(_tree())
    assert tw.group == pytest.approx(
        {"functionality": 0.4, "deadlines": 0.2, "budget": 0.3, "risk": 0.1}
    )
    assert tw.local["f1"] == pytest.approx(0.75)
    assert tw.effective["f1"] == pytest.approx(0.3)
    assert tw.effective["f2"] == pytest.approx(0.1)
    assert sum(tw.effective.values()) == pytest.approx(1.0)
    assert tw.group_shares == pytest.approx(tw.group)


@pytest.mark.parametrize("method", ["direct", "roc", "swing", "ahp"])
def test_tree_weights_every_method_sums_to_one(method: str) -> None:
    pairwise = [
        {"a": "functionality", "b": "deadlines", "value": 3}, {"a": "functionality", "b": "budget", "value": 2},
        {"a": "functionality", "b": "risk", "value": 4}, {"a": "budget", "b": "deadlines", "value": 2},
        {"a": "deadlines", "b": "risk", "value": 1}, {"a": "budget", "b": "risk", "value": 2},
    ]  # fmt: skip
    tw = tree_weights(_tree(method, group_pairwise=pairwise if method == "ahp" else []))
    assert sum(tw.effective.values()) == pytest.approx(1.0)
    assert tw.effective["f1"] > tw.effective["f2"]
    if method == "ahp":
        assert set(tw.ahp) == {"groups", "functionality"}
        assert tw.local["f1"] == pytest.approx(0.75)


def test_tree_ahp_unlinked_groups_fall_back_to_their_direct_points_and_say_so() -> None:
    """No judgement between the interests: they are weighed 40/20/30/10 by their points (the
    criteria inside, judged, by AHP: 3:1) and the warning names the level and the next pair."""
    tw = tree_weights(_tree("ahp"))
    assert tw.group == pytest.approx(
        {"functionality": 0.4, "deadlines": 0.2, "budget": 0.3, "risk": 0.1}
    )
    assert tw.local["f1"] == pytest.approx(0.75)
    assert "groups" not in tw.ahp
    assert set(tw.ahp) == {"functionality"}
    (w,) = [w for w in tw.warnings if w.code == "ahp_incomplete"]
    assert w.where == "groups"
    assert "0 of the 3 judgements" in w.message
    assert "judge functionality vs deadlines next" in w.message


def test_tree_ahp_unjudged_level_with_zero_points_is_weighed_equally() -> None:
    tree = _tree("ahp", group_pairwise=[])
    groups = [g.model_copy(update={"pairwise": []}) for g in tree.groups]
    crit = [c.model_copy(update={"weight": 0.0}) for c in groups[0].criteria]
    groups[0] = groups[0].model_copy(update={"criteria": crit})
    tw = tree_weights(tree.model_copy(update={"groups": groups}))
    assert tw.local["f1"] == pytest.approx(0.5)
    assert {w.where for w in tw.warnings if w.code == "ahp_incomplete"} == {
        "groups",
        "functionality",
    }


def test_tree_ahp_weighs_groups_from_a_spanning_tree_of_judgements() -> None:
    star = [
        {"a": "functionality", "b": "deadlines", "value": 2},
        {"a": "functionality", "b": "budget", "value": 4},
        {"a": "risk", "b": "functionality", "value": 1 / 8},
    ]
    tw = tree_weights(_tree("ahp", group_pairwise=star))
    # a tree fixes every ratio: 8 : 4 : 2 : 1
    assert tw.group == pytest.approx(
        {"functionality": 8 / 15, "deadlines": 4 / 15, "budget": 2 / 15, "risk": 1 / 15}
    )
    assert [w.code for w in tw.ahp["groups"].warnings] == ["ahp_unchecked"]
    assert tw.ahp["groups"].cr is None


def test_a_departments_points_replace_only_what_they_name() -> None:
    from crm_select.models.criteria import WeightingMethod
    from crm_select.models.loader import load_scenario
    from crm_select.models.paths import EXAMPLE_SCENARIO
    from scoring.weights import tree_weights, with_direct_points

    tree = load_scenario(EXAMPLE_SCENARIO).criteria
    ahp_tree = tree.model_copy(update={"method": WeightingMethod.AHP})
    weighted = with_direct_points(ahp_tree, {"budget": 70, "risk": 10, "tco": 9})
    assert weighted.method.value == "direct"
    groups = {g.id.value: g for g in weighted.groups}
    assert groups["budget"].weight == 70
    assert groups["functionality"].weight == 35  # not named: the scenario's own points
    assert next(c for c in groups["budget"].criteria if c.id == "tco").weight == 9
    shares = tree_weights(weighted).group_shares
    assert shares["budget"] == pytest.approx(70 / (35 + 20 + 70 + 10))


@settings(max_examples=60)
@given(
    st.lists(st.floats(0.01, 10), min_size=4, max_size=4),
    # slider shares: 0 or a real share (a subnormal share underflows every weight to 0)
    st.lists(st.one_of(st.just(0.0), st.floats(1e-6, 100)), min_size=2, max_size=2).filter(
        lambda s: sum(s) > 0
    ),
)
def test_moving_the_interests_scales_each_group_and_keeps_proportions_inside(
    points: list[float], shares: list[float]
) -> None:
    weights = dict(zip("abcd", (p / sum(points) for p in points), strict=True))
    group_of = {"a": "x", "b": "x", "c": "y", "d": "y"}
    out = reweight_groups(weights, group_of, {"x": shares[0], "y": shares[1]})
    assert sum(out.values()) == pytest.approx(1.0)
    assert out["a"] + out["b"] == pytest.approx(shares[0] / sum(shares))
    if out["b"] > 0:
        assert out["a"] / out["b"] == pytest.approx(weights["a"] / weights["b"])


def test_moving_the_interests_to_the_current_shares_changes_nothing() -> None:
    weights = {"a": 0.1, "b": 0.3, "c": 0.6}
    group_of = {"a": "x", "b": "x", "c": "y"}
    assert reweight_groups(weights, group_of, {"x": 40, "y": 60}) == pytest.approx(weights)
    with pytest.raises(ScoringError, match="nothing to rank on"):
        reweight_groups(weights, group_of, {"x": 0, "y": 0})
