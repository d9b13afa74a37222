"""The workspace export format, validated completely before an import writes anything.

The row models are made from the table definitions (so a new column is part of the format the
moment it exists): every value gets its column's type, text rule and length (the PostgreSQL
column widths, so SQLite and PostgreSQL accept the same files), NaN and infinity are refused.
:func:`check_export` then checks what types cannot: every reference points to a row that
exists, exactly one facilitator, round numbers and statuses that a real workspace can have,
scores inside their criterion's scale, the current version and round present. Scenario
versions are validated as scenarios; names and texts an older build let through are cleaned
(:mod:`crm_select.models.repair`) and listed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictBool,
    ValidationError,
    create_model,
)
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Text

from crm_select.models.errors import InputError, PathError, Problem
from crm_select.models.limits import MAX_RATERS
from crm_select.models.realisation import KPI_UNITS, RealisationRecord, period_start
from crm_select.models.repair import repair_scenario
from crm_select.models.scenario import Scenario
from crm_select.models.text import EMAIL_RULE, NOTE_RULE, TEXT_RULE, TextRule
from crm_select.store import schema
from crm_select.store.errors import InvalidInput
from crm_select.store.records import Evidence, Role, RoundStatus

EXPORT_FORMAT = "crm-select-workspace"
EXPORT_VERSION = 1
MAX_COMMENT = 5000

_MAX_SHOWN = 20  # problems listed in one refusal


@dataclass(frozen=True)
class Section:
    """One table in the export: its key, ORM class, row order, and renamed columns."""

    key: str
    table: type[Any]
    order: tuple[str, ...]
    rename: tuple[tuple[str, str], ...] = ()  # (column, export key)
    optional: bool = False  # absent in files written before the table existed: no rows


SECTIONS = (
    Section("versions", schema.ScenarioVersion, ("number",), (("scenario_json", "scenario"),)),
    Section("raters", schema.Rater, ("id",)),
    Section("rounds", schema.Round, ("number",)),
    Section(
        "scores",
        schema.Score,
        ("round_number", "rater_id", "option", "criterion"),
        (("round_number", "round"),),
    ),
    Section(
        "submissions", schema.Submission, ("round_number", "rater_id"), (("round_number", "round"),)
    ),
    Section("comments", schema.Comment, ("id",), (("round_number", "round"),)),
    Section("weighting_sets", schema.WeightingSet, ("department",)),
    Section("audit", schema.AuditEvent, ("id",)),
    # benefits realisation after go-live (absent in exports written before it existed)
    Section("project_owners", schema.ProjectOwner, ("id",), optional=True),
    Section("realisation_baseline", schema.RealisationBaseline, ("workspace_id",), optional=True),
    Section("baseline_kpis", schema.BaselineKpi, ("kpi",), optional=True),
    Section("kpi_actuals", schema.KpiActual, ("period", "kpi"), optional=True),
    Section("spend_actuals", schema.SpendActual, ("period", "category"), optional=True),
    Section("weighting_rounds", schema.WeightingRound, ("number",), optional=True),
    Section(
        "member_weights",
        schema.MemberWeights,
        ("round_number", "rater_id", "level"),
        (("round_number", "round"),),
        optional=True,
    ),
    Section(
        "weighting_submissions",
        schema.WeightingSubmission,
        ("round_number", "rater_id"),
        (("round_number", "round"),),
        optional=True,
    ),
)
SURROGATE = frozenset({"id", "workspace_id"})  # row ids are re-assigned on import
DERIVED = frozenset({"titles"})  # recomputed from the current scenario version on import

# columns whose rule is not the one their SQL type implies
_RULES: dict[str, TextRule] = {
    "note": NOTE_RULE,
    "body": TextRule("text", MAX_COMMENT),
    "name": TextRule("name", 200),
    "department": TextRule("name", 200),
    "email": EMAIL_RULE,
}
_CHOICES: dict[str, Any] = {
    "role": Literal[Role.FACILITATOR.value, Role.RATER.value],
    "status": Literal[RoundStatus.OPEN.value, RoundStatus.REVEALED.value, RoundStatus.CLOSED.value],
    "method": Literal["points", "pairwise"],
    "evidence": Literal[tuple(e.value for e in Evidence)],
}


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


def columns(table: type[Any], keep_id: bool = False) -> list[Any]:
    skip = DERIVED | (set() if keep_id else SURROGATE)
    return [c for c in table.__table__.columns if c.key not in skip]


def _type_of(column: Any) -> Any:
    sql = column.type
    if column.key == "scenario_json":
        out: Any = dict[str, Any]
    elif column.key in _CHOICES:
        out = _CHOICES[column.key]
    elif isinstance(sql, Boolean):
        out = StrictBool
    elif isinstance(sql, Integer):
        out = int
    elif isinstance(sql, Float):
        out = float
    elif isinstance(sql, DateTime):
        out = dt.datetime
    elif isinstance(sql, Date):
        out = dt.date
    elif isinstance(sql, JSON):
        out = dict[str, Any]
    elif isinstance(sql, String | Text):
        rule = _RULES.get(column.key)
        if rule is None:
            length = getattr(sql, "length", None)
            rule = TextRule("key", length) if length else TEXT_RULE
        out = Annotated[str, AfterValidator(rule)]
    else:  # pragma: no cover - a new column type must be added here
        raise TypeError(f"no export type for {column.key}: {sql!r}")
    return out | None if column.nullable and not column.primary_key else out


def _row_model(table: type[Any], rename: dict[str, str], keep_id: bool = False) -> type[_Row]:
    fields: dict[str, Any] = {
        rename.get(c.key, c.key): (_type_of(c), ...) for c in columns(table, keep_id)
    }
    return create_model(f"{table.__name__}Row", __base__=_Row, **fields)


def _export_model() -> type[_Row]:
    fields: dict[str, Any] = {
        "format": (Literal[EXPORT_FORMAT], ...),
        "format_version": (Literal[EXPORT_VERSION], ...),
        "workspace": (_row_model(schema.Workspace, {}, keep_id=True), ...),
    }
    for sec in SECTIONS:
        rows = list[_row_model(sec.table, dict(sec.rename))]  # type: ignore[misc,valid-type]
        fields[sec.key] = (rows, [] if sec.optional else ...)
    return create_model("WorkspaceExport", __base__=_Row, **fields)


ExportModel = _export_model()


@dataclass(frozen=True)
class CheckedExport:
    """An export that passed every check: its data (scenario versions cleaned where needed)
    and what was cleaned."""

    data: dict[str, Any]
    repairs: tuple[Problem, ...]


def _refuse(problems: list[str]) -> InvalidInput:
    shown = problems[:_MAX_SHOWN]
    more = len(problems) - len(shown)
    tail = f"; and {more} more" if more > 0 else ""
    return InvalidInput("the export is invalid: " + "; ".join(shown) + tail)


def _where(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Known:
    """The ids the scenario versions define, for the references of rows."""

    def __init__(self, scenarios: list[Scenario]) -> None:
        self.options: set[str] = set()
        self.scales: dict[str, tuple[float, float]] = {}
        self.weight_keys: set[str] = set()
        for sc in scenarios:  # oldest first: a later version's scale wins
            self.options |= {o.option_id for o in sc.options}
            for g in sc.criteria.groups:
                self.weight_keys.add(g.id.value)
                for c in g.criteria:
                    self.weight_keys.add(c.id)
                    scale = c.scale
                    if getattr(scale, "kind", None) == "rating":
                        self.scales[c.id] = (scale.min, scale.max)  # type: ignore[union-attr]


def check_export(data: Any) -> CheckedExport:
    """``data`` validated completely: types and lengths, then every cross-row rule.

    Raises `InvalidInput` listing what is wrong (at most 20 problems) before anything is
    written.
    """
    if not isinstance(data, dict):
        raise InvalidInput(f"an export is a JSON object, got a {type(data).__name__}")
    if data.get("format") != EXPORT_FORMAT or data.get("format_version") != EXPORT_VERSION:
        raise InvalidInput(
            f"not a {EXPORT_FORMAT} export of version {EXPORT_VERSION} "
            f"(format={data.get('format')!r}, version={data.get('format_version')!r})"
        )
    try:
        ExportModel.model_validate(data)
    except ValidationError as e:
        raise _refuse(
            [f"{_where(err['loc'])}: {err['msg']}" for err in e.errors(include_url=False)]
        ) from None
    problems: list[str] = []
    repairs: list[Problem] = []
    clean = dict(data)
    for sec in SECTIONS:
        clean.setdefault(sec.key, [])
    versions = sorted(data["versions"], key=lambda v: v["number"])
    scenarios: list[Scenario] = []
    clean_versions = []
    for i, v in enumerate(versions):
        label = f"versions[{i}] (version {v['number']})"
        try:
            sc, fixed = repair_scenario(v["scenario"], label)
        except InputError as err:
            problems.extend(str(p) for p in err.problems)
            continue
        scenarios.append(sc)
        repairs.extend(fixed)
        clean_versions.append({**v, "scenario": json.loads(sc.model_dump_json())})
    clean["versions"] = clean_versions if not problems else data["versions"]
    ws = data["workspace"]
    numbers = [v["number"] for v in versions]
    _unique(problems, "versions", numbers)
    if ws["current_version"] not in numbers:
        problems.append(
            f"workspace.current_version: version {ws['current_version']} is not in the file"
        )
    raters = {r["rater_id"]: r for r in data["raters"]}
    _unique(problems, "raters", [r["rater_id"] for r in data["raters"]])
    if len(data["raters"]) > MAX_RATERS + 1:
        problems.append(f"raters: {len(data['raters'])}; at most {MAX_RATERS} and the facilitator")
    leads = [r["rater_id"] for r in data["raters"] if r["role"] == Role.FACILITATOR.value]
    if len(leads) != 1:
        problems.append(f"raters: exactly one facilitator is needed, found {len(leads)} {leads}")
    rounds = sorted(r["number"] for r in data["rounds"])
    if rounds != list(range(1, len(rounds) + 1)):
        problems.append(f"rounds: numbers must run 1, 2, ... without gaps, got {rounds}")
    if ws["current_round"] != (rounds[-1] if rounds else 0):
        problems.append(
            f"workspace.current_round: {ws['current_round']} but the file's last round is "
            f"{rounds[-1] if rounds else 'none (0)'}"
        )
    status = {r["number"]: r["status"] for r in data["rounds"]}
    for n, s in status.items():
        if n != (rounds[-1] if rounds else None) and s != RoundStatus.CLOSED.value:
            problems.append(f"rounds: round {n} is {s}, but only the last round may be open")
    known = _Known(scenarios) if scenarios else None
    _check_cells(problems, data, raters, set(status), known)
    _check_realisation(problems, clean, raters, known)
    _check_weighting(problems, clean, raters)
    for key in ("discussion_option", "discussion_criterion"):
        value = ws.get(key)
        if value is not None and known is not None:
            pool = known.options if key == "discussion_option" else set(known.scales)
            if value not in pool:
                problems.append(f"workspace.{key}: {value!r} is not in any version")
    if problems:
        raise _refuse(problems)
    return CheckedExport(clean, tuple(repairs))


def _unique(problems: list[str], what: str, values: list[Any]) -> None:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            problems.append(f"{what}: {v!r} appears twice")
        seen.add(v)


def _check_cells(
    problems: list[str],
    data: dict[str, Any],
    raters: dict[str, Any],
    rounds: set[int],
    known: _Known | None,
) -> None:
    def ref(where: str, row: dict[str, Any], rater_keys: tuple[str, ...]) -> None:
        if row["round"] not in rounds:
            problems.append(f"{where}: round {row['round']} is not in the file")
        for k in rater_keys:
            if row.get(k) is not None and row[k] not in raters:
                problems.append(f"{where}.{k}: {row[k]!r} is not a rater in the file")

    def cell(where: str, row: dict[str, Any]) -> None:
        if known is None:
            return
        if row["option"] not in known.options:
            problems.append(f"{where}.option: {row['option']!r} is not an option of any version")
        if row["criterion"] not in known.scales:
            problems.append(
                f"{where}.criterion: {row['criterion']!r} is not a rated criterion of any version"
            )

    seen: set[tuple[Any, ...]] = set()
    for i, row in enumerate(data["scores"]):
        where = f"scores[{i}]"
        ref(where, row, ("rater_id",))
        cell(where, row)
        key = (row["round"], row["rater_id"], row["option"], row["criterion"])
        if key in seen:
            problems.append(f"{where}: a second score for the same round, rater and cell")
        seen.add(key)
        value, scale = row["value"], known.scales.get(row["criterion"]) if known else None
        if value is not None and scale is not None and not scale[0] <= value <= scale[1]:
            problems.append(
                f"{where}.value: {value:g} is outside the scale {scale[0]:g}..{scale[1]:g}"
            )
        if row["version"] < 1:
            problems.append(f"{where}.version: must be >= 1, got {row['version']}")
    for i, row in enumerate(data["submissions"]):
        ref(f"submissions[{i}]", row, ("rater_id",))
    for i, row in enumerate(data["comments"]):
        ref(f"comments[{i}]", row, ("author", "rater_id"))
        cell(f"comments[{i}]", row)
    for i, row in enumerate(data["weighting_sets"]):
        for k, v in row["weights"].items():
            if known is not None and k not in known.weight_keys:
                problems.append(f"weighting_sets[{i}].weights: {k!r} is not a group or criterion")
            if not (
                isinstance(v, int | float)
                and not isinstance(v, bool)
                and math.isfinite(v)
                and v >= 0
            ):
                problems.append(f"weighting_sets[{i}].weights.{k}: must be a finite number >= 0")
    _unique(problems, "weighting_sets", [r["department"] for r in data["weighting_sets"]])


def _check_realisation(
    problems: list[str], data: dict[str, Any], raters: dict[str, Any], known: _Known | None
) -> None:
    """The realisation record's rows make one valid record (:class:`RealisationRecord`: KPIs,
    units, dates, period labels of the baseline's kind) of an option some version holds;
    project owners have ids of their own."""
    owner_ids = [r["owner_id"] for r in data["project_owners"]]
    _unique(problems, "project_owners", owner_ids)
    for i, o in enumerate(owner_ids):
        if o in raters:
            problems.append(f"project_owners[{i}].owner_id: {o!r} is also a rater")
    bases = data["realisation_baseline"]
    rows = {k: data[k] for k in ("baseline_kpis", "kpi_actuals", "spend_actuals")}
    if len(bases) > 1:
        problems.append(f"realisation_baseline: one row at most, got {len(bases)}")
        return
    if not bases:
        for key, got in rows.items():
            if got:
                problems.append(f"{key}: {len(got)} rows but no realisation_baseline")
        return
    b = bases[0]
    _unique(problems, "kpi_actuals", [(a["kpi"], a["period"]) for a in rows["kpi_actuals"]])
    _unique(
        problems, "spend_actuals", [(p["period"], p["category"]) for p in rows["spend_actuals"]]
    )
    try:
        record = RealisationRecord.model_validate(
            {
                "baseline": {
                    "option_id": b["option_id"],
                    "decision_date": b["decision_date"],
                    "as_of": b["as_of"],
                    "go_live": b["go_live"],
                    "period": b["period"],
                    "kpis": [
                        {k: row[k] for k in ("kpi", "value", "source", "trend")}
                        for row in rows["baseline_kpis"]
                    ],
                },
                "actuals": [
                    {k: row[k] for k in ("kpi", "period", "value", "control")}
                    for row in rows["kpi_actuals"]
                ],
                "spend": [
                    {k: row[k] for k in ("period", "category", "amount")}
                    for row in rows["spend_actuals"]
                ],
                "settings": {"observation_noise": b["observation_noise"]},
            }
        )
    except (ValidationError, PathError) as e:
        problems.append(f"realisation: {e}")
        return
    kind = record.baseline.period
    for key, labels in (
        ("kpi_actuals", [a.period for a in record.actuals]),
        ("spend_actuals", [p.period for p in record.spend]),
    ):
        for i, label in enumerate(labels):
            try:
                period_start(label, kind)
            except ValueError as e:
                problems.append(f"{key}[{i}].period: {e}")
    for i, a in enumerate(record.actuals):
        if a.kpi not in KPI_UNITS:
            problems.append(f"kpi_actuals[{i}].kpi: unknown KPI {a.kpi!r}")
    if known is not None and record.baseline.option_id not in known.options:
        problems.append(
            f"realisation_baseline.option_id: {record.baseline.option_id!r} "
            "is not an option of any version"
        )


def _check_weighting(problems: list[str], data: dict[str, Any], raters: dict[str, Any]) -> None:
    """Weighting rounds numbered 1, 2, ... with only the last one open or revealed; members'
    weights and marks in those rounds, by raters in the file, once per rater and level."""
    numbers = sorted(r["number"] for r in data["weighting_rounds"])
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"weighting_rounds: numbers must run 1, 2, ... without gaps, got {numbers}")
    for r in data["weighting_rounds"]:
        if r["number"] != (numbers[-1] if numbers else None) and r["status"] != "closed":
            problems.append(
                f"weighting_rounds: round {r['number']} is {r['status']}, but only the last "
                "round may be open or revealed"
            )
    seen: set[tuple[Any, ...]] = set()
    for key in ("member_weights", "weighting_submissions"):
        for i, row in enumerate(data[key]):
            where = f"{key}[{i}]"
            if row["round"] not in numbers:
                problems.append(f"{where}: weighting round {row['round']} is not in the file")
            if row["rater_id"] not in raters:
                problems.append(f"{where}.rater_id: {row['rater_id']!r} is not a rater in the file")
            if key == "member_weights":
                level = (row["round"], row["rater_id"], row["level"])
                if level in seen:
                    problems.append(f"{where}: a second entry for the same round, rater and level")
                seen.add(level)
                if not _entry_ok(row["method"], row["entry"]):
                    problems.append(
                        f"{where}.entry: expected {{'points': {{item: number >= 0}}}} or "
                        "{'pairwise': [[a, b, 1/9..9], ...]} matching the method"
                    )


def _finite(v: Any, lo: float, hi: float) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi


def _entry_ok(method: str, entry: dict[str, Any]) -> bool:
    if set(entry) != {method}:
        return False
    if method == "points":
        pts = entry["points"]
        return isinstance(pts, dict) and all(_finite(v, 0, math.inf) for v in pts.values())
    pairs = entry["pairwise"]
    return isinstance(pairs, list) and all(
        isinstance(p, list)
        and len(p) == 3
        and isinstance(p[0], str)
        and isinstance(p[1], str)
        and _finite(p[2], 1 / 9 - 1e-9, 9 + 1e-9)
        for p in pairs
    )
