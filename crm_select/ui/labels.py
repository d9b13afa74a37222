"""Display names for ids: options, criteria, raters, in the current language."""

from __future__ import annotations

from crm_select.locales.warning_text import named_detail, named_where
from crm_select.models.scenario import Scenario
from crm_select.ui.compute import decision
from crm_select.ui.i18n import lang, warning_text
from crm_select.ui.plain_text import plain


def option_names(scenario: Scenario) -> dict[str, str]:
    """Option id -> short display name (the product; with the edition only if two share it)."""
    return decision(scenario).option_names(lang())


def criterion_names(scenario: Scenario) -> dict[str, str]:
    return decision(scenario).criterion_names(lang())


def rater_names(scenario: Scenario) -> dict[str, str]:
    return decision(scenario).rater_names()


def _names(scenario: Scenario) -> dict[str, str]:
    """Every id a warning can carry (interest, rater, criterion, option) -> its display name."""
    return decision(scenario).id_names(lang())


def where_names(scenario: Scenario, where: str) -> str:
    """A warning's ``where`` with every id of an option, criterion, interest or rater replaced
    by its display name."""
    return named_where(where, _names(scenario))


def warning_line(scenario: Scenario, code: str, where: str, message: str) -> str:
    """A scoring warning or error in the user's language, naming what it concerns by name; ids
    of raters, options and criteria inside the English detail are named too (whole ids only).
    Names and the detail are plain text: the line is shown as Markdown."""
    d = decision(scenario)
    # raters and options by any id; criteria only by ids no English word has (process_fit)
    named = [
        *d.rater_names(),
        *d.option_names(lang()),
        *(c for c in d.criterion_names(lang()) if not c.isalpha()),
    ]
    message = named_detail(message, _names(scenario), named)
    return warning_text(code, plain(where_names(scenario, where)), plain(message))
