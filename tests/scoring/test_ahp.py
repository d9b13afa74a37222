# ruff: noqa: N802  (test names carry the published method name, e.g. TOPSIS)
"""AHP: Saaty's published example, consistency, diagnosis, bad matrices."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.ahp import (
    RANDOM_INDEX,
    ahp,
    consistency,
    geometric_mean_matrix,
    pairwise_matrix,
    validate_pairwise,
)
from scoring.errors import ScoringError


def test_AHP_saaty1990how_house_example(house: tuple[np.ndarray, list[str]]) -> None:
    res = ahp(*house)
    published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert np.allclose(res.weights, published, atol=5e-4)
    assert res.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert res.ci == pytest.approx(0.238, abs=5e-4)
    assert res.cr == pytest.approx(0.169, abs=5e-4)
    assert res.ri == 1.41
    assert not res.consistent
    assert res.method == "principal eigenvector"
    assert "Saaty" in res.ri_table


def test_AHP_inconsistency_names_judgements_and_repairs(
    house: tuple[np.ndarray, list[str]],
) -> None:
    res = ahp(*house)
    assert len(res.inconsistencies) == 3
    worst = res.inconsistencies[0]
    # neighbourhood vs condition = 6 contradicts condition vs finance and neighbourhood vs finance
    assert {worst.a, worst.b} == {"neighbourhood", "condition"}
    assert worst.cr_after is not None
    assert res.cr is not None
    assert worst.cr_after < res.cr
    assert worst.suggested in (1 / 2, 1 / 3, 1.0, 2.0)
    codes = [w.code for w in res.warnings]
    assert codes[0] == "ahp_inconsistent"
    assert codes.count("ahp_inconsistent_judgement") == 3
    assert res.warnings[1].where == "neighbourhood/condition"


def test_AHP_consistent_matrix_has_zero_cr() -> None:
    w = np.array([0.5, 0.3, 0.2])
    res = ahp(w[:, None] / w[None, :])
    assert np.allclose(res.weights, w)
    assert res.cr == pytest.approx(0.0, abs=1e-9)
    assert res.consistent
    assert res.inconsistencies == ()
    assert res.warnings == ()


def test_random_index_table_extends_to_15() -> None:
    assert [RANDOM_INDEX[n] for n in (3, 4, 5, 10, 15)] == [0.58, 0.90, 1.12, 1.49, 1.59]
    assert consistency(2.0, 2) == (0.0, 0.0, 0.0)
    ci, _ri, cr = consistency(16.5, 15)
    assert cr == pytest.approx(ci / 1.59)


def test_AHP_twenty_one_items_warns_no_random_index() -> None:
    res = ahp(np.ones((21, 21)))
    assert res.cr is None
    assert [w.code for w in res.warnings] == ["ahp_no_random_index"]
    assert np.allclose(res.weights, 1 / 21)


def test_pairwise_not_reciprocal_is_an_error() -> None:
    a = np.array([[1, 3, 1], [3, 1, 1], [1, 1, 1.0]])
    with pytest.raises(ScoringError, match=r"not reciprocal: a\[x,y\]=3 but a\[y,x\]=3") as e:
        validate_pairwise(a, ["x", "y", "z"])
    assert e.value.code == "ahp_not_reciprocal"
    assert e.value.where == "x/y"


@pytest.mark.parametrize("value", [10.0, 1 / 10, 0.0])
def test_pairwise_out_of_range_is_an_error(value: float) -> None:
    a = np.ones((3, 3))
    a[0, 2] = value
    a[2, 0] = 1 / value if value else 1.0
    with pytest.raises(ScoringError, match=r"outside Saaty's scale 1/9..9") as e:
        ahp(a, ["a", "b", "c"])
    assert e.value.code == "ahp_out_of_range"


def test_pairwise_matrix_from_judgements_and_incomplete() -> None:
    a = pairwise_matrix(["a", "b", "c"], [("a", "b", 3), ("c", "a", 2), ("b", "c", 1 / 4)])
    assert a[1, 0] == pytest.approx(1 / 3)
    assert a[0, 2] == pytest.approx(1 / 2)
    with pytest.raises(ScoringError, match=r"1 pair\(s\) not judged: b/c") as e:
        pairwise_matrix(["a", "b", "c"], [("a", "b", 3), ("a", "c", 2)])
    assert e.value.code == "ahp_incomplete"


def test_geometric_mean_of_judgements_stays_reciprocal() -> None:
    a = pairwise_matrix(["a", "b", "c"], [("a", "b", 3), ("a", "c", 5), ("b", "c", 2)])
    b = pairwise_matrix(["a", "b", "c"], [("a", "b", 1 / 3), ("a", "c", 9), ("b", "c", 4)])
    g = geometric_mean_matrix([a, b])
    assert np.allclose(g * g.T, 1)
    assert g[0, 1] == pytest.approx(1.0)
    assert g[0, 2] == pytest.approx(np.sqrt(45))
