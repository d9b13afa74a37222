"""Actuals from a CSV or Excel file: the template, and validation with ``file:line: field``
problems (docs/realisation.md, "Uploading actuals"). Nothing is stored when any row is wrong.

One row per value::

    kind,name,period,value,unit,control
    kpi,sales_per_rep,2026-Q3,82000,money,78000
    spend,licences,2026-Q3,12000,money,

``kind`` is ``kpi`` or ``spend``; ``name`` a KPI of the baseline (or ``adoption``) or a cost
category; ``period`` a label of the record's period kind; ``unit`` the KPI's unit (``money``,
``share`` or ``count``; spend is ``money``), so a figure in the wrong unit is refused rather
than misread; ``control`` the control group's value (optional, KPIs only).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from crm_select.locales import Lang, translate
from crm_select.locales.formats import parse_number
from crm_select.models.errors import InputError, Problem
from crm_select.models.realisation import (
    KPI_UNITS,
    KpiActual,
    RealisationRecord,
    SpendActual,
    next_period,
    period_label,
    period_start,
)
from finance.costs import CATEGORIES

COLUMNS = ("kind", "name", "period", "value", "unit", "control")
REQUIRED = COLUMNS[:5]
MAX_BYTES = 5_000_000
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Upload:
    """The valid rows of an upload."""

    actuals: list[KpiActual]
    spend: list[SpendActual]


def next_label(record: RealisationRecord) -> str:
    """The period to report next: after the last one reported, else the go-live's (the
    baseline's before a go-live date is known)."""
    b = record.baseline
    reported = [period_start(a.period, b.period) for a in record.actuals]
    if reported:
        return period_label(next_period(max(reported), b.period), b.period)
    return period_label(b.go_live or b.as_of, b.period)


def template_csv(record: RealisationRecord) -> str:
    """A CSV to fill in: one row per baseline KPI and the main spend categories for the next
    period to report (values blank)."""
    b = record.baseline
    label = next_label(record)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for k in b.kpis:
        w.writerow(["kpi", k.kpi, label, "", k.unit, ""])
    for cat in ("licences", "implementation", "support"):
        w.writerow(["spend", cat, label, "", "money", ""])
    return out.getvalue()


def rows_of(name: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` of a CSV (UTF-8, comma or semicolon) or an Excel workbook's first sheet;
    InputError for a file that is neither, too large, or without the columns."""
    if len(data) > MAX_BYTES:
        raise InputError([Problem(name, None, (), f"file larger than {MAX_BYTES:,} bytes")])
    if name.lower().endswith((".xlsx", ".xlsm")):
        table = _excel_rows(name, data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError([Problem(name, None, (), "expected a UTF-8 CSV file")]) from None
        dialect = (
            ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        )
        table = list(csv.reader(io.StringIO(text), delimiter=dialect))
    if not table:
        raise InputError([Problem(name, None, (), "the file is empty")])
    header = [h.strip().lower() for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    (),
                    f"missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}",
                )
            ]
        )
    if len(table) - 1 > MAX_ROWS:
        raise InputError([Problem(name, None, (), f"more than {MAX_ROWS:,} rows")])
    rows = []
    for i, raw in enumerate(table[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        rows.append(
            (i, {h: (raw[j].strip() if j < len(raw) else "") for j, h in enumerate(header)})
        )
    return rows


def _excel_rows(name: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:
        raise InputError(
            [Problem(name, None, (), f"not a readable Excel workbook ({e})")]
        ) from None
    ws = wb.worksheets[0]
    out = []
    for n, row in enumerate(ws.iter_rows(values_only=True)):
        if n > MAX_ROWS:
            break
        out.append(["" if v is None else _cell(v) for v in row])
    wb.close()
    return out


def _cell(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _number(text: str, lang: Lang | None) -> float | None:
    """A number as ``lang`` writes it (:func:`~crm_select.locales.formats.parse_number`); in
    a file (``lang`` None), as people type it: spaces between thousands, a decimal comma."""
    if lang is not None:
        try:
            return parse_number(text, lang)
        except ValueError:
            return None
    t = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        x = float(t)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def _kpi(key: str, lang: Lang | None) -> str:
    """A KPI as a problem names it: its key in a file, its name in a form's language."""
    return key if lang is None else translate(f"real.kpi.{key}", lang)


def parse_actuals(name: str, data: bytes, record: RealisationRecord) -> Upload:
    """The file's rows checked against the record; InputError listing every problem."""
    return check_rows(name, rows_of(name, data), record, lang=None)


def check_rows(
    name: str,
    rows: list[tuple[int, dict[str, str]]],
    record: RealisationRecord,
    *,
    lang: Lang | None,
) -> Upload:
    """``(line, row)`` pairs (the columns of :data:`COLUMNS`, as text) checked against the
    record: the upload's rules for a form's rows too. ``lang``: the language a form's numbers
    are typed and its problems worded in (None for a file: lenient numbers, English).
    InputError listing every problem."""
    b = record.baseline
    known = {k.kpi for k in b.kpis} | {"adoption"}
    floor = period_start(period_label(b.as_of, b.period), b.period)
    problems: list[Problem] = []
    actuals: list[KpiActual] = []
    spend: list[SpendActual] = []
    seen: dict[tuple[str, str, str], int] = {}
    lines: dict[tuple[str, str], int] = {}

    def bad(line: int, field: str, key: str, **params: object) -> None:
        message = translate(f"real.check.{key}", lang or "en", **params)
        problems.append(Problem(name, line, (field,), message))

    for line, r in rows:
        kind, key, label = r.get("kind", "").lower(), r.get("name", ""), r.get("period", "")
        unit = r.get("unit", "").lower()
        ok = True
        if kind == "kpi":
            if key not in known:
                bad(line, "name", "unknown_kpi", name=key, known=", ".join(sorted(known)))
                ok = False
            elif unit != KPI_UNITS[key]:
                bad(line, "unit", "unit", name=key, unit=KPI_UNITS[key], got=unit)
                ok = False
        elif kind == "spend":
            if key not in CATEGORIES:
                bad(line, "name", "unknown_category", name=key, known=", ".join(CATEGORIES))
                ok = False
            if unit != "money":
                bad(line, "unit", "spend_unit", got=unit)
                ok = False
        else:
            bad(line, "kind", "kind", got=kind)
            continue
        try:
            start = period_start(label, b.period)
        except ValueError:
            bad(line, "period", f"period_form.{b.period.value}", got=label)
            ok = False
        else:
            if start < floor:
                bad(line, "period", "before_baseline", period=label, as_of=b.as_of.isoformat())
                ok = False
        value = _number(r.get("value", ""), lang)
        if value is None:
            bad(line, "value", "not_number", got=r.get("value", ""))
            ok = False
        elif value < 0:
            bad(line, "value", "negative", got=r["value"])
            ok = False
        elif kind == "kpi" and key in KPI_UNITS and KPI_UNITS[key] == "share" and value > 1:
            bad(line, "value", "share", name=_kpi(key, lang), got=r["value"])
            ok = False
        control = None
        if r.get("control", ""):
            control = _number(r["control"], lang)
            if control is None or control < 0:
                bad(line, "control", "control", got=r["control"])
                ok = False
            elif kind == "spend":
                bad(line, "control", "control_spend")
                ok = False
        dup = (kind, key, label)
        if dup in seen:
            bad(line, "period", "duplicate", kind=kind, name=key, period=label, other=seen[dup])
            ok = False
        seen[dup] = line
        if not ok or value is None:
            continue
        if kind == "kpi":
            actuals.append(KpiActual(kpi=key, period=label, value=value, control=control))
            lines.setdefault((key, label), line)
        else:
            spend.append(SpendActual(period=label, category=key, amount=value))
    problems += _gaps(name, record, actuals, lines, lang)
    if problems:
        raise InputError(problems)
    return Upload(actuals, spend)


def _gaps(
    name: str,
    record: RealisationRecord,
    actuals: list[KpiActual],
    lines: dict[tuple[str, str], int],
    lang: Lang | None,
) -> list[Problem]:
    """A KPI's periods, stored and uploaded, must follow each other without a gap."""
    kind = record.baseline.period
    out: list[Problem] = []
    for kpi in sorted({a.kpi for a in actuals}):
        have = {a.period for a in record.actuals if a.kpi == kpi} | {
            a.period for a in actuals if a.kpi == kpi
        }
        starts = sorted(period_start(p, kind) for p in have)
        missing = []
        d = starts[0]
        while d < starts[-1]:
            if period_label(d, kind) not in have:
                missing.append(period_label(d, kind))
            d = next_period(d, kind)
        if missing:
            line = min(lines[(kpi, a.period)] for a in actuals if a.kpi == kpi)
            message = translate(
                "real.check.gap", lang or "en", name=_kpi(kpi, lang), missing=", ".join(missing)
            )
            out.append(Problem(name, line, ("period",), message))
    return out
