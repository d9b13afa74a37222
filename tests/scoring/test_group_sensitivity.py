"""Group-level sensitivity: exact crossings, dynamic scores, the performance view."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scoring.analysis import rank_matrix
from scoring.errors import ScoringError
from scoring.group_sensitivity import (
    dynamic_scores,
    group_model,
    group_sweep,
    moved_shares,
    performance,
    with_group_share,
)
from scoring.methods import METHODS
from scoring.sensitivity import scores_for

X = np.array([[5, 1, 2, 4], [1, 5, 4, 2], [3, 3, 3, 3.0]])
W = np.array([0.3, 0.2, 0.25, 0.25])
D = np.array([1, 1, 1, -1])
GROUPS = ["functionality", "functionality", "budget", "risk"]
OPTS = ["A", "B", "C"]


def leader_at(x: np.ndarray, w: np.ndarray, d: np.ndarray, groups: list[str], method: str,
              k: int, t: float) -> int:  # fmt: skip
    model = group_model(w, groups)
    ws = model.weights(moved_shares(model.shares, k, np.array([t])))
    return int(np.argmax(scores_for(x, ws, d, method)[0]))


def test_two_options_cross_where_the_lines_meet_by_hand() -> None:
    # A is best on functionality only, B on budget only (both 0/1 after min-max)
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    s = group_sweep(x, np.array([0.5, 0.5]), np.ones(2), ["functionality", "budget"], "wsm",
                    ["A", "B"])  # fmt: skip
    # moving functionality to t: A = t, B = 1 - t, so B leads below 1/2 and A above
    fun = [c for c in s.crossings if c.group == "functionality"]
    assert len(fun) == 1
    assert fun[0].t == pytest.approx(0.5)
    assert (fun[0].before, fun[0].after) == ("B", "A")
    assert s.exact
    assert s.current == {"functionality": 0.5, "budget": 0.5}


@pytest.mark.parametrize("method", METHODS)
def test_every_crossing_changes_the_leader_as_the_kernel_says(method: str) -> None:
    s = group_sweep(X, W, D, GROUPS, method, OPTS)
    assert s.crossings
    for c in s.crossings:
        k = s.groups.index(c.group)
        assert OPTS[leader_at(X, W, D, GROUPS, method, k, c.t - 1e-6)] == c.before
        assert OPTS[leader_at(X, W, D, GROUPS, method, k, c.t + 1e-6)] == c.after
    assert s.exact == (method in ("wsm", "wpm", "promethee"))


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    m = draw(st.integers(2, 6))
    n = draw(st.integers(2, 6))
    x = draw(arrays(float, (m, n), elements=st.integers(1, 9).map(float)))
    w = draw(arrays(float, n, elements=st.floats(0.05, 1)))
    d = draw(arrays(int, n, elements=st.sampled_from([1, -1])))
    groups = [draw(st.sampled_from(["f", "d", "b", "r"])) for _ in range(n)]
    return x, w / w.sum(), d, groups


@settings(max_examples=60)
@given(problem=problems(), method=st.sampled_from(["wsm", "wpm", "promethee"]))
def test_exact_crossings_match_a_dense_grid(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray, list[str]], method: str
) -> None:
    x, w, d, groups = problem
    s = group_sweep(x, w, d, groups, method)
    model = group_model(w, groups)
    t = np.linspace(0, 1, 2001)
    for k, g in enumerate(model.groups):
        sc = scores_for(x, model.weights(moved_shares(model.shares, k, t)), d, method)
        top = sc.max(axis=1, keepdims=True)
        clear = (sc >= top - 1e-9).sum(axis=1) == 1  # skip grid points at a tie
        lead = sc.argmax(axis=1)
        kinks = [c.t for c in s.crossings if c.group == g]
        for p in range(t.size - 1):
            if clear[p] and clear[p + 1] and lead[p] != lead[p + 1]:
                assert any(t[p] - 1e-9 <= kt <= t[p + 1] + 1e-9 for kt in kinks)


@pytest.mark.parametrize("method", METHODS)
def test_dynamic_scores_at_the_current_shares_are_the_ranking(method: str) -> None:
    view = dynamic_scores(X, W, D, GROUPS, {}, method, OPTS)
    res = rank_matrix(X, W, D, method, options=OPTS)
    assert np.allclose(view.scores, res.scores)
    assert view.ranks.tolist() == res.ranks.tolist()
    assert view.leader == res.winner


def test_dragging_one_interest_rescales_the_others_and_keeps_local_weights() -> None:
    shares = {"functionality": 0.5, "budget": 0.25, "risk": 0.25}
    moved = with_group_share(shares, "budget", 0.5)
    assert moved == pytest.approx({"functionality": 1 / 3, "budget": 0.5, "risk": 1 / 6})
    view = dynamic_scores(X, W, D, GROUPS, moved, "wsm", OPTS)
    # functionality's two criteria keep their 3 : 2 proportion
    assert view.weights[0] / view.weights[1] == pytest.approx(1.5)
    assert view.weights.sum() == pytest.approx(1.0)
    with pytest.raises(ScoringError) as e:
        with_group_share(shares, "budget", 1.5)
    assert e.value.code == "share_out_of_range"


@pytest.mark.parametrize("method", METHODS)
def test_performance_view_decomposes_the_score_where_the_method_adds_up(method: str) -> None:
    view = performance(X, W, D, GROUPS, method, OPTS)
    total = rank_matrix(X, W, D, method, options=OPTS).scores
    assert view.performance.shape == (3, 3)
    if view.combine == "sum":
        assert np.allclose(view.contribution.sum(axis=1), total)  # type: ignore[union-attr]
    elif view.combine == "product":
        assert np.allclose(view.contribution.prod(axis=1), total)  # type: ignore[union-attr]
    else:
        assert method in ("topsis", "vikor")
        assert view.contribution is None


def test_wsm_performance_is_the_local_weighted_normalised_score() -> None:
    view = performance(X, W, D, GROUPS, "wsm", OPTS)
    # functionality: min-max columns (1, 0, .5) and (0, 1, .5) with local weights .6/.4
    assert view.performance[:, 0] == pytest.approx([0.6, 0.4, 0.5])
    assert view.shares == pytest.approx({"functionality": 0.5, "budget": 0.25, "risk": 0.25})


def test_a_group_with_no_weight_takes_the_given_local_weights() -> None:
    w = np.array([0.5, 0.5, 0.0, 0.0])
    model = group_model(w, ["f", "f", "b", "b"], local=[0.5, 0.5, 0.8, 0.2])
    assert model.shares.tolist() == [1.0, 0.0]
    assert model.local[2:].tolist() == pytest.approx([0.8, 0.2])
    s = group_sweep(X, w, D, ["f", "f", "b", "b"], "wsm", OPTS, local=[0.5, 0.5, 0.8, 0.2])
    assert s.scores.shape == (2, 101, 3)
    # at t = 1 the budget group alone decides, with its local weights .8/.2
    only_b = scores_for(X, np.array([0, 0, 0.8, 0.2]), D, "wsm")
    assert np.allclose(s.scores[1, -1], only_b)
