"""Open a decision: the scenario, its options resolved against the catalog, their measures.

Every other use case starts from an :class:`OpenDecision`, so the composition scenario ->
resolved options -> base-case measures happens here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from crm_select.models.catalog import Catalog
from crm_select.models.decision import ResolvedOption, display_names, id_names, resolve
from crm_select.models.errors import Problem
from crm_select.models.i18n_text import Lang, text
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from finance.measures import tco_measures
from scoring.analysis import Decision, prepare_decision

Measures = dict[str, dict[str, float]]
"""Finance measures per option: ``{"tco": {option: value}, "upfront_cost": {option: value}}``."""


@dataclass(frozen=True)
class OpenDecision:
    """A scenario ready for every use case.

    ``resolved`` are the shortlisted options joined with the catalog (after the scenario's
    overrides), in shortlist order; ``measures`` their base-case TCO and up-front cash, which feed
    the measured budget criteria.
    """

    scenario: Scenario
    catalog: Catalog
    resolved: tuple[ResolvedOption, ...]
    measures: Measures
    repairs: tuple[Problem, ...] = ()
    """Names and texts cleaned on opening (a file written under older rules)."""

    @property
    def settings(self) -> RankingSettings:
        """The ranking settings the scenario keeps."""
        return self.scenario.ranking

    @property
    def option_ids(self) -> list[str]:
        return [r.id for r in self.resolved]

    def option_names(self, lang: Lang | None = None) -> dict[str, str]:
        """Option id -> display name in ``lang`` (:func:`display_names`); the catalog's names
        unless a language is given."""
        return display_names(self.resolved, lang)

    def criterion_names(self, lang: Lang) -> dict[str, str]:
        return {c.id: text(c.name, lang) for c in self.scenario.criteria.criteria}

    def id_names(self, lang: Lang) -> dict[str, str]:
        """Every id a warning can carry -> its name in ``lang`` (:func:`id_names`)."""
        return id_names(self.scenario, self.resolved, lang)

    def rater_names(self) -> dict[str, str]:
        return {r.id: r.name for r in self.scenario.raters}


def open_decision(
    scenario: Scenario, catalog: Catalog, measures: Mapping[str, Mapping[str, float]] | None = None
) -> OpenDecision:
    """Resolve the shortlist and compute the base-case measures (unless given, e.g. cached).

    Raises ``PathError`` naming the shortlist entry that does not fit the catalog.
    """
    resolved = resolve(scenario, catalog)
    if measures is None:
        measures = tco_measures(scenario, resolved)
    return OpenDecision(
        scenario, catalog, tuple(resolved), {k: dict(v) for k, v in measures.items()}
    )


def load_decision(path: str | Path, catalog: Catalog | None = None) -> OpenDecision:
    """A scenario file opened against the catalog (the bundled one unless given).

    Names and texts today's rules refuse are cleaned and listed in ``repairs`` (every number
    is as in the file). Raises ``InputError`` naming file, line and field of every other
    problem.
    """
    cat = catalog or load_catalog()
    repairs: list[Problem] = []
    scenario = load_scenario(path, cat, repairs=repairs)
    return replace(open_decision(scenario, cat), repairs=tuple(repairs))


def prepare(decision: OpenDecision, settings: RankingSettings | None = None) -> Decision:
    """The decision matrix and the effective weights (consensus by the settings' aggregate)."""
    s = settings or decision.settings
    return prepare_decision(
        decision.scenario, list(decision.resolved), decision.measures, s.aggregate.value
    )
