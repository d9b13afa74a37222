"""Saaty's verbal scale: log-distance rounding, the favoured side, both languages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_select import locales
from scoring.ahp import nearest_saaty
from scoring.ahp_scale import SLIDER_VALUES, judgement_text, verbal_judgement
from scoring.errors import ScoringError


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.45, 2.0), (1 / 1.45, 0.5), (6.5, 7.0), (1 / 6.5, 1 / 7), (2**0.5, 1.0), (2**-0.5, 1.0),
     (8.6, 9.0), (0.115, 1 / 9), (0.12, 1 / 8), (3.0, 3.0)],
)  # fmt: skip
def test_rounding_is_by_log_distance(value: float, expected: float) -> None:
    # 1.45: |ln 1.45 - ln 2| = 0.321 < |ln 1.45 - ln 1| = 0.372 (plain rounding would give 1)
    assert nearest_saaty(value) == pytest.approx(expected)


@given(st.floats(1 / 9, 9))
def test_rounding_is_symmetric_in_the_two_items(x: float) -> None:
    assert nearest_saaty(1 / x) == pytest.approx(1 / nearest_saaty(x))


def test_a_judgement_reads_with_the_favoured_item_first_in_both_languages() -> None:
    assert (
        judgement_text(5, "Budget", "Risk", "en") == "Budget is strongly more important than Risk"
    )
    assert judgement_text(1 / 5, "Budget", "Risk", "en") == (
        "Risk is strongly more important than Budget"
    )
    assert judgement_text(1, "Бюджет", "Риск", "ru") == "Бюджет и Риск одинаково важны"
    assert judgement_text(1 / 7, "Бюджет", "Риск", "ru") == "Риск значительно важнее, чем Бюджет"
    assert judgement_text(6.5, "A", "B", "en") == "A is very strongly more important than B"


def test_slider_labels_name_the_side() -> None:
    assert verbal_judgement(1 / 3).label("Budget", "Risk", "en") == "Risk: moderately"
    assert verbal_judgement(9).label("Бюджет", "Риск", "ru") == "Бюджет: абсолютно"
    assert verbal_judgement(1).label("Budget", "Risk", "en") == "equal"


def test_every_intensity_has_words_in_both_catalogs() -> None:
    for lang in locales.LANGS:
        cat = locales.catalog(lang)
        for k in range(1, 10):
            assert "{a}" in cat[f"ahp.verbal.{k}"]
            assert "{b}" in cat[f"ahp.verbal.{k}"]
            assert cat[f"ahp.level.{k}"]
    # every slider position maps to a distinct (side, intensity)
    seen = {(v.favoured, v.intensity) for v in map(verbal_judgement, SLIDER_VALUES)}
    assert len(seen) == 17
    assert np.allclose(SLIDER_VALUES, 1 / np.array(SLIDER_VALUES[::-1]))


@pytest.mark.parametrize("bad", [0.0, 10.0, float("nan"), -3.0])
def test_a_value_off_the_scale_is_an_error(bad: float) -> None:
    with pytest.raises(ScoringError) as e:
        verbal_judgement(bad)
    assert e.value.code == "ahp_out_of_range"
