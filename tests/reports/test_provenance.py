"""Whose scores a decision uses: one sentence for the report and the pages, in both languages,
the user's names escaped for where it is shown and nothing else."""

from __future__ import annotations

import datetime as dt

from crm_select.models.catalog import Catalog
from crm_select.models.loader import load_scenario
from crm_select.models.scenario import ScoresSource
from crm_select.reports.provenance import scenario_scores_provenance, scores_provenance
from crm_select.ui.plain_text import plain
from tests.reports.conftest import B2B

SOURCE = ScoresSource(
    workspace="w1",
    round=2,
    raters=["ann", "bob"],
    revealed_at=dt.datetime(2026, 11, 28, 9, 5, tzinfo=dt.UTC),
    applied_at=dt.datetime(2026, 11, 28, 10, 30, tzinfo=dt.UTC),
    applied_by="Chair *Kim*",
)


def test_a_round_in_both_languages() -> None:
    assert scores_provenance(SOURCE, ["Ann", "Bob"], "en") == (
        "The decision uses round 2's scores: Ann, Bob (revealed 2026-11-28 09:05 UTC, applied "
        "2026-11-28 10:30 UTC by Chair *Kim*)."
    )
    assert scores_provenance(SOURCE, ["Аня"], "ru") == (
        "Решение использует оценки раунда 2: Аня (раскрыты 28.11.2026 09:05 UTC, применены "
        "28.11.2026 10:30 UTC, Chair *Kim*)."
    )


def test_the_escape_touches_names_only() -> None:
    shown = scores_provenance(SOURCE, ["A_n_n"], "en", plain)
    assert "A\\_n\\_n" in shown
    assert "by Chair \\*Kim\\*)" in shown
    assert "2026-11-28 09:05 UTC" in shown  # the sentence's own text is not escaped


def test_edited_scores_and_the_file() -> None:
    edited = SOURCE.model_copy(update={"edited": True})
    assert scores_provenance(edited, ["Ann"], "en").endswith(
        "Some scores were changed by hand after the round was applied."
    )
    assert scores_provenance(None, [], "en") == (
        "The decision uses the scores written in its file: nobody."
    )
    assert scores_provenance(None, ["Ann"], "ru") == (
        "Решение использует оценки, записанные в его файле: Ann."
    )


def test_a_scenario_names_only_those_who_scored(catalog: Catalog) -> None:
    example = load_scenario(B2B, catalog)
    scored = [r.name for r in example.raters if r.id in example.scores]
    assert scored
    unscored = example.raters[0].model_copy(update={"id": "nobody-yet", "name": "Zed"})
    example.raters.append(unscored)
    assert scenario_scores_provenance(example, "en") == (
        f"The decision uses the scores written in its file: {', '.join(scored)}."
    )
