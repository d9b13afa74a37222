"""Benefits realisation after go-live: the baseline KPIs, the actuals per period and the
project's own actuals (docs/realisation.md).

A KPI is one of :data:`KPI_KEYS`; its unit is fixed (:data:`KPI_UNITS`) so an upload in the
wrong unit is refused rather than read as a different number. Periods are months
(``2027-03``) or quarters (``2027-Q1``), one kind per record.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from crm_select.models.base import Strict
from crm_select.models.errors import PathError
from crm_select.models.limits import MAX_AMOUNT
from crm_select.models.text import Key, Text


class PeriodKind(StrEnum):
    """How often actuals are reported."""

    MONTH = "month"
    QUARTER = "quarter"


PERIODS_PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}

#: every KPI the record tracks, with its unit: ``money`` per year in the scenario currency,
#: ``share`` a fraction (0.25 = 25 %), ``count`` a plain number
KPI_UNITS: dict[str, Literal["money", "share", "count"]] = {
    "revenue_by_reps": "money",
    "sales_per_rep": "money",
    "win_rate": "share",
    "average_deal": "money",
    "gross_margin": "share",
    "churn": "share",
    "cross_sell_revenue": "money",
    "admin_cost": "money",
    "adoption": "share",
    "records_per_user_week": "count",
}
KPI_KEYS: tuple[str, ...] = tuple(KPI_UNITS)
#: KPIs that are amounts over time: the baseline is per year, an actual is the period's amount
FLOW_KPIS: frozenset[str] = frozenset(
    {"revenue_by_reps", "sales_per_rep", "cross_sell_revenue", "admin_cost"}
)

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def period_start(label: str, kind: PeriodKind) -> dt.date:
    """The first day of a period label (``2027-03`` or ``2027-Q1``); ValueError naming the form
    expected when the label is not one."""
    if kind is PeriodKind.MONTH:
        m = _MONTH.match(label)
        if m is None:
            raise ValueError(f"expected a month as YYYY-MM, got {label!r}")
        return dt.date(int(m[1]), int(m[2]), 1)
    q = _QUARTER.match(label)
    if q is None:
        raise ValueError(f"expected a quarter as YYYY-Qn, got {label!r}")
    return dt.date(int(q[1]), 3 * (int(q[2]) - 1) + 1, 1)


def period_label(start: dt.date, kind: PeriodKind) -> str:
    """The label of the period starting at ``start``."""
    if kind is PeriodKind.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"


def next_period(start: dt.date, kind: PeriodKind) -> dt.date:
    """The first day of the period after the one starting at ``start``."""
    months = 1 if kind is PeriodKind.MONTH else 3
    m = start.month - 1 + months
    return dt.date(start.year + m // 12, m % 12 + 1, 1)


class BaselineKpi(Strict):
    """One KPI before go-live: its value (per year for money, a fraction for a share), where
    it comes from, and its own growth before go-live (the trend an uplift is measured against)."""

    kpi: Key
    value: float = Field(ge=0, le=MAX_AMOUNT)
    source: Text = ""
    trend: float = Field(
        0.0, ge=-0.9, le=10, description="the KPI's own growth per year before go-live"
    )

    @model_validator(mode="after")
    def _known(self) -> BaselineKpi:
        if self.kpi not in KPI_UNITS:
            raise PathError(("kpi",), f"unknown KPI {self.kpi!r}; expected one of {KPI_KEYS}")
        if KPI_UNITS[self.kpi] == "share" and self.value > 1:
            raise PathError(("value",), f"{self.kpi} is a share between 0 and 1")
        return self

    @property
    def unit(self) -> str:
        return KPI_UNITS[self.kpi]


class Baseline(Strict):
    """The record's frame: when the forecast starts (year 0, the decision), when the baseline
    was measured, the go-live date, the reporting period and the KPIs."""

    option_id: Key
    decision_date: dt.date
    as_of: dt.date
    go_live: dt.date | None = None
    period: PeriodKind = PeriodKind.QUARTER
    kpis: list[BaselineKpi] = Field(default_factory=list, max_length=len(KPI_KEYS))

    @model_validator(mode="after")
    def _dates(self) -> Baseline:
        if self.go_live is not None and self.go_live < self.decision_date:
            raise PathError(("go_live",), "go-live cannot precede the decision date")
        seen: set[str] = set()
        for i, k in enumerate(self.kpis):
            if k.kpi in seen:
                raise PathError(("kpis", i, "kpi"), f"{k.kpi} is given twice")
            seen.add(k.kpi)
        return self

    def kpi(self, key: str) -> BaselineKpi | None:
        return next((k for k in self.kpis if k.kpi == key), None)


class KpiActual(Strict):
    """A KPI's value in one period (an amount over time, :data:`FLOW_KPIS`, is the period's
    amount; a rate or share is the rate), and optionally the same KPI of a control group (teams
    not yet on the CRM), in the same unit."""

    kpi: Key
    period: Key
    value: float = Field(ge=0, le=MAX_AMOUNT)
    control: float | None = Field(None, ge=0, le=MAX_AMOUNT)


class SpendActual(Strict):
    """Money the project actually spent in one period, by cost category."""

    period: Key
    category: Key
    amount: float = Field(ge=0, le=MAX_AMOUNT)


class RealisationSettings(Strict):
    """Settings of the update: the observation noise is the standard deviation of one period's
    measured uplift around the true one (a fraction of the baseline, or points for churn)."""

    observation_noise: float = Field(0.05, gt=0, le=1)


class RealisationRecord(Strict):
    """Everything entered after the decision: the baseline, the KPI actuals, the spend and the
    settings (the store keeps one per workspace; a file round-trips it)."""

    baseline: Baseline
    actuals: list[KpiActual] = Field(default_factory=list, max_length=10_000)
    spend: list[SpendActual] = Field(default_factory=list, max_length=10_000)
    settings: RealisationSettings = Field(default_factory=RealisationSettings)
