"""Group weights: AIP and AIJ against closed forms, spread, distance from the group, whole trees."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_select.models.criteria import CriteriaTree
from scoring.ahp import geometric_mean_matrix, judgement_matrix
from scoring.errors import ScoringError
from scoring.group_weights import MemberInput, aggregate_level, committee_weights

ITEMS = ("functionality", "deadlines", "budget", "risk")


def points(**p: float) -> dict[str, float]:
    return dict(p)


ANN = MemberInput("ann", points=points(functionality=40, deadlines=20, budget=30, risk=10))
BOB = MemberInput("bob", points=points(functionality=50, deadlines=10, budget=20, risk=20))
CAT = MemberInput("cat", points=points(functionality=30, deadlines=30, budget=30, risk=10))


def consistent(member: str, w: np.ndarray, pairs: list[tuple[int, int]]) -> MemberInput:
    return MemberInput(
        member, judgements=[(ITEMS[i], ITEMS[j], float(w[i] / w[j])) for i, j in pairs]
    )


ALL_PAIRS = [(i, j) for i in range(4) for j in range(i + 1, 4)]


def test_aip_arithmetic_is_the_mean_of_the_members_priorities() -> None:
    g = aggregate_level(ITEMS, [ANN, BOB])
    assert g.weights == pytest.approx(
        {"functionality": 0.45, "deadlines": 0.15, "budget": 0.25, "risk": 0.15}
    )
    assert g.mode == "aip"
    assert g.mean == "arithmetic"
    assert g.members["bob"]["risk"] == pytest.approx(0.2)


def test_member_weights_weigh_the_mean() -> None:
    g = aggregate_level(ITEMS, [ANN, BOB], member_weights={"ann": 3, "bob": 1})
    assert g.weights["functionality"] == pytest.approx(0.75 * 0.4 + 0.25 * 0.5)


def test_aip_geometric_is_the_normalised_geometric_mean_and_a_zero_vetoes() -> None:
    g = aggregate_level(ITEMS, [ANN, BOB], mean="geometric")
    gm = np.sqrt(np.array([0.4, 0.2, 0.3, 0.1]) * np.array([0.5, 0.1, 0.2, 0.2]))
    assert [g.weights[i] for i in ITEMS] == pytest.approx(list(gm / gm.sum()))
    dan = MemberInput("dan", points=points(functionality=0, deadlines=10, budget=80, risk=10))
    assert aggregate_level(ITEMS, [ANN, dan], mean="geometric").weights["functionality"] == 0
    # the arithmetic default keeps functionality: one member cannot veto it
    assert aggregate_level(ITEMS, [ANN, dan]).weights["functionality"] == pytest.approx(0.2)


def test_aij_of_consistent_members_is_the_geometric_mean_of_their_weights() -> None:
    """Aczel & Saaty (1983): the geometric mean of consistent matrices is consistent."""
    w1, w2, w3 = np.array([4, 2, 3, 1.0]), np.array([1, 1, 2, 4.0]), np.array([2, 3, 1, 1.0])
    members = [consistent("a", w1, ALL_PAIRS), consistent("b", w2, ALL_PAIRS),
               consistent("c", w3, ALL_PAIRS)]  # fmt: skip
    g = aggregate_level(ITEMS, members, mode="aij")
    expected = np.cbrt((w1 / w1.sum()) * (w2 / w2.sum()) * (w3 / w3.sum()))
    assert [g.weights[i] for i in ITEMS] == pytest.approx(list(expected / expected.sum()))
    assert g.ahp is not None
    assert g.ahp.cr == pytest.approx(0.0, abs=1e-9)
    # and so it equals AIP with the geometric mean here
    aip = aggregate_level(ITEMS, members, mean="geometric")
    assert aip.weights == pytest.approx(g.weights)


def test_aij_pools_incomplete_judgements_pair_by_pair() -> None:
    # each member links every item (own weights exist); the pairs they judged differ
    a = MemberInput("a", judgements=[("functionality", "deadlines", 3), ("functionality", "budget", 2),
                                     ("functionality", "risk", 5)])  # fmt: skip
    b = MemberInput("b", judgements=[("functionality", "deadlines", 1 / 3), ("deadlines", "budget", 2),
                                     ("budget", "risk", 4)])  # fmt: skip
    g = aggregate_level(ITEMS, [a, b], mode="aij")
    assert g.ahp is not None
    m = g.ahp.matrix
    f, d, bu, r = range(4)
    assert m[f, d] == pytest.approx(1.0)  # sqrt(3 x 1/3): both judged it
    assert m[f, bu] == pytest.approx(2.0)  # only a judged it
    assert m[bu, r] == pytest.approx(4.0)  # only b judged it
    assert ("deadlines", "risk") in g.ahp.missing  # nobody judged it
    assert set(g.member_ahp) == {"a", "b"}


def test_aij_refuses_members_who_gave_points() -> None:
    with pytest.raises(ScoringError) as e:
        aggregate_level(ITEMS, [ANN, consistent("b", np.ones(4), ALL_PAIRS)], mode="aij")
    assert e.value.code == "aij_needs_judgements"
    assert e.value.where == "ann"


def test_geometric_mean_of_judgements_stays_reciprocal_with_gaps() -> None:
    a = judgement_matrix(
        list(ITEMS), [("functionality", "deadlines", 3.0), ("budget", "risk", 5.0)]
    )
    b = judgement_matrix(list(ITEMS), [("functionality", "deadlines", 1 / 2), ("risk", "deadlines", 7.0)])  # fmt: skip
    g = geometric_mean_matrix([a, b], [2.0, 1.0])
    judged = np.isfinite(g)
    assert np.allclose(g[judged] * g.T[judged], 1.0)
    assert g[0, 1] == pytest.approx(3 ** (2 / 3) * 0.5 ** (1 / 3))
    assert np.isnan(g[0, 2])


@given(st.lists(st.lists(st.integers(0, 100), min_size=4, max_size=4).filter(lambda p: sum(p) > 0),
                min_size=1, max_size=6),
       st.sampled_from(["arithmetic", "geometric"]))  # fmt: skip
def test_pareto_if_every_member_puts_i_above_j_so_does_the_group(
    raw: list[list[int]], mean: str
) -> None:
    members = [
        MemberInput(f"m{k}", points=dict(zip(ITEMS, p, strict=True))) for k, p in enumerate(raw)
    ]
    w = np.array([[p[i] / sum(p) for i in range(4)] for p in raw])
    if mean == "geometric" and np.all((w == 0).any(axis=0)):
        with pytest.raises(ScoringError, match="multiply to zero"):
            aggregate_level(ITEMS, members, mean="geometric")
        return
    g = aggregate_level(ITEMS, members, mean=mean)  # type: ignore[arg-type]
    for i in range(4):
        for j in range(4):
            if np.all(w[:, i] >= w[:, j]):
                assert g.weights[ITEMS[i]] >= g.weights[ITEMS[j]] - 1e-12
    assert sum(g.weights.values()) == pytest.approx(1.0)


def test_spread_and_distance_from_the_others() -> None:
    g = aggregate_level(ITEMS, [ANN, BOB, CAT])
    s = g.spread["functionality"]
    assert (s.minimum, s.maximum, s.range) == pytest.approx((0.3, 0.5, 0.2))
    assert s.sd == pytest.approx(np.std([0.4, 0.5, 0.3], ddof=1))
    # ann against the mean of bob and cat: (0.4, 0.2, 0.25, 0.15)
    d = {x.member: x.distance for x in g.distances}
    assert d["ann"] == pytest.approx(0.5 * (0.0 + 0.0 + 0.05 + 0.05))
    assert not any(x.far for x in g.distances)


def test_a_member_who_weighs_the_opposite_way_is_far_from_the_group() -> None:
    dan = MemberInput("dan", points=points(functionality=5, deadlines=5, budget=10, risk=80))
    g = aggregate_level(ITEMS, [ANN, BOB, CAT, dan])
    far = [x.member for x in g.distances if x.far]
    assert far == ["dan"]
    assert ("member_far_from_group", "dan") in [(w.code, w.where) for w in g.warnings]
    two = aggregate_level(ITEMS, [ANN, dan])
    assert not any(x.far for x in two.distances)  # two members: nobody is "the group"


def test_member_ahp_results_and_their_warnings_are_kept() -> None:
    tree = MemberInput("eve", judgements=[("functionality", "deadlines", 2), ("functionality", "budget", 3),
                                          ("functionality", "risk", 4)])  # fmt: skip
    g = aggregate_level(ITEMS, [ANN, tree])
    assert "eve" in g.member_ahp
    assert ("ahp_unchecked", "eve: functionality,deadlines,budget,risk") in [
        (w.code, w.where) for w in g.warnings
    ]


def _tree(fw: float, bw: float, f1: float, f2: float, method: str = "direct") -> CriteriaTree:
    return CriteriaTree.model_validate(
        {
            "method": method,
            "groups": [
                {"id": "functionality", "weight": fw, "criteria": [
                    {"id": "f1", "name": "F1", "weight": f1}, {"id": "f2", "name": "F2", "weight": f2}],
                 "pairwise": [{"a": "f1", "b": "f2", "value": f1 / f2}]},
                {"id": "budget", "weight": bw, "criteria": [{"id": "b1", "name": "B1"}]},
            ],
            "group_pairwise": [{"a": "functionality", "b": "budget", "value": fw / bw}],
        }
    )  # fmt: skip


def test_committee_weights_average_effective_weights_and_split_them_back() -> None:
    trees = {"ann": _tree(60, 40, 3, 1), "bob": _tree(20, 80, 1, 1, method="ahp")}
    cw = committee_weights(trees)
    # ann: f1 .45 f2 .15 b1 .40; bob (AHP, consistent): f1 .10 f2 .10 b1 .80
    assert cw.effective == pytest.approx({"f1": 0.275, "f2": 0.125, "b1": 0.6})
    assert cw.group == pytest.approx({"functionality": 0.4, "budget": 0.6})
    assert cw.local == pytest.approx({"f1": 0.6875, "f2": 0.3125, "b1": 1.0})
    assert cw.group_spread["budget"].range == pytest.approx(0.4)
    assert cw.distances[0].distance == pytest.approx(0.4)
    assert set(cw.members) == {"ann", "bob"}


def test_committee_members_must_weigh_the_same_tree() -> None:
    other = CriteriaTree.model_validate(
        {"groups": [{"id": "budget", "weight": 1, "criteria": [{"id": "b1", "name": "B1"}]}]}
    )
    with pytest.raises(ScoringError) as e:
        committee_weights({"ann": _tree(60, 40, 3, 1), "zed": other})
    assert e.value.code == "member_criteria_differ"
    assert e.value.where == "zed"
