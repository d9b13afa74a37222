"""Whose scores (and whose weights) a decision uses, in one sentence of either language: the committee round the
scores come from (its raters, when it was revealed and applied, by whom), or the scenario file
itself. The report, the board, the Scoring, Ranking and Report pages all say it this way;
``escape`` readies the user's text (names) for where the sentence is shown (Markdown on a page).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from crm_select.locales import moment, translate
from crm_select.models.i18n_text import Lang
from crm_select.models.scenario import Scenario, ScoresSource
from crm_select.models.weights_source import Aggregation, WeightsChoice, WeightsSource
from scoring.weights import tree_weights


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


def weights_provenance(
    source: WeightsSource | None,
    current: Mapping[str, float],
    lang: Lang,
    escape: Callable[[str], str] = _as_is,
) -> str:
    """The sentence for the weights adopted as ``source`` ("weights: group of 3 members (AIP),
    adopted by X at T"); empty when nobody adopted any. ``current`` (the criteria's effective
    weights now) tells whether they were changed afterwards."""
    if source is None:
        return ""
    when = {"by": escape(source.adopted_by), "at": moment(source.adopted_at, lang)}
    if source.choice is WeightsChoice.GROUP:
        text = translate(
            "report.note.weights_group",
            lang,
            n=len(source.members),
            members=", ".join(escape(m) for m in source.members),
            round=source.round,
            aggregation=translate(
                f"report.aggregation.{(source.aggregation or Aggregation.AIP_ARITHMETIC).value}",
                lang,
            ),
            **when,
        )
    elif source.choice is WeightsChoice.DEPARTMENT:
        text = translate(
            "report.note.weights_department",
            lang,
            department=escape(source.department or ""),
            **when,
        )
    else:
        text = translate("report.note.weights_own", lang, **when)
    moved = set(current) != set(source.effective) or any(
        abs(current[c] - w) > 1e-9 for c, w in source.effective.items()
    )
    if moved:
        return f"{text} {translate('report.note.weights_edited', lang)}"
    return text


def scenario_weights_provenance(
    scenario: Scenario, lang: Lang, escape: Callable[[str], str] = _as_is
) -> str:
    """:func:`weights_provenance` of a scenario: its source against its weights now."""
    if scenario.weights_source is None:
        return ""
    current = tree_weights(scenario.criteria).effective
    return weights_provenance(scenario.weights_source, current, lang, escape)
