"""The conventions a scenario's results rest on, in words, for every result and report."""

from __future__ import annotations

from crm_select.models.scenario import Scenario


def in_force(scenario: Scenario) -> list[str]:
    """One sentence per convention that a setting chooses (docs/finance.md, "Conventions")."""
    fin = scenario.finance
    out = []
    if fin.conventions.billing == "as_billed":
        out.append(
            "licences, maintenance, fixed yearly fees and add-ons are paid as each contract "
            "bills them (annual plans in advance unless stated)"
        )
    else:
        out.append(
            "every licence year is paid at its end (year-end convention of schema versions 1-2)"
        )
    return out
