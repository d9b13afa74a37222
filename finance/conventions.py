"""The conventions a scenario's results rest on, in words, for every result and report."""

from __future__ import annotations

from crm_select.locales import number, percent, translate
from crm_select.models.i18n_text import Lang
from crm_select.models.scenario import Scenario


def in_force(scenario: Scenario, lang: Lang = "en") -> list[str]:
    """One sentence per convention that a setting chooses (docs/finance.md, "Conventions"),
    in ``lang`` (the simulation's result carries the English ones)."""

    def say(key: str, **fmt: object) -> str:
        return translate(f"convention.{key}", lang, **fmt)

    c = scenario.finance.conventions
    out = [say("as_billed" if c.billing == "as_billed" else "year_end")]
    if c.taxed:
        out.append(
            say(
                "taxed",
                rate=percent(c.profit_tax_rate, lang),
                years=number(c.amortisation_years, lang, 0 if c.amortisation_years % 1 == 0 else 1),
            )
        )
    else:
        out.append(say("pre_tax"))
    if c.vat_rate and not c.vat_recoverable:
        out.append(say("vat_irrecoverable", rate=percent(c.vat_rate, lang)))
    else:
        out.append(say("vat_excluded"))
    if c.inflated:
        out.append(
            say(
                "inflated",
                price=percent(c.price_inflation, lang, 1),
                wage=percent(c.wage_inflation, lang, 1),
            )
        )
    else:
        out.append(say("no_inflation"))
    if c.residual_value:
        out.append(say("residual"))
    return [*out, benefit_reading(scenario, lang, short=False)]


def benefit_reading(scenario: Scenario, lang: Lang = "en", short: bool = True) -> str:
    """How the benchmark uplifts are read — as levels reached through the ramp and held, or
    compounding for three years (2.5 times the NPV of the bundled examples' levels) — with the
    decay after the plateau, the margin uplift's unit and the satisfaction-to-churn link.
    ``short``: the reading alone, for chart titles."""
    b = scenario.finance.benefits
    kind = "compounding" if b.compounding else "level"
    if short:
        return translate(f"convention.reading_{kind}_short", lang)
    parts = [translate(f"convention.reading_{kind}", lang)]
    if b.decay:
        parts.append(translate("convention.decay", lang, rate=percent(b.decay, lang, 1)))
    parts.append(translate(f"convention.margin_{b.margin_uplift}", lang))
    if b.satisfaction_to_churn is None:
        parts.append(translate("convention.churn_points", lang))
    else:
        parts.append(
            translate(
                "convention.churn_link",
                lang,
                link=number(b.satisfaction_to_churn, lang, 2),
            )
        )
    return ", ".join(parts)
