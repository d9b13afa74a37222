"""What could go wrong with each shortlisted option, as the catalog (or the inline option)
states it: the structured risk facts and the risk notes, in one language.

One function, :func:`option_risks`, reads them; the Options page (through
:func:`crm_select.services.risks.shortlist_risks`), the report's risk section, the workbook, the
CSV files and the deck's risks slide all show what it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from crm_select.locales import day, translate
from crm_select.models.catalog import Availability, Lifecycle
from crm_select.models.decision import ResolvedOption, display_names
from crm_select.models.i18n_text import Lang, text

FACTS: tuple[str, ...] = ("russia", "data_residency_ru", "lifecycle", "lock_in", "vendor_viability")
"""The structured risk facts, in the order every table shows them."""


@dataclass(frozen=True)
class OptionRisks:
    """One shortlisted option's risk facts and notes, in ``lang``.

    ``russia``: can a Russian legal entity buy, run and get support for it today;
    ``data_residency_ru``: personal data can be kept in Russia (152-FZ), None when unknown;
    ``lifecycle`` and ``end_of_support`` (None when none is announced); ``lock_in`` 0 (none)
    to 5 (severe); ``vendor_viability`` 0 (doubtful) to 5 (very strong); ``notes`` the
    catalog's risk notes in ``lang`` (the other language's where a note has only that one).
    """

    option_id: str
    name: str
    lang: Lang
    russia: Availability
    data_residency_ru: bool | None
    lifecycle: Lifecycle
    end_of_support: dt.date | None
    lock_in: int
    vendor_viability: int
    notes: tuple[str, ...]

    def fact_text(self) -> dict[str, str]:
        """Each fact of :data:`FACTS` in words of ``lang`` ("unavailable", "no", "maintenance,
        support until 2037-12-31", "4 of 5")."""
        lang = self.lang
        residency = {True: "yes", False: "no", None: "unknown"}[self.data_residency_ru]
        life = translate(f"risks.lifecycle.{self.lifecycle.value}", lang)
        if self.end_of_support is not None:
            life = translate(
                "risks.until", lang, lifecycle=life, date=day(self.end_of_support, lang)
            )
        return {
            "russia": translate(f"russia.{self.russia.value}", lang),
            "data_residency_ru": translate(f"risks.residency.{residency}", lang),
            "lifecycle": life,
            "lock_in": translate("risks.grade", lang, grade=self.lock_in),
            "vendor_viability": translate("risks.grade", lang, grade=self.vendor_viability),
        }


def fact_labels(lang: Lang) -> dict[str, str]:
    """The heading of each fact of :data:`FACTS` in ``lang``."""
    return {f: translate(f"risks.fact.{f}", lang) for f in FACTS}


def option_risks(resolved: Sequence[ResolvedOption], lang: Lang) -> tuple[OptionRisks, ...]:
    """Every shortlisted option's risk facts and notes in ``lang``, in shortlist order, named
    as every surface names it (:func:`~crm_select.models.decision.display_names`).

    Catalog options and inline options alike: a :class:`ResolvedOption` carries the option's
    ``risk`` whichever it is.
    """
    names = display_names(resolved, lang)
    out = []
    for ro in resolved:
        risk = ro.option.risk
        out.append(
            OptionRisks(
                option_id=ro.id,
                name=names[ro.id],
                lang=lang,
                russia=risk.russia,
                data_residency_ru=risk.data_residency_ru,
                lifecycle=risk.lifecycle,
                end_of_support=risk.end_of_support,
                lock_in=int(risk.lock_in),
                vendor_viability=int(risk.vendor_viability),
                notes=tuple(n for n in (text(note, lang).strip() for note in risk.notes) if n),
            )
        )
    return tuple(out)
