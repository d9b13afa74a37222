"""The weights service behind the Criteria page's AHP editor: where a level stands and a first
spanning tree of judgements read off direct points."""

from __future__ import annotations

import numpy as np
import pytest

from crm_select.models.criteria import Judgement
from crm_select.services.weights import pairwise_level, seed_judgements

ITEMS = [f"c{k}" for k in range(16)]


def test_a_level_without_judgements_names_what_is_unlinked_and_suggests_a_star() -> None:
    state = pairwise_level(ITEMS, [])
    assert (state.judged, state.needed, state.total) == (0, 15, 120)
    assert not state.ready
    assert state.unlinked == tuple(ITEMS[1:])
    assert state.suggestion is not None
    assert (state.suggestion.a, state.suggestion.b) == ("c0", "c1")


def test_fifteen_linking_judgements_weigh_sixteen_criteria() -> None:
    # a chain c0 > c1 > ... each 2 times as important as the next: weights 2^-k / sum (analytic)
    chain = [Judgement(a=ITEMS[k], b=ITEMS[k + 1], value=2.0) for k in range(15)]
    state = pairwise_level(ITEMS, chain)
    assert state.ready
    assert state.result is not None
    expected = 0.5 ** np.arange(16)
    assert np.allclose(state.result.weights, expected / expected.sum())
    assert state.result.cr is None  # a spanning tree: nothing to check yet
    assert state.suggestion is not None  # the next pair closes the longest chain: the ends
    assert {state.suggestion.a, state.suggestion.b} == {"c0", "c15"}


def test_one_missing_link_leaves_the_level_waiting_and_suggests_the_link() -> None:
    judgements = [Judgement(a="a", b="b", value=3.0), Judgement(a="c", b="d", value=1 / 2)]
    state = pairwise_level(["a", "b", "c", "d"], judgements)
    assert not state.ready
    assert state.unlinked == ("c", "d")
    assert state.suggestion is not None
    assert {state.suggestion.a, state.suggestion.b} & {"c", "d"}


def test_seed_from_points_reproduces_points_that_sit_on_the_scale() -> None:
    points = {"fit": 8.0, "ux": 4.0, "api": 2.0, "mobile": 1.0}
    seeded = seed_judgements(points)
    assert [(j.a, j.b, j.value) for j in seeded] == [
        ("fit", "ux", 2.0),
        ("fit", "api", 4.0),
        ("fit", "mobile", 8.0),
    ]
    state = pairwise_level(list(points), seeded)
    assert state.result is not None
    assert state.result.as_dict() == pytest.approx({k: v / 15 for k, v in points.items()})


def test_seed_rounds_to_the_scale_and_caps_zero_points_at_nine() -> None:
    seeded = seed_judgements({"a": 10.0, "b": 8.0, "c": 0.0})
    assert [(j.b, j.value) for j in seeded] == [
        ("b", 1.0),
        ("c", 9.0),
    ]  # 10/8 = 1.25 is nearer 1 than 2 in log distance
