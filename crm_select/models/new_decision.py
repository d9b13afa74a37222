"""Start a decision from the catalog: a template's criteria and company, the options chosen."""

from __future__ import annotations

from crm_select.models.scenario import Scenario, ShortlistEntry


def new_decision(name: str, option_ids: list[str], template: Scenario) -> Scenario:
    """A scenario named ``name`` shortlisting ``option_ids``, with no raters or scores yet."""
    return template.model_copy(
        update={
            "name": name,
            "description": "",
            "options": [ShortlistEntry(catalog_id=o) for o in option_ids],
            "raters": [],
            "scores": {},
        },
        deep=True,
    )
