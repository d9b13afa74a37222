"""Committee aggregation, the decision matrix and scenario-level ranking."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from scoring import (
    committee_prepared,
    compare_prepared,
    prepare_decision,
    rank_prepared,
)
from scoring.committee import consensus, kendall_w, rating_tensor
from scoring.matrix import build_matrix
from scoring.method_call import method_calls

Nested = dict[str, dict[str, dict[str, float | None]]]


def test_kendall_w_textbook_value_and_extremes() -> None:
    # R = (4, 5, 10, 11), S = 37, W = 12*37 / (3^2 (4^3 - 4)) = 0.8222
    x = np.array([[1, 2, 3, 4], [2, 1, 3, 4], [1, 2, 4, 3.0]])
    assert kendall_w(x) == pytest.approx(444 / 540)
    assert kendall_w(np.tile([1, 2, 3.0], (4, 1))) == pytest.approx(1.0)
    assert kendall_w(np.array([[1, 2, 3.0], [3, 2, 1]])) == pytest.approx(0.0)


def test_kendall_w_tie_correction() -> None:
    # rater 1 ties two objects: T = 2^3 - 2 = 6; ranks (1.5, 1.5, 3), (1, 2, 3)
    # R = (2.5, 3.5, 6), S = 6.5, W = 12*6.5 / (4*24 - 2*6) = 78/84
    assert kendall_w(np.array([[1, 1, 2], [1, 2, 3.0]])) == pytest.approx(78 / 84)


def test_missing_scores_are_excluded_not_zero() -> None:
    scores: Nested = {
        "ann": {"a": {"c": 4.0}, "b": {"c": None}},
        "bob": {"a": {"c": 2.0}, "b": {"c": 3.0}},
    }
    t, w = rating_tensor(scores, ["ann", "bob"], ["a", "b"], ["c"])
    assert w == []
    c = consensus(t)
    assert c.values[:, 0] == pytest.approx([3.0, 3.0])  # b is bob's 3, not (0 + 3) / 2
    assert c.count[:, 0].tolist() == [2, 1]
    assert [x.code for x in c.warnings] == ["missing_scores"]
    assert c.warnings[0].where == "ann"


def test_rater_who_scored_nothing_is_excluded_with_a_warning() -> None:
    scores: Nested = {"ann": {"a": {"c": 4.0}, "b": {"c": 2.0}}, "bob": {"a": {"c": None}}}
    t, w = rating_tensor(scores, ["ann", "bob", "cat"], ["a", "b"], ["c"])
    assert t.raters == ("ann",)
    assert [(x.code, x.where) for x in w] == [
        ("rater_no_scores", "bob"),
        ("rater_no_scores", "cat"),
    ]


def test_nan_score_is_read_as_missing_with_a_warning() -> None:
    scores = {"ann": {"a": {"c": float("nan")}, "b": {"c": 2.0}}}
    t, w = rating_tensor(scores, ["ann"], ["a", "b"], ["c"])
    assert np.isnan(t.values[0, 0, 0])
    assert [(x.code, x.where) for x in w] == [("nan_score", "ann/a/c")]


def test_median_consensus_and_dispersion() -> None:
    scores = {r: {"a": {"c": v}} for r, v in zip("pqr", (1.0, 2.0, 6.0), strict=True)}
    t, _ = rating_tensor(scores, list("pqr"), ["a"], ["c"])
    c = consensus(t, "median")
    assert c.values[0, 0] == 2.0
    assert c.std[0, 0] == pytest.approx(np.std([1, 2, 6], ddof=1))
    assert c.spread[0, 0] == 5.0


def test_outlier_rater_is_flagged() -> None:
    opts = ["a", "b", "c", "d"]
    base = [1.0, 2.0, 4.0, 5.0]
    scores = {
        r: {o: {"q": v} for o, v in zip(opts, base, strict=True)} for r in ("p1", "p2", "p3", "p4")
    }
    scores["odd"] = {o: {"q": 6 - v} for o, v in zip(opts, base, strict=True)}
    t, _ = rating_tensor(scores, [*scores], opts, ["q"], [5.0])
    c = consensus(t)
    flagged = [o.rater for o in c.outliers if o.outlier]
    assert flagged == ["odd"]
    assert ("rater_outlier", "odd") in [(w.code, w.where) for w in c.warnings]


def test_build_matrix_mixes_rating_and_catalog_measures(agreeing: tuple) -> None:
    scenario, resolved = agreeing
    dm = build_matrix(scenario, resolved, {"tco": {"alpha": 3e6, "beta": 5e6, "gamma": 4e6}})
    assert dm.criteria == ("fit", "coverage", "weeks", "tco", "adoption", "russia")
    assert dm.values[:, 1].tolist() == [22.0, 33.0, 44.0]  # 11 components x grade 2/3/4
    assert dm.values[:, 2].tolist() == [4.0, 8.0, 12.0]
    assert dm.directions.tolist() == [1, 1, -1, -1, 1, 1]
    assert dm.source["tco"] == "finance"
    assert dm.values[:, 0] == pytest.approx([5 / 3, 13 / 3, 3.0])
    assert [(w.code, w.where) for w in dm.warnings] == [("zero_variance_criterion", "russia")]


def test_rank_decision_without_finance_drops_tco_and_says_so(agreeing: tuple) -> None:
    scenario, resolved = agreeing
    res = rank_prepared(prepare_decision(scenario, resolved))
    codes = {(w.code, w.where) for w in res.warnings}
    assert ("measure_unavailable", "tco") in codes
    assert ("weights_renormalised", "tco") in codes
    assert ("zero_variance_criterion", "russia") in codes
    assert "tco" not in res.weights
    assert sum(res.weights.values()) == pytest.approx(1.0)
    assert sum(res.groups.values()) == pytest.approx(1.0)
    assert res.groups["budget"] == 0.0
    assert res.groups["functionality"] == pytest.approx(0.5)  # 40 of the 80 points left
    assert res.normalisation == "minmax"
    assert [r.rank for r in res.ranking()] == [1, 2, 3]


def test_effective_weights_are_group_times_local(agreeing: tuple) -> None:
    scenario, resolved = agreeing
    res = rank_prepared(
        prepare_decision(scenario, resolved, {"tco": {"alpha": 3e6, "beta": 5e6, "gamma": 4e6}})
    )
    assert res.weights["fit"] == pytest.approx(0.4 * 2 / 3)
    assert res.weights["weeks"] == pytest.approx(0.2)
    assert res.groups == pytest.approx(
        {"functionality": 0.4, "deadlines": 0.2, "budget": 0.2, "risk": 0.2}
    )


def test_unscored_cell_drops_the_criterion_never_zero(
    scenario_factory: Callable, scores_factory: Callable
) -> None:
    scores = scores_factory({"ann": [(2, 3), (4, 4), (3, 2)], "bob": [(2, 2), (5, 4), (3, 3)]})
    for r in scores:
        scores[r]["gamma"]["adoption"] = None
    scenario, resolved = scenario_factory(scores, raters=("ann", "bob"))
    res = rank_prepared(prepare_decision(scenario, resolved))
    assert "adoption" not in res.weights
    codes = [(w.code, w.where) for w in res.warnings]
    assert ("cell_unscored", "gamma/adoption") in codes
    assert ("criterion_unscored", "adoption") in codes


def test_compare_decision_all_methods_side_by_side(agreeing: tuple) -> None:
    scenario, resolved = agreeing
    dec = prepare_decision(scenario, resolved, {"tco": {"alpha": 3e6, "beta": 5e6, "gamma": 4e6}})
    comp = compare_prepared(dec, method_calls(scenario.ranking, dec.matrix.criteria))
    assert set(comp.results) == {"wsm", "wpm", "topsis", "vikor", "promethee"}
    for a in comp.spearman:
        assert comp.spearman[a][a] == pytest.approx(1.0)
        for b in comp.spearman[a]:
            assert -1 <= comp.weighted_spearman[a][b] <= 1


def test_committee_report_rater_rankings_beside_consensus(agreeing: tuple) -> None:
    scenario, resolved = agreeing
    rep = committee_prepared(prepare_decision(scenario, resolved))
    assert set(rep.rater_rankings) == {"ann", "bob", "cat"}
    assert rep.consensus_ranking.winner == "beta"
    assert all(r.winner == "beta" for r in rep.rater_rankings.values())
    assert rep.overall_w == pytest.approx(1.0)
    assert set(rep.kendall) == {"fit", "adoption"}
    assert rep.kendall["fit"].w == pytest.approx(1.0)
