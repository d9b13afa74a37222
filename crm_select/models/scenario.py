"""A decision scenario: one decision a committee works on (docs/scenario.md documents every field)."""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.branding import Branding
from crm_select.models.catalog import (
    Billing,
    CatalogOption,
    Component,
    Grade,
    Range,
    check_unique,
)
from crm_select.models.company import CompanyProfile
from crm_select.models.criteria import CriteriaTree, RatingScale
from crm_select.models.errors import PathError
from crm_select.models.finance import FinanceAssumptions
from crm_select.models.i18n_text import Lang, LocalLongText, LocalText, text
from crm_select.models.limits import MAX_AMOUNT, MAX_OPTIONS, MAX_RATERS
from crm_select.models.money import Currency
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.schema_version import SCHEMA_VERSION, upgrade
from crm_select.models.text import Key, Name, Text
from crm_select.models.weights_source import WeightsSource


class Strategy(StrEnum):
    """Who implements: the company itself, external consultants, or both."""

    IN_HOUSE = "in_house"
    CONSULTANTS = "consultants"
    MIXED = "mixed"


class OptionOverrides(Strict):
    """Per-decision corrections to a catalog entry (a negotiated price, a bigger scope)."""

    price: float | None = Field(
        None,
        ge=0,
        le=MAX_AMOUNT,
        description="replaces the edition's headline price in its own currency "
        "(per user-month, per month, per user or server licence, or build day rate)",
    )
    effort_days: Range | None = None
    duration_weeks: Range | None = None
    partner_day_rate: float | None = Field(None, gt=0, le=MAX_AMOUNT)
    coverage: dict[Component, Grade] = Field(default_factory=dict)
    discount: float = Field(
        0.0, ge=0, lt=1, description="negotiated discount off the licence list price (0.2 = 20 %)"
    )


class ShortlistEntry(Strict):
    """An option on the shortlist: a catalog entry (with overrides) or a full inline option."""

    id: Key | None = Field(None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    catalog_id: Key | None = None
    edition: Key | None = None
    strategy: Strategy = Strategy.CONSULTANTS
    users: int | None = Field(None, ge=1, description="licensed users; default company.crm_users")
    billing: Billing | None = Field(
        None, description="how this contract bills licences (default: as the vendor bills)"
    )
    overrides: OptionOverrides = Field(default_factory=OptionOverrides)
    inline: CatalogOption | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ShortlistEntry:
        if (self.catalog_id is None) == (self.inline is None):
            raise ValueError("give exactly one of catalog_id or inline")
        return self

    @property
    def option_id(self) -> str:
        if self.id:
            return self.id
        return self.catalog_id if self.catalog_id is not None else self.inline.id  # type: ignore[union-attr]


class OptionTerms(Strict):
    """What a named finance scenario fixes for one shortlisted option: who implements, how many
    users, how the contract bills and the negotiated overrides (as on the shortlist entry)."""

    strategy: Strategy = Strategy.CONSULTANTS
    users: int | None = Field(None, ge=1)
    billing: Billing | None = None
    overrides: OptionOverrides = Field(default_factory=OptionOverrides)


MAX_FINANCE_SCENARIOS = 20
"""Named finance scenarios a decision keeps (each is simulated when they are compared)."""


class FinanceScenario(Strict):
    """A named set of finance assumptions kept with the decision (e.g. base, pessimistic,
    negotiated price): the whole ``finance`` section and each option's terms as they were when
    it was kept. Comparing scenarios simulates each with the decision's company, currency and
    one simulation setting (docs/finance.md, "Named scenarios")."""

    name: Name = Field(min_length=1, max_length=80)
    note: Text = Field("", max_length=500)
    finance: FinanceAssumptions
    options: dict[Key, OptionTerms] = Field(
        default_factory=dict, description="option id -> its terms in this scenario"
    )


class Rater(Strict):
    id: Key = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: Name
    department: Name = ""
    facilitator: bool = False


Scores = dict[Key, dict[Key, dict[Key, float | None]]]


class ScoresSource(Strict):
    """Where the scenario's scores come from: a revealed committee round the facilitator
    applied to the decision (who scored, when the round was revealed, who applied it, when).

    A scenario without one holds the scores written in its file (e.g. an example's raters).
    ``edited`` says someone changed scores on the Scoring page after the round was applied.
    """

    workspace: Key = Field(min_length=1, description="the workspace the round ran in")
    round: int = Field(ge=1, description="the committee round whose scores these are")
    raters: list[Key] = Field(description="ids of the raters whose scores were applied")
    revealed_at: dt.datetime
    applied_at: dt.datetime
    applied_by: Name = Field(min_length=1, description="who applied the round")
    edited: bool = False


class Scenario(Strict):
    schema_version: int = Field(
        SCHEMA_VERSION,
        ge=SCHEMA_VERSION,
        le=SCHEMA_VERSION,
        description="format version; older files are upgraded on load (models/schema_version.py)",
    )
    name: LocalText = Field(
        min_length=1, description="the decision's title, in one language or both ({en, ru})"
    )
    description: LocalLongText = Field("", description="free text, in one language or both")
    language: Lang = "en"
    currency: Currency
    exchange_rates: dict[Currency, float] = Field(
        default_factory=dict, description="units of `currency` per one unit of each key"
    )
    exchange_rates_as_of: dt.date | None = None
    company: CompanyProfile
    criteria: CriteriaTree
    options: list[ShortlistEntry] = Field(min_length=1, max_length=MAX_OPTIONS)
    raters: list[Rater] = Field(default_factory=list, max_length=MAX_RATERS)
    scores: Scores = Field(
        default_factory=dict, description="rater -> option -> criterion -> value"
    )
    scores_source: ScoresSource | None = Field(
        None, description="the committee round the scores come from; none: the file's own"
    )
    weights_source: WeightsSource | None = Field(
        None, description="whose weights the decision uses; none: the facilitator's own"
    )
    finance: FinanceAssumptions = Field(default_factory=FinanceAssumptions)
    ranking: RankingSettings = Field(default_factory=RankingSettings)
    finance_scenarios: list[FinanceScenario] = Field(
        default_factory=list,
        max_length=MAX_FINANCE_SCENARIOS,
        description="named finance scenarios kept for comparison (docs/finance.md)",
    )
    branding: Branding = Field(
        default_factory=Branding,
        description="the client's and consultant's names and logos, the accent colour",
    )

    def title(self, lang: Lang | None = None) -> str:
        """The decision's name in ``lang`` (default: the scenario's own ``language``)."""
        return text(self.name, lang or self.language)

    def in_language(self, lang: Lang) -> Scenario:
        """This scenario titled and described in ``lang`` only (as a report in ``lang`` shows
        it); itself when the title and description are given in one language."""
        if isinstance(self.name, str) and isinstance(self.description, str):
            return self
        return self.model_copy(
            update={"name": text(self.name, lang), "description": text(self.description, lang)}
        )

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        return upgrade(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        for ccy, rate in self.exchange_rates.items():
            if not rate > 0:
                raise PathError(("exchange_rates", ccy.value), f"must be > 0, got {rate}")
        option_ids = [o.option_id for o in self.options]
        check_unique(option_ids, "options")
        check_unique([r.id for r in self.raters], "raters")
        self._check_finance_scenarios(set(option_ids))
        self._check_scores(set(option_ids))
        if self.scores_source is not None:
            rater_ids = {r.id for r in self.raters}
            for i, rid in enumerate(self.scores_source.raters):
                if rid not in rater_ids:
                    raise PathError(
                        ("scores_source", "raters", i),
                        f"unknown rater {rid!r}; known: {sorted(rater_ids)}",
                    )
        known = [c.id for c in self.criteria.criteria]
        for crit in self.ranking.promethee:
            if crit not in known:
                raise PathError(
                    ("ranking", "promethee", crit), f"unknown criterion; known: {sorted(known)}"
                )
        return self

    def _check_finance_scenarios(self, option_ids: set[str]) -> None:
        seen: dict[str, int] = {}
        for i, fs in enumerate(self.finance_scenarios):
            if fs.name in seen:
                raise PathError(
                    ("finance_scenarios", i, "name"),
                    f"{fs.name!r} is already the name of finance_scenarios[{seen[fs.name]}]",
                )
            seen[fs.name] = i
            for option in fs.options:
                if option not in option_ids:
                    raise PathError(
                        ("finance_scenarios", i, "options", option),
                        f"not on the shortlist; known: {sorted(option_ids)}",
                    )

    def _check_scores(self, option_ids: set[str]) -> None:
        rater_ids = {r.id for r in self.raters}
        criteria = {c.id: c for c in self.criteria.criteria}
        for rater, by_option in self.scores.items():
            if rater not in rater_ids:
                raise PathError(("scores", rater), f"unknown rater; known: {sorted(rater_ids)}")
            for option, by_criterion in by_option.items():
                if option not in option_ids:
                    raise PathError(
                        ("scores", rater, option), f"unknown option; known: {sorted(option_ids)}"
                    )
                for crit, value in by_criterion.items():
                    path = ("scores", rater, option, crit)
                    if crit not in criteria:
                        raise PathError(path, f"unknown criterion; known: {sorted(criteria)}")
                    scale = criteria[crit].scale
                    if not isinstance(scale, RatingScale):
                        raise PathError(
                            path, f"criterion is measured ({scale.measure}); raters do not score it"
                        )
                    if value is None:
                        continue
                    if not math.isfinite(value) or not scale.min <= value <= scale.max:
                        raise PathError(
                            path, f"must be between {scale.min:g} and {scale.max:g}, got {value:g}"
                        )
