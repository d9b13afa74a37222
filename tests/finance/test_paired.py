"""Paired comparisons on common random numbers: identical, dominating and nearly equal options."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from finance.paired import difference, p_best, paired_comparisons
from finance.value_of_information import TrialArrayError


def test_identical_options_are_a_coin_toss() -> None:
    rng = np.random.default_rng(1)
    a = rng.normal(100, 30, 10_000)
    pc = paired_comparisons(np.column_stack([a, a]), ["A", "A2"])
    assert pc.pair("A", "A2").p_a_better == 0.5
    assert pc.pair("A2", "A").p_a_better == 0.5
    assert pc.p_best == {"A": 0.5, "A2": 0.5}
    assert pc.pair("A", "A2").mean == 0.0
    assert not pc.pair("A", "A2").distinguishable


def test_an_option_ahead_in_every_trial_wins_with_certainty() -> None:
    rng = np.random.default_rng(2)
    b = rng.normal(0, 50, 5_000)
    a = b + rng.uniform(0.01, 1.0, 5_000)
    pc = paired_comparisons(np.column_stack([a, b]), ["A", "B"])
    assert pc.pair("A", "B").p_a_better == 1.0
    assert pc.pair("B", "A").p_a_better == 0.0
    assert pc.p_best == {"A": 1.0, "B": 0.0}
    assert pc.pair("A", "B").distinguishable


def test_pairing_cancels_the_shared_uncertainty() -> None:
    """A = Z + 1 + e_a, B = Z + e_b: the difference is N(1, 2 x 0.5^2) whatever Z's spread,
    so P(A > B) = Phi(1 / (0.5 sqrt 2)) = 0.921, although the two NPV distributions (sd of Z
    is 20) overlap almost entirely."""
    rng = np.random.default_rng(3)
    s = 100_000
    z = rng.normal(0, 20, s)
    a = z + 1 + rng.normal(0, 0.5, s)
    b = z + rng.normal(0, 0.5, s)
    c = paired_comparisons(np.column_stack([a, b]), ["A", "B"]).pair("A", "B")
    expected = norm.cdf(1 / (0.5 * 2**0.5))
    assert c.p_a_better == pytest.approx(expected, abs=0.005)
    assert c.mean == pytest.approx(1.0, abs=3 * c.se)
    assert c.sd == pytest.approx(0.5 * 2**0.5, rel=0.02)
    assert c.quantiles[0.05] == pytest.approx(1 + norm.ppf(0.05) * 0.5 * 2**0.5, abs=0.02)
    # unpaired, the same marginals would look like a coin toss
    unpaired = (a > rng.permutation(b)).mean()
    assert unpaired == pytest.approx(0.52, abs=0.02)


def test_matrix_and_best_probabilities_are_consistent() -> None:
    rng = np.random.default_rng(4)
    npv = rng.normal([0, 1, 2], 3, (20_000, 3))
    pc = paired_comparisons(npv)
    m = pc.matrix()
    assert np.allclose(m + m.T, 1.0)
    assert sum(pc.p_best.values()) == pytest.approx(1.0)
    assert pc.options == ("O1", "O2", "O3")
    assert max(pc.p_best, key=lambda o: pc.p_best[o]) == "O3"
    assert np.allclose(difference(npv, 2, 0), npv[:, 2] - npv[:, 0])
    assert np.allclose(p_best(npv), list(pc.p_best.values()))


def test_ties_are_shared() -> None:
    npv = np.array([[1.0, 1.0, 0.0], [2.0, 1.0, 2.0], [0.0, 5.0, 1.0], [3.0, 3.0, 3.0]])
    assert p_best(npv).tolist() == pytest.approx([(0.5 + 0.5 + 0 + 1 / 3) / 4,
                                                  (0.5 + 0 + 1 + 1 / 3) / 4,
                                                  (0 + 0.5 + 0 + 1 / 3) / 4])  # fmt: skip


def test_bad_arrays_are_errors() -> None:
    with pytest.raises(TrialArrayError, match="npv must be"):
        paired_comparisons(np.zeros(5))
    with pytest.raises(TrialArrayError, match="non-finite"):
        paired_comparisons(np.array([[1.0, np.inf], [0.0, 1.0]]))
    with pytest.raises(TrialArrayError, match="2 option names for 3 options"):
        paired_comparisons(np.zeros((4, 3)), ["a", "b"])
