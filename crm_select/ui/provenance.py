"""Whose scores a decision uses, in one sentence of the user's language (board, Scoring page),
names as plain text (the sentence is shown as Markdown)."""

from __future__ import annotations

from collections.abc import Sequence

from crm_select.models.scenario import Scenario, ScoresSource
from crm_select.ui.i18n import moment, t
from crm_select.ui.plain_text import plain


def scores_line(source: ScoresSource | None, raters: Sequence[str]) -> str:
    """The committee round the scores come from (raters, revealed, applied, by whom), or the
    scenario file itself."""
    names = ", ".join(plain(r) for r in raters) or t("committee.scores.nobody")
    if source is None:
        return t("committee.scores.from_file", raters=names)
    text = t(
        "committee.scores.from_round",
        n=source.round,
        raters=names,
        revealed=moment(source.revealed_at),
        applied=moment(source.applied_at),
        by=plain(source.applied_by),
    )
    return f"{text} {t('committee.scores.edited')}" if source.edited else text


def scenario_scores_line(scenario: Scenario) -> str:
    """:func:`scores_line` of a scenario: its source and the names of those who scored."""
    names = [r.name for r in scenario.raters if r.id in scenario.scores]
    return scores_line(scenario.scores_source, names)
