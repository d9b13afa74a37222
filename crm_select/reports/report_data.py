"""Everything one report shows, computed once by the application layer
(:func:`crm_select.services.report.report_data`); the renderers here only format it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, wraps
from typing import Concatenate, ParamSpec, TypeVar

from crm_select.models.catalog import Catalog
from crm_select.models.decision import ResolvedOption, display_names, id_names
from crm_select.models.i18n_text import Lang, text
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from crm_select.reports.option_risks import OptionRisks, option_risks
from finance.base_case import BaseCase
from finance.break_even import BreakEven
from finance.comparison import FinanceComparison
from finance.realisation import Realisation
from finance.result import OptionResult, SimulationResult
from scoring.analysis import (
    CommitteeReport,
    Decision,
    MethodComparison,
    RankingResult,
    Stability,
)
from scoring.confidence import Confidence
from scoring.smaa import SmaaResult


@dataclass(frozen=True)
class ReportData:
    """Everything computed for one report: ranking, methods, committee, robustness, finance.

    ``contributions`` split each option's score by interest group
    (:func:`scoring.analysis.group_contributions`); ``stability`` and ``acceptability`` are the
    ranking's robustness at the scenario's weights and robustness settings; ``simulation`` the
    Monte Carlo with ``trials`` and ``seed``; ``finance_comparison`` the kept finance scenarios
    side by side with the same trials and seed (None when the decision keeps none);
    ``break_even`` each option's break-even uplift with the same trials and seed.
    ``confidence`` the joint simulation over weights, scores and money with the same trials and
    seed (the decision card on the first page, the workbook's Confidence sheet).
    """

    scenario: Scenario
    catalog: Catalog
    resolved: list[ResolvedOption]
    measures: dict[str, dict[str, float]]
    settings: RankingSettings
    decision: Decision
    ranking: RankingResult
    contributions: dict[str, dict[str, float]]
    methods: MethodComparison
    committee: CommitteeReport
    base: dict[str, BaseCase]
    simulation: SimulationResult
    stability: Stability
    acceptability: SmaaResult
    trials: int
    seed: int
    finance_comparison: FinanceComparison | None = None
    realisation: Realisation | None = None
    """After go-live: the workspace's record against this simulation (None without one)."""
    break_even: dict[str, BreakEven] = field(default_factory=dict)
    confidence: Confidence | None = None
    lang: Lang = "en"
    """The language names are given in (:meth:`in_language`; the renderers set it)."""

    def in_language(self, lang: Lang) -> ReportData:
        """The same results, naming options in ``lang`` (the catalog's ``names`` for it), the
        decision titled and described in ``lang`` (:meth:`Scenario.in_language`)."""
        scenario = self.scenario.in_language(lang)
        if lang == self.lang and scenario is self.scenario:
            return self
        return replace(self, lang=lang, scenario=scenario)

    @property
    def currency(self) -> str:
        return self.scenario.currency.value

    @property
    def option_ids(self) -> list[str]:
        return [r.id for r in self.resolved]

    def option_name(self, option_id: str) -> str:
        """The option's display name in the report's language, the one the pages show
        (:func:`~crm_select.models.decision.display_names`)."""
        return display_names(self.resolved, self.lang).get(option_id, option_id)

    @cached_property
    def risks(self) -> tuple[OptionRisks, ...]:
        """Each shortlisted option's risk facts and notes in the report's language, in
        shortlist order (:func:`~crm_select.reports.option_risks.option_risks`)."""
        return option_risks(self.resolved, self.lang)

    def option(self, option_id: str) -> ResolvedOption:
        for r in self.resolved:
            if r.id == option_id:
                return r
        raise KeyError(option_id)

    def criterion_name(self, criterion_id: str, lang: Lang) -> str:
        for c in self.scenario.criteria.criteria:
            if c.id == criterion_id:
                return text(c.name, lang)
        return criterion_id

    def names(self) -> dict[str, str]:
        """Every id a warning can carry (interest, rater, criterion, option) -> its name in the
        report's language."""
        return id_names(self.scenario, self.resolved, self.lang)

    def rater_name(self, rater_id: str) -> str:
        for r in self.scenario.raters:
            if r.id == rater_id:
                return r.name
        return rater_id

    def sim_option(self, option_id: str) -> OptionResult:
        """The simulation's result for one option."""
        return next(o for o in self.simulation.options if o.option_id == option_id)

    @property
    def winner(self) -> str:
        return self.ranking.winner


P = ParamSpec("P")
R = TypeVar("R")


def in_report_language(
    render: Callable[Concatenate[ReportData, Lang, P], R],
) -> Callable[Concatenate[ReportData, Lang, P], R]:
    """A renderer of ``(data, lang, ...)`` that sees ``data`` in ``lang``: every option it
    names is named in the language it writes."""

    @wraps(render)
    def rendered(data: ReportData, lang: Lang, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return render(data.in_language(lang), lang, *args, **kwargs)

    return rendered
