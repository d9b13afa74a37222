"""Start a new decision from the catalog: a blank profile with the default criteria tree, or a
bundled example as the template. Nothing comes from the decision open at the time.

Either way the new decision has the options picked, no raters, no scores and no kept finance
scenarios; the committee weighs, invites and scores from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from crm_select.models.catalog import Catalog
from crm_select.models.company import CompanyProfile
from crm_select.models.i18n_text import Lang, LocalText, text
from crm_select.models.loader import load_criteria, load_scenario
from crm_select.models.money import Currency
from crm_select.models.paths import EXAMPLE_SCENARIO, EXAMPLES_DIR
from crm_select.models.scenario import Scenario, ShortlistEntry
from crm_select.services.edits import validated

BLANK = "blank"
"""The template key of a blank profile."""


@dataclass(frozen=True)
class Template:
    """What a new decision can start from: ``key`` is :data:`BLANK` or an example's file stem;
    ``name`` the example's name, in one language or both (empty for the blank profile)."""

    key: str
    name: LocalText

    def title(self, lang: Lang) -> str:
        """The example's name in ``lang``."""
        return text(self.name, lang)


def templates(catalog: Catalog) -> list[Template]:
    """The blank profile first, then every bundled example."""
    examples = sorted(EXAMPLES_DIR.glob("*.yaml"))
    return [
        Template(BLANK, ""),
        *(Template(p.stem, load_scenario(p, catalog).name) for p in examples),
    ]


def currencies(catalog: Catalog) -> list[Currency]:
    """The currencies a blank decision can keep its money in: those the reference example
    gives exchange rates between (its ``exchange_rates`` with their ``as_of``)."""
    ref = load_scenario(EXAMPLE_SCENARIO, catalog)
    return [ref.currency, *ref.exchange_rates]


def _rates(currency: Currency, catalog: Catalog) -> tuple[dict[Currency, float], Scenario]:
    """Units of ``currency`` per unit of each other currency, from the reference example's
    rates: rate(X per Y) = rate(base per Y) / rate(base per X)."""
    ref = load_scenario(EXAMPLE_SCENARIO, catalog)
    per_base = {ref.currency: 1.0, **ref.exchange_rates}
    if currency not in per_base:
        raise NewDecisionError("no_rate", currency.value)
    mine = per_base[currency]
    return {c: r / mine for c, r in per_base.items() if c is not currency}, ref


class NewDecisionError(ValueError):
    """A request the rules refuse: ``code`` is ``no_name``, ``no_options``, ``unknown_option``,
    ``unknown_template``, ``no_rate`` or ``invalid`` (the pages translate
    ``new.error_<code>``); ``detail`` what exactly (ids, or the model's message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class NewDecision:
    """The New-decision form: a name, the options picked, where to start from and, for a blank
    profile, the company's name, CRM users, currency and the language of its texts."""

    name: str
    options: tuple[str, ...]
    template: str = BLANK
    company: str = ""
    crm_users: int = 50
    currency: Currency = Currency.RUB
    language: Lang = "en"


def blank_company(name: str, crm_users: int) -> CompanyProfile:
    """A company profile with only its name and CRM users: every money figure and rate 0 until
    the user fills the profile in (the benefit model then yields nothing, never a guess)."""
    return CompanyProfile(
        name=name,
        crm_users=crm_users,
        sales_reps=0,
        annual_revenue=0,
        gross_margin=0,
        deals_per_year=0,
        win_rate=0,
        average_deal=0,
        admin_costs=0,
        cross_sell_revenue=0,
        churn=0,
        loaded_labour_cost_per_day=0,
        discount_rate=0,
    )


def start_decision(request: NewDecision, catalog: Catalog) -> Scenario:
    """The new decision's scenario, validated whole (:class:`NewDecisionError` naming what is
    wrong).

    Blank: the default criteria tree (data/criteria.yaml), default finance assumptions and
    ranking settings, :func:`blank_company`. Template: the example's company, criteria,
    weights, finance assumptions and ranking settings. Unknown option ids or template keys
    raise :class:`NewDecisionError`.
    """
    if not request.name.strip():
        raise NewDecisionError("no_name")
    if not request.options:
        raise NewDecisionError("no_options")
    known = {o.id for o in catalog.options}
    unknown = [o for o in request.options if o not in known]
    if unknown:
        raise NewDecisionError("unknown_option", ", ".join(unknown))
    try:
        return _start(request, catalog)
    except ValidationError as e:
        raise NewDecisionError("invalid", "; ".join(x["msg"] for x in e.errors())) from None


def _start(request: NewDecision, catalog: Catalog) -> Scenario:
    shortlist = [ShortlistEntry(catalog_id=o).model_dump(mode="json") for o in request.options]
    if request.template == BLANK:
        rates, ref = _rates(request.currency, catalog)
        return Scenario.model_validate(
            {
                "name": request.name,
                "language": request.language,
                "currency": request.currency,
                "exchange_rates": rates,
                "exchange_rates_as_of": ref.exchange_rates_as_of,
                "company": blank_company(request.company, request.crm_users).model_dump(),
                "criteria": load_criteria().model_dump(mode="json"),
                "options": shortlist,
            }
        )
    path = EXAMPLES_DIR / f"{request.template}.yaml"
    if path.parent != EXAMPLES_DIR or not path.is_file():
        raise NewDecisionError("unknown_template", request.template)
    template = load_scenario(path, catalog)
    return validated(
        template,
        name=request.name,
        description="",
        options=shortlist,
        raters=[],
        scores={},
        scores_source=None,
        weights_source=None,
        finance_scenarios=[],
    )
