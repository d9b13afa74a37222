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
    c = fin.conventions
    if c.taxed:
        out.append(
            f"after profit tax at {c.profit_tax_rate:.0%}: benefits taxed, operating costs "
            f"deducted, up-front licences and builds amortised over {c.amortisation_years:g} "
            "years from go-live"
        )
    else:
        out.append("pre-tax cash flows (no profit tax)")
    if c.vat_rate and not c.vat_recoverable:
        out.append(f"input VAT of {c.vat_rate:.0%} is not recoverable: external spend includes it")
    else:
        out.append("VAT excluded (recoverable)")
    if c.inflated:
        out.append(
            f"nominal flows: prices grow {c.price_inflation:.1%} and wages "
            f"{c.wage_inflation:.1%} a year from year-0 levels"
        )
    else:
        out.append("no inflation: amounts at year-0 prices against the stated discount rate")
    if c.residual_value:
        out.append("the book value of capitalised items left at the horizon is counted at year H")
    return out
