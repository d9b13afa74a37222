"""A wide table is shown in parts that fit a width (the HTML report, the app's grids): labels
repeated, every value column once and in order, a measure's percentiles together, marks kept.

The tables are made so that every width is known by hand: a value column's widest cell is ten
characters ("-12,345.68", twelve with padding), the label column's header six ("Option",
eight), "Scenario" eight (ten)."""

from __future__ import annotations

import pandas as pd

from crm_select.reports.table_parts import column_parts, part_tables
from crm_select.reports.tables import Kind, Table, formatted

MEASURES = ("NPV", "ROI", "IRR", "Payback")


def wide() -> Table:
    columns = ["Option", *(f"{m} P{p}" for m in MEASURES for p in (5, 50, 95))]
    rows = [["abc", *[12345.678] * 12], ["de", *[-12345.678] * 12]]
    kinds: dict[int, Kind] = dict.fromkeys(range(1, 13), "number")
    return Table("roi", "roi", "Percentiles", pd.DataFrame(rows, columns=columns), kinds)


def shown(table: Table) -> list[list[str]]:
    return formatted(table, "RUB", "en")


def test_the_cells_are_as_wide_as_the_test_says() -> None:
    table = wide()
    assert {len(v) for row in shown(table) for v in row[1:]} == {9, 10}  # "-12,345.68"


def test_a_table_that_fits_is_one_part() -> None:
    table = wide()
    assert column_parts(table, shown(table), 8 + 12 * 12) == [list(range(13))]


def test_a_wide_table_splits_into_even_parts_keeping_percentiles_together() -> None:
    table = wide()
    # room for 8 + 6 x 12: two measures (six columns) a part
    assert column_parts(table, shown(table), 80) == [
        [0, 1, 2, 3, 4, 5, 6],
        [0, 7, 8, 9, 10, 11, 12],
    ]
    # room for 4 value columns: a measure's three never share a part with a fourth
    assert column_parts(table, shown(table), 8 + 4 * 12) == [
        [0, 1, 2, 3],
        [0, 4, 5, 6],
        [0, 7, 8, 9],
        [0, 10, 11, 12],
    ]


def test_leading_text_columns_repeat_and_marks_follow_their_cells() -> None:
    table = wide()
    df = table.df.copy()
    df.insert(1, "Scenario", ["base", "low"])
    kinds: dict[int, Kind] = {c + 1: k for c, k in table.kinds.items()}
    marked = Table("cmp", "roi", "Compared", df, kinds, marks={(1, 9): "worse"})
    parts = part_tables(marked, shown(marked), 8 + 10 + 6 * 12)
    assert [p.key for p in parts] == ["cmp", "cmp-2"]
    assert [p.title for p in parts] == ["Compared (1/2)", "Compared (2/2)"]
    second = parts[1]
    assert list(second.df.columns[:2]) == ["Option", "Scenario"]
    assert list(second.df.columns[2:]) == [f"{m} P{p}" for m in MEASURES[2:] for p in (5, 50, 95)]
    assert second.marks == {(1, 3): "worse"}  # "IRR P50" of the second row
    assert second.kinds[2] == "number"
    assert 1 not in second.kinds
    assert parts[0].marks == {}
