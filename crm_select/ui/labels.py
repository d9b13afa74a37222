"""Display names for ids: options, criteria, raters, in the current language."""

from __future__ import annotations

from crm_select.models.i18n_text import text
from crm_select.models.scenario import Scenario
from crm_select.ui.compute import resolved
from crm_select.ui.i18n import lang


def option_names(scenario: Scenario) -> dict[str, str]:
    """Option id -> short display name (the product; with the edition only if two share it)."""
    options = resolved(scenario)
    short = [r.option.name for r in options]
    return {r.id: r.option.name if short.count(r.option.name) == 1 else r.name for r in options}


def criterion_names(scenario: Scenario) -> dict[str, str]:
    return {c.id: text(c.name, lang()) for c in scenario.criteria.criteria}


def rater_names(scenario: Scenario) -> dict[str, str]:
    return {r.id: r.name for r in scenario.raters}
