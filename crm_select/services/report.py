"""The report: every number it shows computed once, then rendered to Excel, PDF, HTML or CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from crm_select.models.i18n_text import Lang
from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.realisation import RealisationRecord
from crm_select.models.scenario import Scenario
from crm_select.reports.charts import ChartSet, report_charts
from crm_select.reports.csv_export import to_csv_zip_bytes, write_csv_dir
from crm_select.reports.deck import to_pptx_bytes
from crm_select.reports.excel import to_xlsx_bytes
from crm_select.reports.html import to_html
from crm_select.reports.narrative import caveats, confidence_card, recommendation
from crm_select.reports.pdf import to_pdf_bytes
from crm_select.reports.report_data import ReportData
from crm_select.reports.safe import safe_filename
from crm_select.reports.tables import Table, decision_confidence_tables
from crm_select.services import finance_scenarios
from crm_select.services.confidence import Confidence, confidence
from crm_select.services.decision import OpenDecision, open_decision, prepare
from crm_select.services.memory_budget import check_trials
from crm_select.services.realisation import Realisation, analyse_forecast
from crm_select.services.simulation import base_cases, break_even_uplift, simulate
from finance.result import SimulationResult
from scoring.analysis import (
    acceptability_prepared,
    committee_prepared,
    compare_prepared,
    group_contributions,
    rank_prepared,
    stability_prepared,
)
from scoring.method_call import method_call, method_calls

__all__ = [
    "ChartSet",
    "ReportData",
    "caveats",
    "charts",
    "confidence_card",
    "confidence_tables",
    "csv_dir",
    "csv_zip",
    "file_name",
    "html",
    "pdf",
    "pptx",
    "recommendation",
    "report_data",
    "with_trials",
    "xlsx",
]


def with_trials(scenario: Scenario, trials: int | None, seed: int | None = None) -> Scenario:
    """A copy of the scenario with the simulation's trial count (and seed) replaced."""
    update: dict[str, Any] = {}
    if trials is not None:
        update["trials"] = trials
    if seed is not None:
        update["seed"] = seed
    if not update:
        return scenario
    if trials is not None:  # the same limits as the scenario's own trial count
        check_trials(trials)
    fin = scenario.finance
    sim = fin.simulation.model_copy(update=update)
    return scenario.model_copy(update={"finance": fin.model_copy(update={"simulation": sim})})


def report_data(
    decision: OpenDecision,
    settings: RankingSettings | None = None,
    *,
    trials: int | None = None,
    seed: int | None = None,
    realisation: RealisationRecord | None = None,
) -> ReportData:
    """Rank, compare, analyse the committee and the robustness, and simulate, once (and
    compare the kept finance scenarios, and run decision confidence, with the same trials and
    seed).

    ``settings`` are the scenario's ranking settings unless given; ``trials`` and ``seed``
    override the Monte Carlo's (e.g. fewer trials for a quick export). ``realisation``, a
    workspace's record after go-live, adds the "forecast vs actual" section against this very
    simulation (left out when its option is no longer on the shortlist).
    """
    s = settings or decision.settings
    if trials is not None or seed is not None:
        scenario = with_trials(decision.scenario, trials, seed)
        decision = open_decision(scenario, decision.catalog, decision.measures)
    dec = prepare(decision, s)
    call = method_call(s, dec.matrix.criteria)
    ranking = rank_prepared(dec, call)
    sim = decision.scenario.finance.simulation
    simulation = simulate(decision)
    comparison = (
        finance_scenarios.compare(decision, current=simulation)
        if decision.scenario.finance_scenarios
        else None
    )
    return ReportData(
        scenario=decision.scenario,
        catalog=decision.catalog,
        resolved=list(decision.resolved),
        measures=decision.measures,
        settings=s,
        decision=dec,
        ranking=ranking,
        contributions=group_contributions(ranking, dec.tree.group_of),
        methods=compare_prepared(dec, method_calls(s, dec.matrix.criteria)),
        committee=committee_prepared(dec, call),
        base=base_cases(decision),
        simulation=simulation,
        stability=stability_prepared(dec, call),
        acceptability=acceptability_prepared(dec, call, s.robustness),
        trials=sim.trials,
        seed=sim.seed,
        finance_comparison=comparison,
        realisation=_realisation(decision, realisation, simulation, sim.seed),
        break_even=break_even_uplift(decision),
        confidence=confidence(decision, s),
    )


def _realisation(
    decision: OpenDecision,
    record: RealisationRecord | None,
    simulation: SimulationResult,
    seed: int,
) -> Realisation | None:
    if record is None or record.baseline.option_id not in decision.option_ids:
        return None
    option = simulation.option(record.baseline.option_id)
    return analyse_forecast(decision, record, option, seed)


def confidence_tables(
    conf: Confidence, option_name: Callable[[str], str], lang: Lang
) -> tuple[Table, Table, Table]:
    """A decision-confidence run as the report's three tables: rank acceptability with
    P(highest NPV), the paired comparisons, the value of information (what the Ranking page's
    Confidence tab shows)."""
    ranks, pairs, voi = decision_confidence_tables(conf, option_name, lang)
    return ranks, pairs, voi


def charts(data: ReportData, lang: Lang) -> ChartSet:
    """The report's charts as PNG (the images the PDF and the presentation show), and the
    ones that could not be drawn."""
    return report_charts(data, lang)


def xlsx(data: ReportData, lang: Lang) -> bytes:
    """The comparison workbook (live weighted-sum formulas)."""
    return to_xlsx_bytes(data, lang)


def pdf(data: ReportData, lang: Lang) -> bytes:
    return to_pdf_bytes(data, lang)


def pptx(data: ReportData, lang: Lang) -> bytes:
    """The client deck (PowerPoint): native charts, the numbers' provenance in the notes."""
    return to_pptx_bytes(data.in_language(lang), lang)  # the deck names options in lang


def html(data: ReportData, lang: Lang) -> str:
    return to_html(data, lang)


def csv_zip(data: ReportData, lang: Lang, excel_ru: bool = False) -> bytes:
    """Every table as CSV in one zip (``excel_ru``: BOM, ';' and decimal commas)."""
    return to_csv_zip_bytes(data, lang, excel_ru)


def csv_dir(data: ReportData, lang: Lang, out: Path, excel_ru: bool = False) -> list[Path]:
    """Every table as a CSV file in ``out``."""
    return write_csv_dir(data, lang, out, excel_ru=excel_ru)


def file_name(title: str) -> str:
    """A download's file name (without extension) made safe from the decision's name."""
    return safe_filename(title)
