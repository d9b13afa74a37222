"""The assumptions register: every input of the company profile and the finance model as one
typed row a finance director can read — section, label in the report's language, value (a real
number where it is one), unit, and where its default comes from.

One metadata table, :data:`META`, maps each input (a dotted path into the scenario: a leaf, or
a sub-model shown as one row such as a lever or a distribution) to its section, how it is
shown and the source of its default (docs/finance.md; "estimate [U]" where the docs say no
source gives the figure). Labels and words live in ``locales/<lang>/assumptions.toml``
(``assumptions.label.<path>``). :func:`register` turns a scenario into rows; the reports'
table (reports/tables.py), the workbook, the PDF and the HTML all show those rows.

Pure: no streamlit, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Literal

from babel import Locale
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from crm_select.locales import catalog, day, money, number, percent, translate
from crm_select.models.company import CompanyProfile
from crm_select.models.distributions import (
    Bernoulli,
    Discrete,
    Fixed,
    Lognormal,
    Pert,
    Triangular,
    Uniform,
)
from crm_select.models.finance import LEVER_NAMES, FinanceAssumptions, Lever
from crm_select.models.i18n_text import Lang, text
from crm_select.models.scenario import Scenario

# --- the metadata ---------------------------------------------------------------------


class Section(StrEnum):
    """Where a row sits in the register, in the order the register lists them."""

    COMPANY = "company"
    COSTS = "costs"
    BENEFITS = "benefits"
    RISK = "risk"
    DISCOUNTING = "discounting"
    TECHNICAL = "technical"


SECTION_ORDER: tuple[Section, ...] = tuple(Section)

#: how a value cell is shown: a number with a format, or words
Kind = Literal["money", "percent", "integer", "number", "years", "code", "distribution", "text"]
#: how the numbers inside words are shown (a distribution's parameters, a band, a ramp)
Scale = Literal["money", "percent", "number"]
#: how a path's value is read: one scalar, one distribution, or a compound shown in words
Shape = Literal[
    "value",
    "flag",
    "choice",
    "optional",
    "distribution",
    "lever",
    "outcome",
    "strategy",
    "range",
    "band",
    "ramp",
    "requires",
    "criteria",
    "integrations",
    "overrides",
    "correlations",
    "rates",
    "date",
    "country",
]


class Basis(StrEnum):
    """What a default rests on."""

    CLIENT = "client"  # the client's own figure: no default
    FACTS = "facts"  # the fact base (codes A…, B…, C…, D…, F…, S…)
    ESTIMATE = "estimate"  # our estimate [U]: no source gives the figure
    BENCHMARK = "benchmark"  # the method's benchmark (design 2.3 / 2.4)
    METHOD = "method"  # a published method (Forrester TEI)
    CONVENTION = "convention"  # a modelling convention, neutral by default
    SETTING = "setting"  # a technical setting of the simulation


@dataclass(frozen=True)
class Source:
    """Where a default comes from: its basis and the fact codes it rests on."""

    basis: Basis
    refs: tuple[str, ...] = ()

    def text(self, lang: Lang) -> str:
        head = translate(f"assumptions.basis.{self.basis.value}", lang)
        refs = [_ref(r, lang) for r in self.refs]
        return f"{head}: {', '.join(refs)}" if refs else head


def _ref(ref: str, lang: Lang) -> str:
    """A fact code as it is (``C18``); a named part of the method or the fact base in words."""
    key = f"assumptions.ref.{ref}"
    return translate(key, lang) if key in catalog(lang) else ref


@dataclass(frozen=True)
class Meta:
    """One input of the register: the path it covers, its section, how it is shown, its
    unit (a key of ``assumptions.unit``; empty for none) and the source of its default."""

    path: str
    section: Section
    kind: Kind
    source: Source
    unit: str = ""
    shape: Shape = "value"
    scale: Scale = "number"


def _m(
    path: str,
    section: Section,
    kind: Kind,
    source: Source,
    unit: str = "",
    shape: Shape | None = None,
    scale: Scale = "number",
) -> Meta:
    if shape is None:
        shape = "distribution" if kind == "distribution" else "value"
    return Meta(path, section, kind, source, unit, shape, scale)


C, K, B, R, D, T = (
    Section.COMPANY,
    Section.COSTS,
    Section.BENEFITS,
    Section.RISK,
    Section.DISCOUNTING,
    Section.TECHNICAL,
)
CLIENT = Source(Basis.CLIENT)
SETTING = Source(Basis.SETTING)
CONVENTION = Source(Basis.CONVENTION)


def _facts(*refs: str) -> Source:
    return Source(Basis.FACTS, refs)


def _estimate(*refs: str) -> Source:
    return Source(Basis.ESTIMATE, refs)


_DELIVERY = ("boxed", "saas", "configurable", "custom")
_STRATEGIES = ("in_house", "consultants", "mixed")
_OUTCOME = _facts("B16", "D7", "F3", "F6", "F8–F10")
_OVERRUN = _facts("s6", "F8", "A36")

#: Every input of the scenario's company profile and finance model, in register order within
#: each section. A test walks the pydantic models and fails on a field without an entry here.
META: tuple[Meta, ...] = (
    # --- company ------------------------------------------------------------------------
    _m("company.name", C, "text", CLIENT),
    _m("company.industry", C, "text", CLIENT),
    _m("scenario.currency", C, "text", CLIENT),
    _m("scenario.exchange_rates", C, "number", CLIENT, "per_currency", "rates"),
    _m("scenario.exchange_rates_as_of", C, "text", CLIENT, shape="date"),
    _m("company.annual_revenue", C, "money", CLIENT, "per_year"),
    _m("company.existing_customer_share", C, "percent", _estimate(), "of_revenue"),
    _m("company.cross_sell_revenue", C, "money", CLIENT, "per_year"),
    _m("company.gross_margin", C, "percent", CLIENT, "of_revenue"),
    _m("company.deals_per_year", C, "integer", CLIENT),
    _m("company.average_deal", C, "money", CLIENT),
    _m("company.win_rate", C, "percent", CLIENT),
    _m("company.churn", C, "percent", CLIENT, "of_existing_revenue_year"),
    _m("company.admin_costs", C, "money", CLIENT, "per_year"),
    _m("company.crm_users", C, "integer", CLIENT, "users"),
    _m("company.sales_reps", C, "integer", CLIENT, "people"),
    _m("company.loaded_labour_cost_per_day", C, "money", CLIENT, "per_person_day"),
    _m("company.working_days", C, "integer", CONVENTION, "days"),
    # --- costs --------------------------------------------------------------------------
    _m("company.market", K, "text", CONVENTION, shape="country"),
    _m("company.integrations", K, "text", CLIENT, shape="integrations"),
    _m("company.data_sources", K, "integer", CLIENT, "systems"),
    _m("finance.costs.customisation.boxed", K, "percent", _estimate("A34", "C1"), "of_impl"),
    _m("finance.costs.customisation.saas", K, "percent", _estimate("A34", "C1"), "of_impl"),
    _m("finance.costs.customisation.configurable", K, "percent", _estimate("A34", "C1"), "of_impl"),
    _m("finance.costs.customisation.custom", K, "percent", _estimate("A34", "C1"), "of_impl"),
    _m("finance.costs.integration", K, "percent", _facts("C4"), "of_impl"),
    _m("finance.costs.integration_days.low", K, "text", _facts("A28"), "person_days", "range"),
    _m("finance.costs.integration_days.medium", K, "text", _facts("C5", "A28"), "person_days", "range"),
    _m("finance.costs.integration_days.high", K, "text", _facts("A36", "C6"), "person_days", "range"),
    _m("finance.costs.integration_days.native", K, "text", _estimate(), "person_days", "range"),
    _m("finance.costs.data_migration", K, "percent", _facts("migration", "A37"), "of_impl"),
    _m("finance.costs.migration_days_per_source", K, "number", _facts("migration"), "person_days_per_source"),
    _m("finance.costs.change_management", K, "percent", _estimate("C3"), "of_impl"),
    _m("finance.costs.training_days_per_user", K, "number", _facts("C10"), "days_per_user"),
    _m("finance.costs.trainer_days_per_session", K, "number", _facts("C10"), "trainer_days"),
    _m("finance.costs.users_per_session", K, "integer", _facts("C10"), "trainees_per_session"),
    _m("finance.costs.hypercare_share", K, "percent", _facts("C2", "C11", "C12"), "of_core_days"),
    _m("finance.costs.support_rate", K, "percent", _facts("C18", "C4"), "of_impl_year"),
    _m("finance.costs.add_on_rate", K, "percent", _facts("A34"), "of_licences_year"),
    _m("finance.cost_overrides", K, "distribution", CLIENT, shape="overrides", scale="money"),
    _m("finance.indirect.data_entry_minutes", K, "distribution", _facts("C48–C51", "C52–C53"), "minutes_per_day"),
    _m("finance.indirect.capture_saving", K, "percent", _estimate("C53"), "of_minutes"),
    _m("finance.indirect.bad_data_entry.probability_full", K, "percent", CONVENTION),
    _m("finance.indirect.bad_data_entry.probability_partial", K, "percent", CONVENTION),
    _m("finance.indirect.bad_data_entry.probability_failure", K, "percent", CONVENTION),
    _m("finance.indirect.bad_data_entry.minutes", K, "distribution", Source(Basis.BENCHMARK, ("design_2_4",)), "minutes_per_day"),
    _m("finance.initial_price_band", K, "text", Source(Basis.BENCHMARK, ("design_2_4",)), "of_tco", "band", "percent"),
    _m("finance.licence_share_reference.boxed", K, "text", Source(Basis.BENCHMARK, ("design_2_4", "S50")), "of_tco", "band", "percent"),
    _m("finance.licence_share_reference.saas", K, "text", _facts("A34"), "of_tco", "band", "percent"),
    _m("finance.licence_share_reference.configurable", K, "text", Source(Basis.BENCHMARK, ("design_2_4", "S50")), "of_tco", "band", "percent"),
    _m("finance.licence_share_reference.custom", K, "text", _estimate(), "of_tco", "band", "percent"),
    _m("finance.budget_tco", K, "text", CONVENTION, shape="choice"),
    # --- benefits -----------------------------------------------------------------------
    *(
        _m(
            f"finance.benefits.levers.{lever}",
            B,
            "text",
            _estimate("method_2_3") if lever == "retention" else Source(Basis.BENCHMARK, ("design_2_3",)),
            "churn_points" if lever == "retention" else "",
            "lever",
            "percent",
        )
        for lever in LEVER_NAMES
    ),
    _m("finance.benefits.levers.allow_overlap", B, "text", CONVENTION, shape="flag"),
    _m("finance.benefits.margin_uplift", B, "text", Source(Basis.BENCHMARK, ("design_2_3",)), shape="choice"),
    _m("finance.benefits.satisfaction_to_churn", B, "number", _estimate("facts_s1"), "churn_per_satisfaction", "optional"),
    _m("finance.benefits.compounding", B, "text", CONVENTION, shape="choice"),
    _m("finance.benefits.adoption_ramp", B, "text", _estimate(), "of_benefit", "ramp", "percent"),
    _m("finance.benefits.decay", B, "percent", _estimate("B15"), "per_year_after_plateau"),
    _m("finance.benefits.productivity_factor", B, "distribution", Source(Basis.METHOD, ("forrester_tei",)), "of_saved_time", scale="percent"),
    _m("finance.benefits.fit.enabled", B, "text", _estimate("B8", "D6", "B10"), shape="flag"),
    _m("finance.benefits.fit.zero_grade", B, "number", _estimate("B8", "D6", "B10"), "grade"),
    _m("finance.benefits.fit.full_grade", B, "number", _estimate("B8", "D6", "B10"), "grade"),
    _m("finance.benefits.fit.floor", B, "percent", _estimate(), "of_lever"),
    _m("finance.benefits.fit.requires", B, "text", _estimate("B8", "D6", "B10"), shape="requires"),
    _m("finance.judgement.enabled", B, "text", _estimate("D1", "D2", "B10"), shape="flag"),
    _m("finance.judgement.adoption_criteria", B, "text", _estimate("D1", "D2", "B10"), shape="criteria"),
    _m("finance.judgement.ceiling_at_worst", B, "percent", _estimate("D1"), "of_users"),
    _m("finance.judgement.speed_at_worst", B, "number", _estimate("D2"), "times_ramp"),
    _m("finance.judgement.speed_at_best", B, "number", _estimate("D2"), "times_ramp"),
    # --- risk and schedule --------------------------------------------------------------
    *(
        _m(f"finance.risk.outcome.{d}", R, "text", _OUTCOME, shape="outcome", scale="percent")
        for d in _DELIVERY
    ),
    _m("finance.risk.partial_value", R, "distribution", _facts("B16", "O1"), "of_benefit", scale="percent"),
    _m("finance.risk.failure_value", R, "distribution", _estimate(), "of_benefit", scale="percent"),
    *(
        _m(f"finance.risk.schedule_overrun.{d}", R, "distribution", _OVERRUN, "times_plan")
        for d in _DELIVERY
    ),
    *(
        _m(f"finance.risk.cost_overrun.{d}", R, "distribution", _OVERRUN, "times_plan")
        for d in _DELIVERY
    ),
    _m("finance.correlations", R, "number", _estimate("O1", "F8"), "rank_correlation", "correlations"),
    *(
        _m(f"finance.risk.strategy.{s}", R, "text", _estimate(), shape="strategy", scale="percent")
        for s in _STRATEGIES
    ),
    _m("finance.risk.abandonment_given_failure", R, "percent", _facts("how_to_use_4", "F3", "F8"), "of_failures"),
    _m("finance.risk.abandonment_before_go_live", R, "percent", _facts("how_to_use_4"), "of_abandonments"),
    _m("finance.risk.abandonment_years_after_go_live", R, "distribution", _facts("D2"), "years_after_go_live"),
    _m("finance.risk.exit_cost_share", R, "percent", _estimate(), "of_project_cost"),
    _m("finance.judgement.risk_criteria", R, "text", _estimate("D5", "D7", "B7", "D8"), shape="criteria"),
    _m("finance.judgement.max_shift", R, "percent", _estimate("D5", "D7"), "probability_points"),
    _m("finance.risk.tei_benefit_haircut", R, "percent", Source(Basis.METHOD, ("forrester_tei",)), "of_benefit"),
    _m("finance.risk.tei_cost_markup", R, "percent", Source(Basis.METHOD, ("forrester_tei",)), "of_cost"),
    # --- discounting, horizon and conventions -----------------------------------------------
    _m("company.discount_rate", D, "percent", CLIENT, "per_year_nominal"),
    _m("company.horizon_years", D, "years", CONVENTION, "years"),
    _m("finance.conventions.billing", D, "text", _facts("C24", "S18", "C32", "S23"), shape="choice"),
    _m("finance.conventions.profit_tax_rate", D, "percent", CONVENTION),
    _m("finance.conventions.amortisation_years", D, "years", _facts("C45"), "years"),
    _m("finance.conventions.vat_rate", D, "percent", CONVENTION),
    _m("finance.conventions.vat_recoverable", D, "text", CONVENTION, shape="flag"),
    _m("finance.conventions.price_inflation", D, "percent", CONVENTION, "per_year"),
    _m("finance.conventions.wage_inflation", D, "percent", CONVENTION, "per_year"),
    _m("finance.conventions.residual_value", D, "text", CONVENTION, shape="flag"),
    # --- technical settings -------------------------------------------------------------
    _m("finance.simulation.trials", T, "integer", SETTING, "trials"),
    _m("finance.simulation.seed", T, "code", SETTING),
    _m("finance.simulation.latin_hypercube", T, "text", SETTING, shape="flag"),
    _m("finance.simulation.chunk_size", T, "integer", SETTING, "trials"),
    _m("finance.simulation.threads", T, "integer", SETTING),
    _m("finance.simulation.irr_sample", T, "integer", SETTING, "trials"),
    _m("finance.simulation.fan_sample", T, "integer", SETTING, "trials"),
    _m("finance.convergence.enabled", T, "text", SETTING, shape="flag"),
    _m("finance.convergence.tolerance", T, "percent", SETTING, "of_mean_npv"),
    _m("finance.convergence.confidence", T, "percent", SETTING),
    _m("finance.convergence.min_trials", T, "integer", SETTING, "trials"),
    _m("finance.tornado.low_quantile", T, "percent", SETTING),
    _m("finance.tornado.high_quantile", T, "percent", SETTING),
    _m("finance.tornado.variance_sample", T, "integer", SETTING, "trials"),
    _m("finance.tornado.top", T, "integer", SETTING, "inputs"),
)  # fmt: skip

META_BY_PATH: dict[str, Meta] = {m.path: m for m in META}

# --- the rows -------------------------------------------------------------------------

#: the cell kinds a row can carry (the report tables' kinds; words are text)
CellKind = Literal["money", "percent", "count", "number", "code", "text"]


@dataclass(frozen=True)
class AssumptionRow:
    """One line of the register, in one language.

    ``value`` is a number for a numeric ``kind`` (the workbook writes it as a number with a
    format) and words otherwise; ``path`` is the input's stable id (never shown as a label).
    """

    section: Section
    section_label: str
    path: str
    label: str
    value: float | int | str
    kind: CellKind
    unit: str
    source: str
    is_default: bool


def _get(root: Any, path: str) -> Any:
    """The value at a dotted path (``scenario.`` names the scenario itself)."""
    path = path.removeprefix("scenario.")
    node = root
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part)
    return node


_MISSING = object()


def _default(path: str) -> Any:
    """The default of ``path`` (``_MISSING`` where the client must give it)."""
    head, _, rest = path.partition(".")
    if head == "finance":
        return _get(FinanceAssumptions(), rest)
    if head == "company":
        field = CompanyProfile.model_fields[rest.split(".")[0]]
        if field.default is not PydanticUndefined:
            return field.default
        if field.default_factory is not None:
            return field.default_factory()  # type: ignore[call-arg]
    return _MISSING


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


class _Words:
    """Numbers and words of one language and currency."""

    def __init__(self, lang: Lang, currency: str) -> None:
        self.lang = lang
        self.currency = currency

    def t(self, key: str, **fmt: object) -> str:
        return translate(f"assumptions.{key}", self.lang, **fmt)

    def num(self, v: float, scale: Scale = "number") -> str:
        if scale == "money":
            return money(v, self.currency, self.lang)
        if scale == "percent":
            x = v * 100
            digits = next((d for d in range(4) if math.isclose(x, round(x, d), abs_tol=1e-9)), 3)
            return percent(v, self.lang, digits)
        digits = next((d for d in range(4) if math.isclose(v, round(v, d), abs_tol=1e-9)), 3)
        return number(v, self.lang, digits)

    def yes_no(self, flag: bool) -> str:
        return self.t("word.yes" if flag else "word.no")

    def distribution(self, d: Any, scale: Scale) -> str:
        n = self.num
        match d:
            case Fixed():
                return n(d.value, scale)
            case Uniform():
                return self.t("dist.uniform", lo=n(d.min, scale), hi=n(d.max, scale))
            case Pert() | Triangular():
                text = self.t(
                    f"dist.{d.kind}",
                    lo=n(d.min, scale),
                    mode=n(d.mode, scale),
                    hi=n(d.max, scale),
                )
                if isinstance(d, Pert) and not math.isclose(d.lamb, 4.0):
                    text += self.t("dist.lambda", lamb=n(d.lamb))
                return text
            case Lognormal():
                median = n(d.base, scale)
                if d.p10 is not None and d.p90 is not None:
                    return self.t(
                        "dist.lognormal", p10=n(d.p10, scale), p90=n(d.p90, scale), median=median
                    )
                assert d.mean_ is not None
                assert d.sd is not None
                return self.t(
                    "dist.lognormal_moments",
                    mean=n(d.mean_, scale),
                    sd=n(d.sd, scale),
                    median=median,
                )
            case Discrete():
                parts = [
                    self.t("dist.discrete_item", value=n(v, scale), p=n(p, "percent"))
                    for v, p in zip(d.values, d.probabilities, strict=True)
                ]
                return self.t("dist.discrete", items="; ".join(parts))
            case Bernoulli():
                return self.t("dist.bernoulli", p=n(d.p, "percent"))
        raise TypeError(d)


def _cell(value: Any, meta: Meta) -> tuple[float | int, CellKind]:
    """A numeric value and its cell kind."""
    match meta.kind:
        case "money":
            return float(value), "money"
        case "percent":
            return float(value), "percent"
        case "integer":
            return round(float(value)), "count"
        case "code":
            return int(value), "code"
        case "years":
            v = float(value)
            return (int(v), "count") if v.is_integer() else (v, "number")
    return float(value), "number"


def _numeric_or_words(value: Any, meta: Meta, w: _Words) -> tuple[float | int | str, CellKind]:
    """One input's value as a number with its kind, or as words (kind text)."""
    match meta.shape:
        case "value":
            if meta.kind == "text":
                return ("" if value is None else str(value)), "text"
            return _cell(value, meta)
        case "flag":
            return w.yes_no(bool(value)), "text"
        case "choice":
            return w.t(f"choice.{meta.path.rsplit('.', 1)[-1]}.{str(value).lower()}"), "text"
        case "optional":
            if value is None:
                return w.t(f"unset.{meta.path.rsplit('.', 1)[-1]}"), "text"
            if meta.kind == "text":
                return str(value), "text"
            return _cell(value, meta)
        case "country":
            if value is None:
                return w.t(f"unset.{meta.path.rsplit('.', 1)[-1]}"), "text"
            return Locale.parse(w.lang).territories.get(str(value), str(value)), "text"
        case "date":
            return (day(value, w.lang) if value is not None else w.t("word.not_given")), "text"
        case "distribution":
            if isinstance(value, Fixed):  # a known value is a number
                kind: CellKind = "percent" if meta.scale == "percent" else "number"
                return (float(value.value), "money" if meta.scale == "money" else kind)
            return w.distribution(value, meta.scale), "text"
        case "lever":
            return _lever_words(value, meta, w), "text"
        case "outcome":
            return (
                w.t(
                    "outcome",
                    full=w.num(value.full, "percent"),
                    partial=w.num(value.partial, "percent"),
                    failure=w.num(value.failure, "percent"),
                ),
                "text",
            )
        case "strategy":
            return (
                w.t(
                    "strategy",
                    partners=w.num(value.partner_share, "percent"),
                    effort=w.num(value.effort_multiplier),
                    duration=w.num(value.duration_multiplier),
                    shift=w.num(value.failure_to_partial, "percent"),
                ),
                "text",
            )
        case "range":
            return (
                w.t("range", lo=w.num(value.min), mode=w.num(value.mode), hi=w.num(value.max)),
                "text",
            )
        case "band":
            return w.t(
                "band", lo=w.num(value.min, "percent"), hi=w.num(value.max, "percent")
            ), "text"
        case "ramp":
            n = len(value)
            parts = [
                w.t(
                    "ramp_last" if i == n - 1 else "ramp_year",
                    year=i + 1,
                    share=w.num(v, "percent"),
                )
                for i, v in enumerate(value)
            ]
            return "; ".join(parts), "text"
    raise ValueError(f"{meta.path}: shape {meta.shape} has rows of its own")


def _lever_words(lever: Lever, meta: Meta, w: _Words) -> str:
    state = w.t("word.on" if lever.enabled else "word.off")
    uplift = w.distribution(lever.uplift, meta.scale)
    attribution = w.distribution(lever.attribution, "percent")
    return w.t("lever", state=state, uplift=uplift, attribution=attribution)


@dataclass(frozen=True)
class _Context:
    scenario: Scenario
    w: _Words
    option_name: Callable[[str], str]
    criterion_name: Callable[[str], str | None]


def _source_text(meta: Meta, value: Any, ctx: _Context) -> tuple[str, bool]:
    """The source column and whether the value is the default."""
    w = ctx.w
    base = meta.source.text(w.lang)
    default = _default(meta.path)
    if default is _MISSING or meta.source.basis is Basis.CLIENT:
        return base, False
    same = _dump(default) == _dump(value)
    if same:
        return base, True
    if meta.shape in ("value", "optional", "flag", "choice", "country"):
        shown, kind = _numeric_or_words(default, meta, w)
        if not isinstance(shown, str):
            shown = _shown(shown, kind, w)
        return w.t("source.scenario_was", default=shown, source=base), False
    return w.t("source.scenario", source=base), False


def _shown(value: float | int, kind: CellKind, w: _Words) -> str:
    match kind:
        case "money":
            return w.num(value, "money")
        case "percent":
            return w.num(value, "percent")
        case "code":
            return str(value)
    return w.num(value)


def _rows_of(
    meta: Meta, ctx: _Context
) -> Iterator[tuple[str, Any, CellKind, str, bool, str | None]]:
    """(label, value, kind, source, is_default, unit or None for the input's) for every row
    one input gives."""
    sc, w = ctx.scenario, ctx.w
    label = w.t(f"label.{meta.path}")
    client = Source(Basis.CLIENT).text(w.lang)
    scenario_set = w.t("source.scenario_only")
    match meta.shape:
        case "rates":
            if not sc.exchange_rates:
                yield label, w.t("word.none"), "text", client, False, ""
            for ccy, rate in sc.exchange_rates.items():
                yield (
                    w.t("label.exchange_rate", currency=ccy.value),
                    float(rate),
                    "number",
                    client,
                    False,
                    w.t("unit.per_currency", currency=sc.currency.value, other=ccy.value),
                )
            return
        case "integrations":
            if not sc.company.integrations:
                yield label, w.t("word.none"), "text", client, False, None
            for it in sc.company.integrations:
                native = [ctx.option_name(o) for o in it.native]
                words = w.t(
                    "integration",
                    kind=w.t(f"integration_kind.{it.kind.value}"),
                    complexity=w.t(f"complexity.{it.complexity.value}"),
                )
                if native:
                    words += w.t("integration_native", options=", ".join(native))
                yield (
                    w.t("label.integration", name=text(it.name, w.lang)),
                    words,
                    "text",
                    client,
                    False,
                    None,
                )
            return
        case "overrides":
            overrides = sc.finance.cost_overrides
            rows = [
                (oid, cat, dist)
                for oid, ov in overrides.items()
                for cat, dist in ov
                if dist is not None
            ]
            if not rows:
                yield label, w.t("word.none"), "text", meta.source.text(w.lang), True, None
            as_distribution = replace(meta, shape="distribution")
            for oid, cat, dist in rows:
                value, kind = _numeric_or_words(dist, as_distribution, w)
                yield (
                    w.t(
                        "label.cost_override",
                        option=ctx.option_name(oid),
                        category=translate(f"report.category.{cat}", w.lang),
                    ),
                    value,
                    kind,
                    scenario_set,
                    False,
                    None,
                )
            return
        case "correlations":
            default = [_dump(c) for c in FinanceAssumptions().correlations]
            if not sc.finance.correlations:
                yield label, w.t("word.none"), "text", scenario_set, False, None
            for c in sc.finance.correlations:
                is_default = _dump(c) in default
                yield (
                    w.t("label.correlation", a=_input_name(c.a, w), b=_input_name(c.b, w)),
                    float(c.rho),
                    "number",
                    meta.source.text(w.lang) if is_default else scenario_set,
                    is_default,
                    None,
                )
            return
        case "requires":
            fit = sc.finance.benefits.fit
            default_requires = FinanceAssumptions().benefits.fit.requires
            for lever in LEVER_NAMES:
                comps = fit.requires.get(lever, [])
                names = ", ".join(translate(f"component.{c.value}", w.lang) for c in comps)
                same = default_requires.get(lever) == comps
                yield (
                    w.t("label.requires", lever=translate(f"lever.{lever}", w.lang)),
                    names,
                    "text",
                    meta.source.text(w.lang)
                    if same
                    else w.t("source.scenario", source=meta.source.text(w.lang)),
                    same,
                    None,
                )
            return
        case "criteria":
            ids = list(_get(sc, meta.path))
            known = [n for n in (ctx.criterion_name(i) for i in ids) if n]
            words = ", ".join(known) if known else w.t("word.none")
            missing = len(ids) - len(known)
            if missing:
                words += w.t("criteria_missing", n=missing)
            source, same = _source_text(meta, ids, ctx)
            yield label, words, "text", source, same, None
            return
    value = _get(sc, meta.path)
    shown, kind = _numeric_or_words(value, meta, w)
    source, same = _source_text(meta, value, ctx)
    yield label, shown, kind, source, same, None


def _input_name(name: str, w: _Words) -> str:
    """A correlated input's name (``lever.admin`` -> the lever's uplift) in words."""
    key = f"report.input.{name.replace('.', '_')}"
    out = translate(key, w.lang)
    return out if out != key else name


def register(
    scenario: Scenario,
    lang: Lang,
    *,
    option_name: Callable[[str], str] | None = None,
    criterion_name: Callable[[str], str | None] | None = None,
) -> list[AssumptionRow]:
    """Every input of ``scenario``'s company profile and finance model as register rows,
    section by section (:data:`SECTION_ORDER`, technical settings last).

    ``option_name`` names a shortlisted option by id (cost overrides, native integrations);
    ``criterion_name`` names a criterion by id, or None when the scenario has no such criterion.
    """
    w = _Words(lang, scenario.currency.value)

    def crit(cid: str) -> str | None:
        for c in scenario.criteria.criteria:
            if c.id == cid:
                return text(c.name, lang)
        return None

    ctx = _Context(
        scenario,
        w,
        option_name or (lambda oid: oid),
        criterion_name or crit,
    )
    rows: list[AssumptionRow] = []
    for section in SECTION_ORDER:
        section_label = w.t(f"section.{section.value}")
        for meta in META:
            if meta.section is not section:
                continue
            for label, value, kind, source, same, unit in _rows_of(meta, ctx):
                rows.append(
                    AssumptionRow(
                        section=section,
                        section_label=section_label,
                        path=meta.path,
                        label=label,
                        value=value,
                        kind=kind,
                        unit=_unit(meta, w) if unit is None else unit,
                        source=source,
                        is_default=same,
                    )
                )
    return rows


def _unit(meta: Meta, w: _Words) -> str:
    if not meta.unit:
        return ""
    return w.t(f"unit.{meta.unit}")


__all__ = [
    "META",
    "META_BY_PATH",
    "SECTION_ORDER",
    "AssumptionRow",
    "Basis",
    "Meta",
    "Section",
    "Source",
    "register",
]
