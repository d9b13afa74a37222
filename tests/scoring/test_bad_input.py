"""Every bad input of the issue: a clear error or warning, never a crash or a NaN ranking."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from scoring import ScoringError, prepare_decision, rank_matrix, rank_prepared, sensitivity_matrix
from scoring.ahp import ahp
from scoring.methods import METHODS

X = np.array([[3.0, 1, 5], [2, 4, 5], [5, 2, 5]])
W = np.array([0.5, 0.3, 0.2])
D = np.array([1, -1, 1])


@pytest.mark.parametrize("method", METHODS)
def test_zero_variance_criterion_warns_and_contributes_nothing(method: str) -> None:
    res = rank_matrix(X, W, D, method, criteria=["a", "b", "flat"])
    assert ("zero_variance_criterion", "flat") in [(w.code, w.where) for w in res.warnings]
    assert np.all(np.isfinite(res.scores))
    without = rank_matrix(X[:, :2], W[:2], D[:2], method)
    assert res.ranks.tolist() == without.ranks.tolist()


def test_all_zero_weights_is_an_error() -> None:
    with pytest.raises(ScoringError, match="all weights are zero") as e:
        rank_matrix(X, np.zeros(3), D)
    assert e.value.code == "all_weights_zero"


@pytest.mark.parametrize("method", METHODS)
def test_single_option_ranks_first_with_a_warning(method: str) -> None:
    res = rank_matrix(X[:1], W, D, method, options=["only"])
    assert res.ranks.tolist() == [1]
    assert np.all(np.isfinite(res.scores))
    assert next((w.code, w.where) for w in res.warnings) == ("single_option", "only")


def test_single_option_sensitivity_is_trivial() -> None:
    rep = sensitivity_matrix(X[:1], W, D, samples=100)
    assert rep.minimal_change is None
    assert rep.smaa.acceptability.tolist() == [[1.0]]


def test_nan_score_is_an_error_naming_the_cell() -> None:
    x = X.copy()
    x[1, 2] = np.nan
    with pytest.raises(
        ScoringError, match=r"B/c: score is nan \(1 non-finite cell\(s\) in all\)"
    ) as e:
        rank_matrix(x, W, D, options=["A", "B", "C"], criteria=["a", "b", "c"])
    assert e.value.code == "nan_score"


def test_pairwise_matrix_not_reciprocal() -> None:
    with pytest.raises(ScoringError, match="not reciprocal") as e:
        ahp(np.array([[1, 2, 3], [2, 1, 1], [1 / 3, 1, 1]]), ["p", "q", "r"])
    assert e.value.code == "ahp_not_reciprocal"
    assert e.value.where == "p/q"


def test_pairwise_entry_outside_saaty_scale() -> None:
    with pytest.raises(ScoringError, match=r"judgement 12 is outside Saaty's scale 1/9\.\.9") as e:
        ahp(np.array([[1, 12, 1], [1 / 12, 1, 1], [1, 1, 1]]))
    assert e.value.code == "ahp_out_of_range"


def test_rater_who_scored_nothing_warns(
    scenario_factory: Callable, scores_factory: Callable
) -> None:
    scores = scores_factory({"ann": [(2, 3), (4, 4), (3, 2)], "bob": [(2, 2), (5, 4), (3, 3)]})
    scenario, resolved = scenario_factory(scores, raters=("ann", "bob", "idle"))
    res = rank_prepared(prepare_decision(scenario, resolved))
    assert ("rater_no_scores", "idle") in [(w.code, w.where) for w in res.warnings]
    assert np.all(np.isfinite(res.scores))


def test_more_than_1000_options_is_an_error() -> None:
    x = np.random.default_rng(0).uniform(0, 5, (1001, 3))
    with pytest.raises(ScoringError, match="1001 options: at most 1000 can be ranked") as e:
        rank_matrix(x, W, D)
    assert e.value.code == "too_many_options"


def test_shape_mismatch_and_bad_direction() -> None:
    with pytest.raises(ScoringError, match="matrix is 3x3 but got"):
        rank_matrix(X, W[:2], D)
    with pytest.raises(ScoringError, match=r"directions must be \+1"):
        rank_matrix(X, W, np.array([1, 0, 1]))


def test_unknown_method() -> None:
    with pytest.raises(
        ScoringError, match="method must be one of wsm, wpm, topsis, vikor, promethee"
    ):
        rank_matrix(X, W, D, "electre")


def test_max_normalisation_refuses_negative_values_naming_the_criterion() -> None:
    x = X.copy()
    x[0, 1] = -1
    with pytest.raises(ScoringError, match="needs values >= 0") as e:
        rank_matrix(x, W, D, "wpm", criteria=["a", "b", "c"])
    assert e.value.code == "normalisation_nonpositive"
    assert e.value.where == "b"


def test_identical_options_tie_explicitly() -> None:
    x = np.vstack([X, X[0]])
    res = rank_matrix(x, W, D, "wsm", options=["A", "B", "C", "A2"])
    assert res.ranks[0] == res.ranks[3]
    assert ("A", "A2") in res.ties
    assert any(w.code == "tie" and w.where == "A,A2" for w in res.warnings)


def test_all_options_equal_is_all_tied_not_nan() -> None:
    res = rank_matrix(np.ones((3, 2)), np.array([0.5, 0.5]), np.array([1, 1]), "topsis")
    assert res.ranks.tolist() == [1, 1, 1]
    assert any(w.code == "all_options_tied" for w in res.warnings)
    assert np.all(np.isfinite(res.scores))
