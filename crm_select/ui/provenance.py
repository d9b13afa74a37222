"""Whose scores a decision uses (crm_select/reports/provenance.py) in the page's language,
names as plain text (the sentence is shown as Markdown)."""

from __future__ import annotations

from collections.abc import Sequence

from crm_select.models.scenario import Scenario, ScoresSource
from crm_select.reports.provenance import (
    scenario_scores_provenance,
    scenario_weights_provenance,
    scores_provenance,
)
from crm_select.ui.i18n import lang
from crm_select.ui.plain_text import plain


def scores_line(source: ScoresSource | None, raters: Sequence[str]) -> str:
    return scores_provenance(source, raters, lang(), plain)


def scenario_scores_line(scenario: Scenario) -> str:
    return scenario_scores_provenance(scenario, lang(), plain)


def scenario_weights_line(scenario: Scenario) -> str:
    """Whose weights the decision uses (empty when nobody adopted any)."""
    return scenario_weights_provenance(scenario, lang(), plain)
