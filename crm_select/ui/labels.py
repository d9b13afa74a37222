"""Display names for ids: options, criteria, raters, in the current language."""

from __future__ import annotations

from crm_select.models.scenario import Scenario
from crm_select.ui.compute import decision
from crm_select.ui.i18n import lang


def option_names(scenario: Scenario) -> dict[str, str]:
    """Option id -> short display name (the product; with the edition only if two share it)."""
    return decision(scenario).option_names()


def criterion_names(scenario: Scenario) -> dict[str, str]:
    return decision(scenario).criterion_names(lang())


def rater_names(scenario: Scenario) -> dict[str, str]:
    return decision(scenario).rater_names()
