"""The shortlisted options' risks: the catalog's facts (availability in Russia, data
residency under 152-FZ, life cycle and end of support, lock-in, vendor viability) and its risk
notes, in one language. The Options page shows what this returns; the report, the workbook and
the deck show the same through :attr:`ReportData.risks <crm_select.reports.report_data.ReportData.risks>`."""

from __future__ import annotations

from crm_select.models.i18n_text import Lang
from crm_select.reports.option_risks import FACTS, OptionRisks, fact_labels, option_risks
from crm_select.services.decision import OpenDecision

__all__ = ["FACTS", "OptionRisks", "fact_labels", "shortlist_risks"]


def shortlist_risks(decision: OpenDecision, lang: Lang) -> tuple[OptionRisks, ...]:
    """Each shortlisted option's risk facts and notes in ``lang``, in shortlist order
    (catalog and inline options alike), named as every page names it."""
    return option_risks(decision.resolved, lang)
