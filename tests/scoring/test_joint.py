"""The joint simulation over weights, scores and money (scoring/joint.py): it reduces to SMAA
when the money is fixed, to P(best NPV) when all the weight is on NPV, and its pairwise and
weight draws behave as stated."""

from __future__ import annotations

import numpy as np
import pytest

from crm_select.models.confidence import WeightModel
from finance.paired import p_best
from scoring.errors import ScoringError
from scoring.joint import JointResult, WeightDraw, joint
from scoring.method_call import MethodCall
from scoring.smaa import smaa

CALLS = {
    "wsm": MethodCall("wsm", "minmax"),
    "wpm": MethodCall("wpm", "max"),
    "topsis": MethodCall("topsis", "vector"),
    "vikor": MethodCall("vikor", None, {"v": 0.5}),
    "promethee": MethodCall("promethee", None, {"preference": "usual", "q": None, "p": None}),
}


@pytest.fixture
def problem() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return rng.uniform(1, 5, (5, 6)), rng.uniform(0.1, 1, 6), np.array([1, 1, -1, 1, -1, 1])


@pytest.mark.parametrize("method", list(CALLS))
def test_money_fixed_is_todays_smaa(problem, method):
    """Same weights model, same seed, nothing else drawn: SMAA-2's acceptability exactly."""
    x, w, d = problem
    call = CALLS[method]
    j = joint(x, w, d, call, trials=4000, seed=4)
    s = smaa(x, w, d, method, samples=4000, seed=4, **call.kwargs())
    np.testing.assert_allclose(j.acceptability, s.acceptability, atol=1e-12)
    u = joint(x, w, d, call, trials=4000, seed=4, draw=WeightDraw(WeightModel.UNIFORM))
    su = smaa(x, None, d, method, samples=4000, seed=4, **call.kwargs())
    np.testing.assert_allclose(u.acceptability, su.acceptability, atol=1e-12)


def test_money_fixed_with_score_noise_matches_smaa(problem):
    """With score noise the streams differ, the distribution does not (TOPSIS perturbs the
    whole matrix in both): within Monte Carlo error of 20,000 trials."""
    x, w, d = problem
    sd = np.full(x.shape, 0.4)
    j = joint(x, w, d, CALLS["topsis"], trials=20_000, seed=1, score_sd=sd)
    s = smaa(x, w, d, "topsis", samples=20_000, seed=2, score_sd=sd, normalisation="vector")
    assert np.abs(j.acceptability - s.acceptability).max() < 0.02


def test_weighted_sum_with_score_noise_matches_smaa(problem):
    """The weighted sum takes SMAA's fast path (one normal per option and trial): the same
    distribution as SMAA's, within Monte Carlo error; and with a measured column fed per
    trial at its matrix value, the same again."""
    x, w, d = problem
    sd = np.full(x.shape, 0.4)
    sd[:, 2] = 0.0
    s = smaa(x, w, d, "wsm", samples=20_000, seed=2, score_sd=sd)
    j = joint(x, w, d, CALLS["wsm"], trials=20_000, seed=1, score_sd=sd)
    assert np.abs(j.acceptability - s.acceptability).max() < 0.02
    fixed = {2: np.tile(x[:, 2], (20_000, 1))}
    jm = joint(x, w, d, CALLS["wsm"], trials=20_000, seed=1, score_sd=sd, measured=fixed)
    np.testing.assert_allclose(jm.acceptability, j.acceptability, atol=1e-12)


def test_all_weight_on_npv_is_p_best_npv():
    """Weights fixed on one measured NPV column fed per trial: P(first) = P(highest NPV)."""
    rng = np.random.default_rng(5)
    m, trials = 4, 5000
    npv = rng.normal([1.0, 1.2, 0.8, 1.1], 1.0, (trials, m))
    x = np.column_stack([rng.uniform(1, 5, m), npv.mean(axis=0), rng.uniform(1, 5, m)])
    w = np.array([0.0, 1.0, 0.0])
    j = joint(x, w, np.array([1, 1, 1]), CALLS["wsm"], trials=trials, seed=0,
              draw=WeightDraw(WeightModel.FIXED), measured={1: npv})  # fmt: skip
    np.testing.assert_allclose(j.first_rank, p_best(npv), atol=1e-12)
    # Dirichlet around weights that carry nothing elsewhere keeps them at 0: same answer
    jd = joint(x, w, np.array([1, 1, 1]), CALLS["wsm"], trials=trials, seed=0, measured={1: npv})
    np.testing.assert_allclose(jd.first_rank, p_best(npv), atol=1e-12)


def test_a_cheap_but_risky_option_moves_with_its_own_cost():
    """A cost criterion fed per trial: an option cheapest on average but often overrunning
    ranks first only in the trials where it is cheapest."""
    rng = np.random.default_rng(2)
    trials = 8000
    risky = np.where(rng.uniform(size=trials) < 0.3, 3.0, 0.8)
    cost = np.column_stack([risky, np.full(trials, 1.0)])
    x = np.array([[0.8, 3.0], [1.0, 3.0]])
    j = joint(x, np.array([1.0, 0.0]), np.array([-1, 1]), CALLS["wsm"], trials=trials,
              draw=WeightDraw(WeightModel.FIXED), measured={0: cost})  # fmt: skip
    assert j.first_rank[0] == pytest.approx((risky < 1.0).mean(), abs=1e-12)


def test_ranked_above_half_for_identical_one_for_dominance():
    x = np.array([[3.0, 2.0], [3.0, 2.0], [4.0, 3.0]])
    j = joint(x, np.array([0.5, 0.5]), np.array([1, 1]), CALLS["wsm"], trials=3000,
              score_sd=np.array([[0.3, 0.3], [0.3, 0.3], [0.0, 0.0]]))  # fmt: skip
    assert j.above[0, 1] == pytest.approx(0.5, abs=0.03)
    assert j.above[0, 1] + j.above[1, 0] == pytest.approx(1.0)
    x2 = np.array([[1.0, 1.0], [2.0, 2.0]])
    j2 = joint(x2, np.array([0.5, 0.5]), np.array([1, 1]), CALLS["wsm"], trials=500)
    assert j2.above[1, 0] == 1.0
    assert j2.above[0, 1] == 0.0
    same = joint(x2[[0, 0]], np.array([0.5, 0.5]), np.array([1, 1]), CALLS["wsm"], trials=200)
    assert same.above[0, 1] == 0.5
    assert np.allclose(same.first, 0.5)


def test_seeds_reproduce(problem):
    x, w, d = problem
    sd = np.full(x.shape, 0.3)
    a = joint(x, w, d, CALLS["wsm"], trials=2000, seed=9, score_sd=sd)
    b = joint(x, w, d, CALLS["wsm"], trials=2000, seed=9, score_sd=sd)
    c = joint(x, w, d, CALLS["wsm"], trials=2000, seed=10, score_sd=sd)
    assert np.array_equal(a.first, b.first)
    assert np.array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)


def test_band_and_departments_stay_within_what_was_stated(problem):
    x, w, d = problem
    band = joint(x, w, d, CALLS["wsm"], trials=2000, draw=WeightDraw(WeightModel.BAND, band=0.2))
    ratio = (band.weights[:, 0] / band.weights[:, 1]) / (w[0] / w[1])
    assert ratio.min() >= 0.8 / 1.2 - 1e-12
    assert ratio.max() <= 1.2 / 0.8 + 1e-12
    sets = np.array([[0.5, 0.1, 0.1, 0.1, 0.1, 0.1], [0.1, 0.5, 0.1, 0.1, 0.1, 0.1]])
    dep = joint(x, w, d, CALLS["wsm"], trials=2000,
                draw=WeightDraw(WeightModel.DEPARTMENTS, sets=sets))  # fmt: skip
    assert np.all(dep.weights >= sets.min(axis=0) - 1e-12)
    assert np.all(dep.weights <= sets.max(axis=0) + 1e-12)
    fixed = joint(x, w, d, CALLS["wsm"], trials=10, draw=WeightDraw(WeightModel.FIXED))
    np.testing.assert_allclose(fixed.weights, np.tile(w / w.sum(), (10, 1)))


def test_rank_probabilities_sum_to_one(problem):
    x, w, d = problem
    j = joint(x, w, d, CALLS["vikor"], trials=1000, score_sd=np.full(x.shape, 0.5),
              measured={0: np.random.default_rng(0).uniform(1, 5, (1000, 5))})  # fmt: skip
    np.testing.assert_allclose(j.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(j.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(j.first.sum(axis=1), 1.0)
    np.testing.assert_allclose(j.first.mean(axis=0), j.first_rank)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"measured": {0: np.ones((10, 4))}}, "shape_mismatch"),
        ({"measured": {9: np.ones((100, 5))}}, "shape_mismatch"),
        ({"measured": {0: np.full((100, 5), np.nan)}}, "nan_score"),
        ({"trials": 0}, "bad_samples"),
        ({"draw": WeightDraw(WeightModel.DEPARTMENTS)}, "shape_mismatch"),
        ({"draw": WeightDraw(WeightModel.BAND, band=1.5)}, "bad_band"),
    ],
)
def test_bad_input_is_refused(problem, kwargs, code):
    x, w, d = problem
    args = {"trials": 100} | kwargs
    with pytest.raises(ScoringError) as e:
        joint(x, w, d, CALLS["wsm"], **args)
    assert e.value.code == code


def test_fixing_a_money_inputs_flip_end_flips_the_winner():
    """Option A is cheaper on average but its cost follows its implementation effort. The
    regression on each trial's first place names effort's high end as what flips the choice to
    B; re-run with the effort fixed at the value it names (every other draw the same: common
    random numbers), B ranks first in at least half of the trials."""
    from finance.value_of_information import value_of_information

    rng = np.random.default_rng(7)
    trials = 6000
    effort = rng.uniform(100, 300, trials)
    noise = rng.normal(0, 0.05, (trials, 2))

    def cost(e: np.ndarray) -> np.ndarray:
        return np.column_stack([e / 200 + noise[:, 0], 1.2 + noise[:, 1]])

    x, w, d = np.array([[1.0, 3.0], [1.2, 3.0]]), np.array([0.8, 0.2]), np.array([-1, 1])
    sd = np.array([[0.0, 0.5], [0.0, 0.5]])
    bounds = (np.array([np.nan, 0.0]), np.array([np.nan, 5.0]))

    def run(e: np.ndarray) -> JointResult:
        return joint(x, w, d, CALLS["wsm"], trials=trials, seed=1, score_sd=sd, bounds=bounds,
                     measured={0: cost(e)})  # fmt: skip

    first = run(effort)
    voi = value_of_information(first.first, {"effort": effort, "other": noise[:, 1]}, ("A", "B"))
    assert voi.current == "A"
    g = next(v for v in voi.groups if v.group == "effort")
    assert g.low.winner == "B"
    assert g.low.inputs["effort[0]"] > 250  # its high end
    assert g.flip_probability > voi.groups[1].flip_probability
    again = run(np.full(trials, g.low.inputs["effort[0]"]))
    assert again.first_rank[0] <= 0.5
    assert 0 <= g.evppi <= voi.evpi
