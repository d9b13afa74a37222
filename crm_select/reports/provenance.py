"""Whose scores a decision uses, in one sentence of either language: the committee round the
scores come from (its raters, when it was revealed and applied, by whom), or the scenario file
itself. The report, the board, the Scoring, Ranking and Report pages all say it this way;
``escape`` readies the user's text (names) for where the sentence is shown (Markdown on a page).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crm_select.locales import moment, translate
from crm_select.models.i18n_text import Lang
from crm_select.models.scenario import Scenario, ScoresSource


def _as_is(text: str) -> str:
    return text


def scores_provenance(
    source: ScoresSource | None,
    raters: Sequence[str],
    lang: Lang,
    escape: Callable[[str], str] = _as_is,
) -> str:
    """The sentence for scores from ``source`` (None: the scenario file) by ``raters``."""
    names = ", ".join(escape(r) for r in raters) or translate("report.note.scores_nobody", lang)
    if source is None:
        return translate("report.note.scores_file", lang, raters=names)
    text = translate(
        "report.note.scores_round",
        lang,
        n=source.round,
        raters=names,
        revealed=moment(source.revealed_at, lang),
        applied=moment(source.applied_at, lang),
        by=escape(source.applied_by),
    )
    if source.edited:
        return f"{text} {translate('report.note.scores_edited', lang)}"
    return text


def scenario_scores_provenance(
    scenario: Scenario, lang: Lang, escape: Callable[[str], str] = _as_is
) -> str:
    """:func:`scores_provenance` of a scenario: its source and the names of those who scored."""
    names = [r.name for r in scenario.raters if r.id in scenario.scores]
    return scores_provenance(scenario.scores_source, names, lang, escape)
