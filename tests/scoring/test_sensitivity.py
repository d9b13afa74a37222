"""Stability intervals, minimal change, OAT sweep and SMAA."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scoring.methods import METHODS
from scoring.sensitivity import moved_weights, oat_sweep, scores_for, stability_intervals
from scoring.smaa import sample_weights, smaa

X = np.array([[7.0, 2, 5], [4, 6, 5.5], [5, 5, 3]])
W = np.array([0.5, 0.3, 0.2])
D = np.array([1, 1, 1])


def test_moved_weights_rescale_the_others_proportionally() -> None:
    w = moved_weights(W, 0, np.array([0.2, 0.8]))
    assert np.allclose(w.sum(axis=1), 1)
    assert np.allclose(w[:, 1] / w[:, 2], 1.5)


def test_wsm_stability_interval_is_exact() -> None:
    # minmax: A1 = (1, 0, 0.8), A2 = (0, 1, 1), A3 = (1/3, 3/4, 0)
    # with w1 = t, others (1 - t)(0.6, 0.4): A1 = t + 0.32 (1 - t), A2 = 1 - t,
    # A3 = t/3 + 0.45 (1 - t); A1 >= A2 iff t >= 0.68/1.68 = 17/42; A1 >= A3 iff t >= 0.163
    intervals, mc = stability_intervals(X, W, D, "wsm", ["c1", "c2", "c3"], ["A1", "A2", "A3"])
    s = intervals[0]
    assert s.lower == pytest.approx(17 / 42)
    assert s.upper == pytest.approx(1.0)
    assert s.winner_below == "A2"
    assert s.winner_above is None
    assert mc is not None
    assert mc.criterion in ("c1", "c2", "c3")
    assert abs(mc.change) == pytest.approx(min(i.margin for i in intervals))
    # just past the minimal change, the winner really changes
    j = ["c1", "c2", "c3"].index(mc.criterion)
    t = mc.to_weight + np.sign(mc.change) * 1e-6
    assert int(np.argmax(scores_for(X, moved_weights(W, j, np.array([t]))[0], D, "wsm"))) != 0


@pytest.mark.parametrize("method", METHODS)
def test_stability_interval_contains_the_weight_and_winner_holds_inside(method: str) -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 9, (5, 4))
    w = rng.dirichlet(np.ones(4))
    d = np.array([1, -1, 1, 1])
    intervals, _ = stability_intervals(x, w, d, method)
    base = int(np.argmax(scores_for(x, w, d, method)))
    for j, s in enumerate(intervals):
        assert s.lower <= s.weight + 1e-12 <= s.upper + 2e-12
        inside = np.linspace(s.lower, s.upper, 7)[1:-1]
        sc = scores_for(x, moved_weights(w, j, inside), d, method)
        assert np.all(sc[:, base] >= sc.max(axis=1) - 1e-9)


def test_oat_sweep_shapes_and_records() -> None:
    sw = oat_sweep(X, W, D, "topsis", ["c1", "c2", "c3"], ["A1", "A2", "A3"], points=5)
    assert sw.scores.shape == (3, 5, 3)
    assert sw.winners.shape == (3, 5)
    assert len(sw.records()) == 3 * 5 * 3


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=15)
@given(
    x=arrays(float, (4, 3), elements=st.floats(1, 10)),
    seed=st.integers(0, 2**32 - 1),
    noisy=st.booleans(),
)
def test_smaa_probabilities_sum_to_one_over_ranks_and_options(
    method: str, x: np.ndarray, seed: int, noisy: bool
) -> None:
    sd = np.full(x.shape, 0.5) if noisy else None
    bounds = (np.full(3, 0.5), np.full(3, 10.0))
    r = smaa(x, W, D, method, samples=300, seed=seed, score_sd=sd, chunk=128, bounds=bounds)
    assert np.allclose(r.acceptability.sum(axis=0), 1)
    assert np.allclose(r.acceptability.sum(axis=1), 1)
    assert np.all(r.acceptability >= -1e-12)


def test_smaa_is_seeded_and_reproducible() -> None:
    a = smaa(X, W, D, samples=2000, seed=42, score_sd=np.full(X.shape, 0.3))
    b = smaa(X, W, D, samples=2000, seed=42, score_sd=np.full(X.shape, 0.3))
    c = smaa(X, W, D, samples=2000, seed=43, score_sd=np.full(X.shape, 0.3))
    assert np.array_equal(a.acceptability, b.acceptability)
    assert not np.array_equal(a.acceptability, c.acceptability)


def test_smaa_central_weights_favour_the_criterion_an_option_is_best_on() -> None:
    r = smaa(X, None, D, samples=20000, seed=1)
    assert r.concentration is None
    # A1 wins when c1 weighs a lot; A2 when c2/c3 do
    assert r.central_weights[0, 0] > 1 / 3
    assert r.central_weights[1, 0] < 1 / 3
    assert np.allclose(np.nansum(r.central_weights, axis=1)[~np.isnan(r.central_weights[:, 0])], 1)


def test_smaa_fast_wsm_path_agrees_with_full_sampling() -> None:
    sd = np.full(X.shape, 0.8)
    fast = smaa(X, W, D, "wsm", samples=40000, seed=5, score_sd=sd)
    # the general path on the same model: fixed normalisation constants, noise per cell
    rng = np.random.default_rng(9)
    w = sample_weights(rng, W, 3, 40000, 100.0)
    span = X.max(axis=0) - X.min(axis=0)
    n = (X - X.min(axis=0)) / span + (sd / span) * rng.standard_normal((40000, 3, 3))
    s = np.einsum("smn,sn->sm", n, w)
    first = np.bincount(s.argmax(axis=1), minlength=3) / 40000
    assert np.allclose(fast.first_rank, first, atol=0.015)


def test_dirichlet_concentration_controls_the_spread() -> None:
    rng = np.random.default_rng(0)
    tight = sample_weights(rng, W, 3, 20000, 1000.0)
    loose = sample_weights(rng, W, 3, 20000, 10.0)
    assert np.allclose(tight.mean(axis=0), W, atol=0.01)
    assert np.allclose(loose.mean(axis=0), W, atol=0.01)
    assert tight.std(axis=0)[0] == pytest.approx(np.sqrt(0.25 / 1001), rel=0.05)
    assert loose.std(axis=0)[0] == pytest.approx(np.sqrt(0.25 / 11), rel=0.05)
