"""The report's wording in its language: each method's normalisation named, never by its id
("minmax", "vector", "none" once stood in the Russian report); the date a report was prepared
written as the language writes dates."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_select.locales import Lang
from crm_select.reports.narrative import caveats, generated_line
from crm_select.reports.report_data import ReportData
from crm_select.reports.tables import methods_table

NAMES = {
    "en": ("min-max", "max (ratio)", "vector", "none (the method compares"),
    "ru": ("мин-макс", "по максимуму (отношение)", "векторная", "нет (метод сам сравнивает"),
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_normalisation_is_named_in_the_language(b2b: ReportData, lang: Lang) -> None:
    note = methods_table(b2b, lang).note or ""
    minmax, ratio, vector, none = NAMES[lang]
    # the example's defaults: WSM min-max, WPM max, TOPSIS vector, VIKOR and PROMETHEE their own
    for name in (minmax, ratio, vector, none):
        assert name in note, note
    assert "minmax" not in note
    assert ": none;" not in note, note
    assert not note.endswith(": none"), note


@pytest.mark.parametrize(("lang", "pattern"), [("ru", "%d.%m.%Y"), ("en", "%Y-%m-%d")])
def test_the_preparation_date_is_written_as_the_language_writes_it(
    b2b: ReportData, lang: Lang, pattern: str
) -> None:
    line = generated_line(b2b, lang)  # written with today's date
    assert dt.date.today().strftime(pattern) in line, line


@pytest.mark.parametrize(("lang", "pattern"), [("ru", "%d.%m.%Y"), ("en", "%Y-%m-%d")])
def test_the_catalog_date_is_written_as_the_language_writes_it(
    b2b: ReportData, lang: Lang, pattern: str
) -> None:
    assert b2b.catalog.as_of.strftime(pattern) in " ".join(caveats(b2b, lang))
