# ruff: noqa: N802  (test names carry the published method name, e.g. TOPSIS)
"""Every method against pymcdm on random matrices, and against published examples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from scoring.analysis import rank_matrix
from scoring.methods import promethee, promethee_explained, topsis, vikor, vikor_explained, wpm, wsm
from scoring.methods.wpm import WPM_FLOOR
from scoring.normalise import normalise

pytestmark = [
    pytest.mark.filterwarnings("ignore::UserWarning"),
    pytest.mark.filterwarnings("ignore::RuntimeWarning"),
]

# ---------------------------------------------------------------- vs pymcdm (random matrices)
# pymcdm conventions matched explicitly: its minmax/vector/linear normalisations equal our
# minmax/vector/max (benefit x/max, cost min/x); its VIKOR uses raw values like ours; its
# PROMETHEE_II 'vshape_2' is our 'linear' with thresholds q, p.


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(2, 12))
    n = draw(st.integers(1, 8))
    x = draw(arrays(float, (m, n), elements=st.floats(1, 100, allow_nan=False)))
    # keep every column non-constant: pymcdm treats constant columns differently (see below)
    x = x + np.arange(m)[:, None] * 1e-3 * (1 + np.arange(n))
    w = draw(arrays(float, n, elements=st.floats(0.01, 1)))
    d = draw(arrays(int, n, elements=st.sampled_from([1, -1])))
    return x, w / w.sum(), d


REFERENCES = {
    "wsm": (lambda x, w, d: wsm(x, w, d, "minmax"), pm.WSM(pn.minmax_normalization)),
    "wsm_vector": (lambda x, w, d: wsm(x, w, d, "vector"), pm.WSM(pn.vector_normalization)),
    "wpm": (lambda x, w, d: wpm(x, w, d, "max"), pm.WPM(pn.linear_normalization)),
    "topsis": (lambda x, w, d: topsis(x, w, d, "vector"), pm.TOPSIS(pn.vector_normalization)),
    "topsis_minmax": (
        lambda x, w, d: topsis(x, w, d, "minmax"),
        pm.TOPSIS(pn.minmax_normalization),
    ),
    "vikor": (vikor, pm.VIKOR()),
    "promethee_usual": (promethee, pm.PROMETHEE_II("usual")),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
@settings(max_examples=60)
@given(problem=problems())
def test_method_matches_pymcdm(
    name: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    x, w, d = problem
    ours, ref = REFERENCES[name]
    if name == "wpm":  # below the floor our WPM departs from the textbook on purpose
        assume(normalise(x, d, "max").min() >= WPM_FLOOR)
    expected = ref(x, w, d)
    got = ours(x, w, d)
    assert np.all(np.isfinite(got))
    # pymcdm's VIKOR returns NaN when S or R is the same for every option (0/0); ours sets
    # that term to 0, so only finite reference values are compared
    ok = np.isfinite(expected)
    assume(ok.all() or name == "vikor")
    assert np.allclose(got[ok], expected[ok], atol=1e-9)


@settings(max_examples=60)
@given(problem=problems(), q=st.floats(0, 5), gap=st.floats(0.1, 30))
def test_promethee_linear_matches_pymcdm_vshape_2(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], q: float, gap: float
) -> None:
    x, w, d = problem
    qq, pp = np.full(x.shape[1], q), np.full(x.shape[1], q + gap)
    ref = pm.PROMETHEE_II("vshape_2", p=pp, q=qq)(x, w, d)
    assert np.allclose(promethee(x, w, d, "linear", qq, pp), ref, atol=1e-9)


def test_kernels_vectorise_over_weight_samples() -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(1, 9, (6, 4))
    d = np.array([1, -1, 1, -1])
    ws = rng.dirichlet(np.ones(4), 5)
    for k in (wsm, wpm, topsis, vikor, promethee):
        batch = k(x, ws, d)
        assert batch.shape == (5, 6)
        assert np.allclose(batch[3], k(x, ws[3], d))


# ---------------------------------------------------------------- published examples


def test_TOPSIS_tzeng2011multiple() -> None:
    """Tzeng & Huang (2011), Multiple Attribute Decision Making, CRC Press: TOPSIS example."""
    x = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6.0]])
    c = topsis(x, np.array([0.3, 0.4, 0.3]), np.ones(3), "vector")
    assert np.allclose(c, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)


def test_VIKOR_opricovic2004compromise() -> None:
    """Opricovic & Tzeng (2004), EJOR 156(2): A1..A3 on risk (min) and altitude (max)."""
    x = np.array([[1.0, 3000], [2, 3750], [5, 4500]])
    res = vikor_explained(x, np.array([0.5, 0.5]), np.array([-1, 1]))
    assert np.allclose(res.extra["S"], [0.5, 0.375, 0.5])
    assert np.allclose(res.extra["R"], [0.5, 0.25, 0.5])
    assert np.allclose(res.scores, [1.0, 0.0, 1.0])
    assert res.extra["acceptable_advantage"]
    assert res.extra["acceptable_stability"]
    assert res.extra["compromise_set"] == [1]


VIKOR_2007 = np.array(
    [
        [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
        [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
        [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
        [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
        [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
        [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
    ]
)


@pytest.mark.parametrize(
    ("weights", "s", "r", "q", "compromise"),
    [
        ([1] * 8, [0.692, 0.7, 0.29, 0.423, 0.28, 0.346], [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
         [0.991, 1.0, 0.473, 0.670, 0.0, 0.578], [4]),
        ([2, 2, 2, 2, 1, 1, 1, 1], [0.701, 0.6, 0.386, 0.365, 0.317, 0.459],
         [0.167, 0.114, 0.161, 0.167, 0.089, 0.167], [1.0, 0.533, 0.552, 0.563, 0.0, 0.686], [4]),
        ([1, 1, 1, 1, 2, 2, 2, 2], [0.683, 0.8, 0.193, 0.48, 0.243, 0.232],
         [0.113, 0.167, 0.08, 0.122, 0.044, 0.083], [0.684, 1.0, 0.147, 0.554, 0.041, 0.191], [4, 2, 5]),
    ],
)  # fmt: skip
def test_VIKOR_opricovic2007extended(
    weights: list[float], s: list[float], r: list[float], q: list[float], compromise: list[int]
) -> None:
    """Opricovic & Tzeng (2007), Extended VIKOR..., EJOR 178(2): hydro-power alternatives."""
    w = np.array(weights, float) / sum(weights)
    d = np.array([1, -1, 1, 1, -1, -1, -1, 1])
    res = vikor_explained(VIKOR_2007, w, d)
    assert np.allclose(res.extra["S"], s, atol=1.5e-3)
    assert np.allclose(res.extra["R"], r, atol=1.5e-3)
    assert np.allclose(res.scores, q, atol=1.5e-3)
    assert res.extra["compromise_set"] == compromise


CHAKRABORTY = np.array(
    [
        [581818, 54.49, 3, 5500], [595454, 49.73, 3, 4500], [586060, 51.24, 3, 5000],
        [522727, 45.71, 3, 5800], [561818, 52.66, 3, 5200], [543030, 74.46, 4, 5600],
        [522727, 75.42, 4, 5800], [486970, 62.62, 4, 5600], [509394, 65.87, 4, 6400],
        [513333, 70.67, 4, 6000],
    ]
)  # fmt: skip
CHAKRABORTY_W = np.array([0.467, 0.160, 0.095, 0.278])
CHAKRABORTY_D = np.array([-1, -1, -1, 1])


def test_WSM_chakraborty2015applications() -> None:
    """Chakraborty, Zavadskas & Antucheviciene (2015), WASPAS example 2, lambda = 1 (= WSM)."""
    u = wsm(CHAKRABORTY, CHAKRABORTY_W, CHAKRABORTY_D, "max")
    published = [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784]
    assert np.allclose(u, published, atol=1e-4)


def test_WPM_chakraborty2015applications() -> None:
    """Same example, lambda = 0 (= WPM with the same linear max normalisation)."""
    p = wpm(CHAKRABORTY, CHAKRABORTY_W, CHAKRABORTY_D, "max")
    published = [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697]
    assert np.allclose(p, published, atol=1e-4)


def test_WPM_wikipedia_ratio_example() -> None:
    """Weighted product model (Wikipedia, after Triantaphyllou 2000): P(A1/A2) = 1.007 > 1."""
    x = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10.0]])
    p = wpm(x, np.array([0.20, 0.15, 0.40, 0.25]), np.ones(4))
    assert p[0] / p[1] == pytest.approx(1.007, abs=5e-4)
    assert p[0] / p[2] == pytest.approx(1.067, abs=5e-4)
    assert p[1] / p[2] == pytest.approx(1.059, abs=5e-4)


def test_PROMETHEE_II_usual_hand_computed_example() -> None:
    """Three options, two benefit criteria, weights 0.6/0.4, usual criterion (Brans & Vincke 1985).

    A=(3,1), B=(2,3), C=(1,2); pi(a,b) = 0.6 [a>b on c1] + 0.4 [a>b on c2]:
    pi(A,B)=0.6, pi(B,A)=0.4, pi(A,C)=0.6, pi(C,A)=0.4, pi(B,C)=1.0, pi(C,B)=0
    -> phi+ = (0.6, 0.7, 0.2), phi- = (0.4, 0.3, 0.8), phi = (0.2, 0.4, -0.6).
    """
    x = np.array([[3, 1], [2, 3], [1, 2.0]])
    res = promethee_explained(x, np.array([0.6, 0.4]), np.ones(2))
    assert np.allclose(res.extra["phi_plus"], [0.6, 0.7, 0.2])
    assert np.allclose(res.extra["phi_minus"], [0.4, 0.3, 0.8])
    assert np.allclose(res.scores, [0.2, 0.4, -0.6])
    assert res.scores.sum() == pytest.approx(0)


def test_PROMETHEE_II_pymcdm_documented_example() -> None:
    """pymcdm's documented PROMETHEE II example: flows 0.1, -0.3, 0.2."""
    x = np.array([[4, 3, 2], [3, 2, 4], [5, 1, 3.0]])
    assert np.allclose(promethee(x, np.array([0.5, 0.3, 0.2]), np.ones(3)), [0.1, -0.3, 0.2])


# ---------------------------------------------------------------- properties


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor", "promethee"])
@settings(max_examples=30)
@given(problem=problems(), factor=st.floats(0.01, 100))
def test_scaling_all_weights_does_not_change_ranking(
    method: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray], factor: float
) -> None:
    x, w, d = problem
    a = rank_matrix(x, w, d, method)
    b = rank_matrix(x, w * factor, d, method)
    assert np.array_equal(a.ranks, b.ranks)
    assert sum(b.weights.values()) == pytest.approx(1.0)


@settings(max_examples=60)
@given(problem=problems(), shrink=st.floats(0.0, 0.9))
def test_adding_a_dominated_option_keeps_the_WSM_winner(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], shrink: float
) -> None:
    """Under max normalisation (x/max, min/x) a dominated option cannot move the winner."""
    x, w, d = problem
    before = rank_matrix(x, w, d, "wsm", normalisation="max")
    best = x[before.ranks.argmin()]
    worse = np.where(d > 0, best * (1 - shrink), best / (1 - shrink) if shrink < 1 else best * 10)
    after = rank_matrix(np.vstack([x, worse]), w, d, "wsm", normalisation="max")
    assert after.winner == before.winner or (after.ranks[before.ranks.argmin()] == 1)


def test_minmax_and_vector_topsis_may_pick_different_winners_and_say_which() -> None:
    # closeness by hand: vector (0.155, 0.359, 0.728) picks C; min-max (0.309, 0.568, 0.5) picks B
    x = np.array([[1, 7.0], [3, 9], [10, 5]])
    w, d = np.array([0.5, 0.5]), np.array([1, 1])
    a = rank_matrix(x, w, d, "topsis", normalisation="vector", options=list("ABC"))
    b = rank_matrix(x, w, d, "topsis", normalisation="minmax", options=list("ABC"))
    assert (a.normalisation, a.winner) == ("vector", "C")
    assert (b.normalisation, b.winner) == ("minmax", "B")
    np.testing.assert_allclose(a.scores, [0.15541, 0.35889, 0.72758], atol=1e-5)
    np.testing.assert_allclose(b.scores, [0.30902, 0.56842, 0.5], atol=1e-5)
    for res, norm in ((a, pn.vector_normalization), (b, pn.minmax_normalization)):
        np.testing.assert_allclose(res.scores, pm.TOPSIS(norm)(x, w, d), rtol=1e-9)
