"""Column widths that never break a word (crm_select/reports/column_widths.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_select.reports.column_widths import fit_widths


def test_a_narrow_column_takes_what_it_lacks_from_the_others_spare_width() -> None:
    # 60 + 20 + 20 = 100; the second column needs 30; the first has 50 spare, the third 10:
    # the 10 lacking come 50/60 from the first and 10/60 from the third (hand-computed)
    out = fit_widths([60, 20, 20], [10, 30, 10])
    assert out == pytest.approx([60 - 10 * 50 / 60, 30, 20 - 10 * 10 / 60])


def test_widths_that_already_fit_are_kept() -> None:
    assert fit_widths([50, 30, 20], [10, 10, 10]) == [50, 30, 20]


def test_no_layout_when_the_words_alone_are_wider_than_the_table() -> None:
    assert fit_widths([50, 50], [60, 45]) is None


@given(st.lists(st.tuples(st.floats(1, 100), st.floats(0, 60)), min_size=1, max_size=12))
def test_every_column_is_at_least_its_longest_word_and_the_total_holds(
    columns: list[tuple[float, float]],
) -> None:
    wanted, least = [w for w, _ in columns], [m for _, m in columns]
    out = fit_widths(wanted, least)
    if sum(least) > sum(wanted):
        assert out is None
        return
    assert out is not None
    assert sum(out) == pytest.approx(sum(wanted))
    for w, m in zip(out, least, strict=True):
        assert w >= m - 1e-6
