"""Every method, and SMAA with every method, runs on every matrix the app can produce.

The app's matrices: rating columns on 0..5 (zeros allowed, ties common), measured columns
(counts 0..3, weeks, money), columns where every option is equal or every value is 0, one
option, identical options, weights of 1 %. Each method returns finite scores and valid ranks;
the only refusal is a negative value under max normalisation, as a ScoringError with a code.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.analysis import compare_methods, rank_matrix
from scoring.methods import METHODS
from scoring.methods.wpm import WPM_FLOOR, wpm, wpm_explained
from scoring.smaa import smaa


@st.composite
def app_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, 6))
    cols = []
    for _ in range(n):
        kind = draw(st.sampled_from(["rating", "count", "money", "constant", "zero"]))
        col: list[float]
        if kind == "rating":
            col = draw(st.lists(st.integers(0, 5), min_size=m, max_size=m))
        elif kind == "count":
            col = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
        elif kind == "money":
            col = draw(st.lists(st.floats(1e4, 1e8), min_size=m, max_size=m))
        elif kind == "constant":
            col = [draw(st.floats(0.5, 5))] * m
        else:
            col = [0.0] * m
        cols.append(np.asarray(col, dtype=float))
    x = np.column_stack(cols)
    if m > 1 and draw(st.booleans()):
        x[-1] = x[0]  # identical options
    raw = draw(st.lists(st.sampled_from([0.01, 0.05, 0.2, 1.0]), min_size=n, max_size=n))
    d = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    return x, np.asarray(raw) / sum(raw), d


@settings(max_examples=150)
@given(problem=app_matrices(), method=st.sampled_from(METHODS))
def test_every_method_ranks_every_app_matrix(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], method: str
) -> None:
    x, w, d = problem
    res = rank_matrix(x, w, d, method)
    m = x.shape[0]
    assert np.all(np.isfinite(res.scores))
    assert set(res.ranks.tolist()) <= set(range(1, m + 1))
    assert res.ranks.min() == 1


@settings(max_examples=60)
@given(problem=app_matrices(), method=st.sampled_from(METHODS), noise=st.booleans())
def test_rank_acceptability_runs_with_every_method_on_every_app_matrix(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], method: str, noise: bool
) -> None:
    x, w, d = problem
    sd = np.full(x.shape, 0.8) if noise else None
    res = smaa(x, w, d, method, score_sd=sd, samples=200, seed=1)
    assert np.allclose(res.acceptability.sum(axis=1), 1.0)
    assert np.allclose(res.acceptability.sum(axis=0), 1.0)


def test_one_zero_on_a_1_percent_criterion_no_longer_zeroes_the_product() -> None:
    # A is best on everything except a 0 on a criterion weighing 1 %
    x = np.array([[5, 5, 5, 0], [4, 4, 4, 5], [3, 3, 3, 5.0]])
    w = np.array([0.33, 0.33, 0.33, 0.01])
    res = rank_matrix(x, w, np.ones(4), "wpm", options=["A", "B", "C"],
                      criteria=["fit", "ux", "api", "tiny"])  # fmt: skip
    assert res.winner == "A"
    # the zero costs A exactly the factor floor ** weight: 0.01 ** 0.01 = 0.955
    assert res.scores[0] == pytest.approx(WPM_FLOOR**0.01)
    floored = [(x.code, x.where) for x in res.warnings if x.code == "wpm_floor"]
    assert floored == [("wpm_floor", "A/tiny")]


def test_the_floor_leaves_values_above_it_untouched() -> None:
    x = np.array([[2, 8.0], [4, 4]])
    w = np.array([0.5, 0.5])
    # textbook WPM with max normalisation: prod (x / max) ** w
    expected = np.prod((x / x.max(axis=0)) ** w, axis=1)
    assert np.allclose(wpm(x, w, np.ones(2)), expected)
    assert not wpm_explained(x, w, np.ones(2)).extra["floored"].any()


def test_a_zero_cost_is_the_best_value_and_the_others_sit_at_the_floor() -> None:
    # lock-in 0 (none) is best; min/x = 0 for the others, read at the floor
    x = np.array([[0.0, 3], [2, 3], [4, 3]])
    res = wpm_explained(x, np.array([0.5, 0.5]), np.array([-1, 1]))
    assert res.extra["normalised"][:, 0].tolist() == [1.0, WPM_FLOOR, WPM_FLOOR]
    assert res.extra["floored"][:, 0].tolist() == [False, True, True]


def test_smaa_with_wpm_on_a_matrix_with_zeros_runs() -> None:
    """Issue 18, item 5: SMAA called WPM with max normalisation on zeros and raised."""
    x = np.array([[0, 3, 2], [2, 0, 4], [5, 5, 0.0]])
    res = smaa(x, np.array([0.4, 0.4, 0.2]), np.ones(3), "wpm", score_sd=np.full((3, 3), 0.5),
               samples=2_000, seed=3)  # fmt: skip
    assert np.allclose(res.acceptability.sum(axis=1), 1.0)


def test_compare_methods_skips_nothing_on_zeros() -> None:
    x = np.array([[0, 3, 2], [2, 0, 4], [5, 5, 0.0]])
    comp = compare_methods(x, np.array([0.4, 0.4, 0.2]), np.array([1, -1, 1]))
    assert set(comp.results) == set(METHODS)
    assert not [w for w in comp.warnings if w.code == "method_failed"]


def test_a_criterion_floored_for_every_option_is_not_named() -> None:
    # every option is 0 on "unused": the same factor 0.01 ** 0.2 for all, the ranking is untouched
    x = np.array([[5, 0, 0.0], [3, 0, 4], [4, 0, 5]])
    res = rank_matrix(x, np.array([0.4, 0.2, 0.4]), np.ones(3), "wpm", options=["A", "B", "C"],
                      criteria=["fit", "unused", "api"])  # fmt: skip
    floored = [x.where for x in res.warnings if x.code == "wpm_floor"]
    assert floored == ["A/api"]
    # the ranking is the one without the constant column: prod (x / max) ** w over fit and api
    two = np.prod((x[:, [0, 2]] / x[:, [0, 2]].max(axis=0)).clip(WPM_FLOOR) ** [0.4, 0.4], axis=1)
    assert list(np.argsort(-res.scores)) == list(np.argsort(-two))
