# ruff: noqa: N802  (test names carry the published method name, e.g. AHP)
"""Incomplete AHP: published completion, closed forms, spanning trees, connectivity, next pair."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from scoring.ahp import (
    RANDOM_INDEX,
    RANDOM_INDEX_ALONSO_LAMATA,
    SAATY_SCALE,
    ahp,
    principal_eigenvector,
    simulated_random_index,
)
from scoring.ahp import judgement_matrix as _matrix
from scoring.ahp_incomplete import (
    ahp_judgements,
    harker_weights,
    incomplete_random_index,
    judgement_graph,
    llsm_weights,
    optimal_completion,
    suggest_pair,
)
from scoring.errors import ScoringError

# Bozoki, Fulop & Ronyai (2010), On optimal completion of incomplete pairwise comparison
# matrices, Math. Comput. Modelling 52, Example 3: one entry (3, 4) missing.
BFR_LABELS = ["1", "2", "3", "4"]
BFR = [("1", "2", 1.0), ("1", "3", 5.0), ("1", "4", 2.0), ("2", "3", 3.0), ("2", "4", 4.0)]


def _judgements(a: np.ndarray, labels: list[str], keep: np.ndarray) -> list[tuple[str, str, float]]:
    n = len(labels)
    return [
        (labels[i], labels[j], float(a[i, j]))
        for i in range(n)
        for j in range(i + 1, n)
        if keep[i, j]
    ]


def test_AHP_bozoki2010optimal_example3_lambda_optimal_completion() -> None:
    res = ahp_judgements(BFR_LABELS, BFR)
    # published: the lambda_max-minimising x = 0.7302965066 (lambda is flat there: 6 digits)
    assert res.matrix[2, 3] == pytest.approx(0.7302965066, abs=1e-6)
    assert res.matrix[3, 2] == pytest.approx(1 / res.matrix[2, 3])

    def lam(t: float) -> float:
        b = res.matrix.copy()
        b[2, 3], b[3, 2] = np.exp(t), np.exp(-t)
        return float(np.linalg.eigvals(b).real.max())

    brute = minimize_scalar(lam, bracket=(-1.0, 0.0), tol=1e-12)
    assert res.lambda_max == pytest.approx(brute.fun, abs=1e-10)
    assert res.missing == (("3", "4"),)
    assert res.judged == 5


def test_AHP_bozoki2010optimal_example3_van_uden_is_the_llsm_completion() -> None:
    # one gap: LLSM fills it with the geometric mean of the two 2-step chains (van Uden's rule),
    # published as sqrt(2/5 * 4/3) = 0.73029674334
    w = llsm_weights(_matrix(BFR_LABELS, BFR))
    assert w[2] / w[3] == pytest.approx(0.73029674334, abs=1e-10)


def test_AHP_complete_judgements_are_saatys_eigenvector_saaty1990how(
    house: tuple[np.ndarray, list[str]],
) -> None:
    HOUSE, HOUSE_LABELS = house
    everything = _judgements(HOUSE, HOUSE_LABELS, np.ones((8, 8), bool))
    res = ahp_judgements(HOUSE_LABELS, everything)
    ref = ahp(HOUSE, HOUSE_LABELS)
    assert np.allclose(res.weights, ref.weights)
    assert res.cr == pytest.approx(0.169, abs=5e-4)  # published
    assert res.missing == ()
    assert res.suggestion is None
    assert res.method == "principal eigenvector"


def test_harker_on_a_complete_matrix_is_the_eigenvector_and_llsm_the_row_geometric_mean(
    house: tuple[np.ndarray, list[str]],
) -> None:
    HOUSE, _ = house
    assert np.allclose(harker_weights(HOUSE), principal_eigenvector(HOUSE)[0])
    gm = np.exp(np.log(HOUSE).mean(axis=1))  # Crawford & Williams (1985)
    assert np.allclose(llsm_weights(HOUSE), gm / gm.sum())


def test_harker_weights_are_the_eigenvector_of_the_matrix_they_complete(
    house: tuple[np.ndarray, list[str]],
) -> None:
    """Harker (1987): filling every gap with w_i/w_j gives a matrix whose eigenvector is w."""
    HOUSE, _ = house
    rng = np.random.default_rng(3)
    keep = rng.random((8, 8)) < 0.55
    keep = np.triu(keep, 1)
    keep[0, 1:] = True  # a star keeps it connected
    a = HOUSE.copy()
    a[~(keep | keep.T)] = np.nan
    np.fill_diagonal(a, 1.0)
    w = harker_weights(a)
    filled = np.where(np.isnan(a), w[:, None] / w[None, :], a)
    assert np.allclose(principal_eigenvector(filled)[0], w)


def test_llsm_is_the_geometric_mean_of_all_spanning_tree_weights_bozoki2019() -> None:
    """Bozoki & Tsyganok (2019): LLSM = geometric mean of the weights of every spanning tree."""
    labels = ["a", "b", "c", "d", "e"]
    edges = [("a", "b", 3), ("a", "c", 1 / 2), ("b", "c", 1 / 5), ("c", "d", 4), ("b", "d", 2),
             ("d", "e", 1 / 3), ("a", "e", 6)]  # fmt: skip
    logs = []
    for tree in itertools.combinations(edges, 4):
        if not judgement_graph(labels, _matrix(labels, tree)).connected:
            continue
        # a tree fixes every ratio: walk it from "a"
        y = {"a": 0.0}
        while len(y) < 5:
            for x, z, v in tree:
                if x in y and z not in y:
                    y[z] = y[x] - np.log(v)
                elif z in y and x not in y:
                    y[x] = y[z] + np.log(v)
        logs.append([y[x] - np.log(sum(np.exp(list(y.values())))) for x in labels])
    assert len(logs) > 10
    gm = np.exp(np.mean(logs, axis=0))
    got = llsm_weights(_matrix(labels, edges))
    assert np.allclose(got, gm / gm.sum())


@given(st.lists(st.floats(0.4, 3.0), min_size=4, max_size=4), st.randoms(use_true_random=False))
def test_a_spanning_tree_of_consistent_judgements_gives_the_true_weights(
    raw: list[float], rnd: object
) -> None:
    w = np.array([1.0, *raw])
    w = w / w.sum()
    labels = [f"c{i}" for i in range(5)]
    order = list(range(5))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    # random tree: attach each vertex to one earlier in a random order
    tree = [(labels[order[k]], labels[order[rnd.randrange(k)]]) for k in range(1, 5)]  # type: ignore[attr-defined]
    js = [(x, y, float(w[labels.index(x)] / w[labels.index(y)])) for x, y in tree]
    for method in ("harker", "llsm"):
        res = ahp_judgements(labels, js, method=method)
        assert np.allclose(res.weights, w)
        assert res.cr is None
        assert res.lambda_max == pytest.approx(5.0)
        assert [x.code for x in res.warnings] == ["ahp_unchecked"]


def test_disconnected_judgements_name_the_unlinked_criteria() -> None:
    labels = ["fit", "ux", "api", "mobile", "offline"]
    js = [("fit", "ux", 2.0), ("fit", "api", 3.0), ("mobile", "offline", 1.0)]
    with pytest.raises(ScoringError) as e:
        ahp_judgements(labels, js)
    assert e.value.code == "ahp_not_connected"
    assert e.value.where == "mobile,offline"
    assert "{mobile, offline} is not compared" in e.value.message
    assert "{fit, ux, api}" in e.value.message
    assert "suggested: fit vs mobile" in e.value.message


def test_a_sixteen_criterion_group_is_usable_with_fifteen_judgements() -> None:
    labels = [f"c{i:02d}" for i in range(16)]
    rng = np.random.default_rng(5)
    true = rng.uniform(1, 5, 16)
    js: list[tuple[str, str, float]] = []
    graph = judgement_graph(labels, _matrix(labels, js))
    for _ in range(15):
        s = suggest_pair(graph)
        assert s is not None
        assert s.reason == "connect"
        i, j = labels.index(s.a), labels.index(s.b)
        js.append((s.a, s.b, float(true[i] / true[j])))
        graph = judgement_graph(labels, _matrix(labels, js))
    assert graph.connected
    assert {x for x, _, _ in js} == {"c00"}  # the first n - 1 suggestions form a star
    res = ahp_judgements(labels, js)
    assert np.allclose(res.weights, true / true.sum())
    assert res.suggestion is not None
    assert res.suggestion.reason == "shorten"
    assert res.suggestion.distance == 2


def test_suggestions_fill_the_matrix_shortening_the_longest_chain_first() -> None:
    labels = [f"c{i}" for i in range(6)]
    js: list[tuple[str, str, float]] = [("c0", "c1", 1.0), ("c1", "c2", 1.0), ("c2", "c3", 1.0),
                                        ("c3", "c4", 1.0), ("c4", "c5", 1.0)]  # fmt: skip
    # a path c0-c1-...-c5: the ends are 5 judgements apart
    first = suggest_pair(judgement_graph(labels, _matrix(labels, js)))
    assert first is not None
    assert (first.a, first.b, first.distance) == ("c0", "c5", 5)
    asked = set()
    for _ in range(10):
        g = judgement_graph(labels, _matrix(labels, js))
        s = suggest_pair(g)
        assert s is not None
        assert (s.a, s.b) not in asked
        assert not g.judged[labels.index(s.a), labels.index(s.b)]
        asked.add((s.a, s.b))
        js.append((s.a, s.b, 1.0))
    assert suggest_pair(judgement_graph(labels, _matrix(labels, js))) is None


def test_incomplete_random_index_scales_with_the_cycle_rank() -> None:
    assert incomplete_random_index(4, 3, RANDOM_INDEX) == pytest.approx(0.90)  # complete K4
    assert incomplete_random_index(4, 2, RANDOM_INDEX) == pytest.approx(0.60)  # BFR example
    assert incomplete_random_index(6, 0, RANDOM_INDEX) == 0.0  # spanning tree
    assert incomplete_random_index(30, 5, RANDOM_INDEX) is None


def test_random_index_rule_matches_a_simulation_of_random_incomplete_matrices() -> None:
    """Agoston & Csato (2022): the random index falls ~linearly with the missing entries.

    Our RI(n, G) = RI(n) c(G)/c(K_n) against the mean lambda*-CI of random reciprocal matrices
    (Saaty-scale entries) on random connected graphs with m missing entries, n = 5.
    """
    rng = np.random.default_rng(11)
    n, samples = 5, 120
    base = RANDOM_INDEX_ALONSO_LAMATA[n]
    pairs = list(itertools.combinations(range(n), 2))
    for m in (2, 4):
        cis: list[float] = []
        while len(cis) < samples:
            a = np.ones((n, n))
            for i, j in pairs:
                a[i, j] = SAATY_SCALE[rng.integers(17)]
                a[j, i] = 1 / a[i, j]
            for k in rng.choice(len(pairs), m, replace=False):
                i, j = pairs[k]
                a[i, j] = a[j, i] = np.nan
            if not judgement_graph([str(i) for i in range(n)], a).connected:
                continue
            cis.append((optimal_completion(a)[1] - n) / (n - 1))
        expected = base * (len(pairs) - m - n + 1) / ((n - 1) * (n - 2) / 2)
        assert np.mean(cis) == pytest.approx(expected, abs=0.09)


@pytest.mark.parametrize("n", [3, 5, 7])
def test_simulated_random_index_reproduces_alonso_lamata2006(n: int) -> None:
    assert simulated_random_index(n, 20_000, seed=1) == pytest.approx(
        RANDOM_INDEX_ALONSO_LAMATA[n], abs=0.01
    )


def test_shipped_random_index_beyond_fifteen_is_the_simulation() -> None:
    for n in (16, 20):
        assert simulated_random_index(n, 4_000, seed=2) == pytest.approx(RANDOM_INDEX[n], abs=0.01)


def test_inconsistent_incomplete_judgements_are_diagnosed_among_judged_pairs(
    house: tuple[np.ndarray, list[str]],
) -> None:
    HOUSE, HOUSE_LABELS = house
    keep = np.ones((8, 8), bool)
    keep[0, 4] = keep[1, 5] = keep[3, 6] = False  # three gaps, still connected
    js = _judgements(HOUSE, HOUSE_LABELS, np.triu(keep, 1))
    res = ahp_judgements(HOUSE_LABELS, js)
    assert len(res.missing) == 3
    assert res.cr is not None
    assert res.cr > 0.1
    assert not res.consistent
    worst = res.inconsistencies[0]
    assert {worst.a, worst.b} == {"neighbourhood", "condition"}  # as in the complete matrix
    assert worst.cr_after is not None
    assert worst.cr_after < res.cr
    named = {(x.a, x.b) for x in res.inconsistencies}
    assert not named & {("size", "yard"), ("transport", "facilities"), ("age", "condition")}
    assert "cycle rank" in res.ri_table
    assert res.method == "Harker's eigenvector (incomplete)"


def test_llsm_method_and_bad_method() -> None:
    res = ahp_judgements(BFR_LABELS, BFR, method="llsm")
    assert res.method == "logarithmic least squares (incomplete)"
    assert res.weights.sum() == pytest.approx(1.0)
    with pytest.raises(ScoringError) as e:
        ahp_judgements(BFR_LABELS, BFR, method="eigen")  # type: ignore[arg-type]
    assert e.value.code == "ahp_unknown_method"
