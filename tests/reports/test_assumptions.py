"""The assumptions register: every input of the company profile and the finance model, typed,
labelled in the report's language, with the source of its default; numbers are numbers in the
workbook."""

from __future__ import annotations

import io
import math
import re
import types
import typing
from pathlib import Path

import openpyxl
import pytest
import yaml
from pydantic import BaseModel

from crm_select.models.catalog import Catalog
from crm_select.models.company import CompanyProfile
from crm_select.models.finance import FinanceAssumptions
from crm_select.models.i18n_text import Lang, text
from crm_select.models.loader import load_scenario
from crm_select.models.scenario import Scenario
from crm_select.reports.assumptions import META, META_BY_PATH, Basis, register
from crm_select.reports.excel import to_xlsx_bytes
from crm_select.reports.report_data import ReportData
from crm_select.reports.tables import build_tables, by_section, format_value, formatted

ROOT = Path(__file__).resolve().parents[2]
B2B = ROOT / "examples" / "b2b-distributor.yaml"
BANK = ROOT / "examples" / "bank-500.yaml"
NUMERIC = {"money", "percent", "count", "number", "code"}
#: Latin words a Russian register may carry: abbreviations read as such in Russian texts,
#: and a published method's name
LATIN_OK = {"PERT", "CRM", "TCO", "ROI", "NPV", "IRR", "SaaS", "ERP", "BI", "Forrester", "TEI"}


def _submodel(annotation: object) -> type[BaseModel] | None:
    """The model class a field holds, when it holds exactly one (not a union, list or dict)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is typing.Annotated:
        return _submodel(typing.get_args(annotation)[0])
    return None


def _walk(model: type[BaseModel], prefix: str, found: set[str], missing: list[str]) -> None:
    """Every field path under ``model``: a path with metadata covers everything below it; a
    field holding one sub-model is walked into; any other field without metadata is missing."""
    for name, field in model.model_fields.items():
        path = f"{prefix}.{name}"
        if path in META_BY_PATH:
            found.add(path)
            continue
        sub = _submodel(field.annotation)
        if sub is None or isinstance(field.annotation, types.UnionType):
            missing.append(path)
        else:
            _walk(sub, path, found, missing)


def test_every_field_of_the_company_and_finance_models_has_metadata() -> None:
    """A field added to the company profile or the finance model fails here until it gets a
    section, a label, a kind and a source; metadata for a field that no longer exists fails too."""
    found: set[str] = set()
    missing: list[str] = []
    _walk(CompanyProfile, "company", found, missing)
    _walk(FinanceAssumptions, "finance", found, missing)
    assert missing == []
    model_paths = {m.path for m in META if not m.path.startswith("scenario.")}
    assert model_paths - found == set()
    assert len(found) > 100


def test_the_walk_catches_a_field_without_metadata() -> None:
    class Extra(BaseModel):
        new_rate: float = 0.1

    class Company(CompanyProfile):
        extra: Extra = Extra()

    missing: list[str] = []
    _walk(Company, "company", set(), missing)
    assert missing == ["company.extra.new_rate"]


def test_every_default_has_a_source() -> None:
    for m in META:
        assert m.source.basis in Basis, m.path
        if m.source.basis is Basis.FACTS:
            assert m.source.refs, m.path
    assert {m.source.basis for m in META} >= {Basis.FACTS, Basis.ESTIMATE, Basis.CLIENT}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_row_has_a_label_a_source_and_no_key(
    b2b: ReportData, bank: ReportData, lang: Lang
) -> None:
    for data in (b2b, bank):
        rows = register(data.scenario, lang, option_name=data.option_name)
        assert {r.path for r in rows} == set(META_BY_PATH)
        for r in rows:
            for words in (r.label, r.unit, r.source, r.section_label):
                assert not re.search(r"\b[a-z_]+(\.[a-z_0-9]+)+\b", words), (r.path, words)
                assert "assumptions." not in words
            assert r.label, r.path
            assert r.source, r.path
            assert r.label != r.path
            if isinstance(r.value, str):
                assert "None" not in r.value, r.path
                assert not re.search(r"\w\(\w+=", r.value), (r.path, r.value)
            else:
                assert r.kind in NUMERIC, r.path


def _names(data: ReportData) -> list[str]:
    """User-given names a Russian label may quote (integrations, options)."""
    return [text(i.name, "ru") for i in data.scenario.company.integrations] + [
        data.option_name(o) for o in data.option_ids
    ]


def test_the_russian_register_has_no_english_words(bank: ReportData, b2b: ReportData) -> None:
    for data in (b2b, bank):
        en = register(data.scenario, "en", option_name=data.option_name)
        ru = register(data.scenario, "ru", option_name=data.option_name)
        assert len(en) == len(ru)
        for e, r in zip(en, ru, strict=True):
            assert re.search("[а-яё]", r.label, re.IGNORECASE), r.label
            assert r.label != e.label
            assert r.section_label != e.section_label
            cells = [r.label, r.unit, r.source, r.section_label]
            if isinstance(r.value, str) and r.path not in ("company.name", "company.industry"):
                cells.append(r.value)
            for cell in cells:
                for name in _names(data):
                    cell = cell.replace(name, "")
                words = set(re.findall(r"[A-Za-z]{2,}", cell)) - LATIN_OK
                words -= {
                    data.scenario.currency.value,
                    *(c.value for c in data.scenario.exchange_rates),
                }
                assert not words, (r.path, cell)


def _register_cells(
    ws: openpyxl.worksheet.worksheet.Worksheet, header: str
) -> list[tuple[str, openpyxl.cell.cell.Cell]]:
    """(label, value cell) of every row of the register on the sheet."""
    start = next(
        c.row for row in ws.iter_rows(max_col=2) for c in row if c.column == 2 and c.value == header
    )
    out = []
    for r in range(start + 1, ws.max_row + 1):
        label = ws.cell(r, 2).value
        if label is None:
            break
        out.append((str(label), ws.cell(r, 3)))
    return out


def _is_number_text(text: str) -> bool:
    clean = re.sub(r"[\s\u00a0\u202f%₽$€£]", "", text).replace(",", ".")
    try:
        float(clean)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("lang", "header"), [("en", "Assumption"), ("ru", "Допущение")])
def test_no_number_is_stored_as_text_in_the_workbook(
    bank: ReportData, lang: Lang, header: str
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(bank, lang)))
    ws = book["Assumptions" if lang == "en" else "Допущения"]
    cells = _register_cells(ws, header)
    rows = register(bank.scenario, lang, option_name=bank.option_name)
    assert [label for label, _ in cells] == [r.label for r in rows]
    numeric = 0
    for (label, cell), row in zip(cells, rows, strict=True):
        if row.kind in NUMERIC:
            numeric += 1
            assert isinstance(cell.value, int | float), label
            assert not isinstance(cell.value, bool), label
            assert cell.number_format != "General", label
            if row.kind == "percent":
                assert cell.number_format == "0.0%", label
            if row.kind == "money":
                assert "₽" in cell.number_format, label
            if row.kind == "count":
                assert cell.number_format == "#,##0", label
            if row.kind == "code":  # an identifier (the seed): whole digits, never grouped
                assert cell.number_format == "0", label
        else:
            assert isinstance(cell.value, str), label
            assert not _is_number_text(cell.value), (label, cell.value)
    assert numeric > 50


@pytest.mark.parametrize(
    ("lang", "sheet", "header", "label"),
    [
        ("en", "Assumptions", "Assumption", "Discount rate"),
        ("ru", "Допущения", "Допущение", "Ставка дисконтирования"),
    ],
)
def test_the_discount_rate_cell_is_the_scenario_files_rate_as_a_percent(
    b2b: ReportData, lang: Lang, sheet: str, header: str, label: str
) -> None:
    rate = yaml.safe_load(B2B.read_text("utf-8"))["company"]["discount_rate"]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(b2b, lang)))
    cells = dict(_register_cells(book[sheet], header))
    cell = cells[label]
    assert cell.value == rate
    assert cell.number_format == "0.0%"


def test_levers_and_distributions_in_words(bank: ReportData) -> None:
    """The bank's file gives each lever PERT(5 %, 10 %, 15 %)-like uplifts with a uniform
    30-80 % attribution; the overruns keep the defaults' lognormals."""
    raw = yaml.safe_load(BANK.read_text("utf-8"))["finance"]["benefits"]["levers"]["sales_per_rep"]
    by_label = {r.label: r for r in register(bank.scenario, "en", option_name=bank.option_name)}
    lever = by_label["Lever: sales per rep"].value
    up, att = raw["uplift"], raw["attribution"]
    assert lever == (
        f"on; uplift PERT: min {up['min']:.0%}, most likely {up['mode']:.0%}, max {up['max']:.0%}; "
        f"share attributable to the CRM: uniform, {att['min']:.0%} – {att['max']:.0%}"
    )
    assert str(by_label["Lever: share of deals won"].value).startswith("off; ")
    # default schedule overrun of a configurable platform: lognormal P10 1.0, P90 2.0
    overrun = by_label["Schedule overrun: configurable platform"]
    assert overrun.value == f"lognormal, P10 1 – P90 2, median {math.sqrt(2):.3f}"
    assert overrun.unit == "× the plan"
    ru = {r.path: r for r in register(bank.scenario, "ru", option_name=bank.option_name)}
    nb = "\u00a0"
    assert ru["finance.risk.schedule_overrun.configurable"].value == (
        f"логнормальное, P10 1 – P90 2, медиана {math.sqrt(2):.3f}".replace(".", ",")
    )
    assert str(ru["finance.benefits.levers.sales_per_rep"].value).startswith(
        f"включён; прирост PERT: минимум 5{nb}%, наиболее вероятно 10{nb}%"
    )


def test_one_row_per_integration_and_set_values_say_so(b2b: ReportData, bank: ReportData) -> None:
    rows = register(b2b.scenario, "en", option_name=b2b.option_name)
    integrations = [r for r in rows if r.path == "company.integrations"]
    assert [r.label for r in integrations] == [
        "Integration: 1C:Trade Management",
        "Integration: IP telephony",
        "Integration: Corporate e-mail and calendars",
        "Integration: Website request forms",
    ]
    russian = register(b2b.scenario, "ru", option_name=b2b.option_name)
    assert "Интеграция: 1С:Управление торговлей" in [r.label for r in russian]
    erp = integrations[0]
    assert erp.value == f"ERP, medium complexity; native in {b2b.option_name('1c-crm')}"
    by_path = {r.path: r for r in register(bank.scenario, "en", option_name=bank.option_name)}
    assert by_path["finance.benefits.levers.admin"].source.startswith("Set in this scenario")
    assert not by_path["finance.benefits.levers.admin"].is_default
    assert by_path["finance.costs.support_rate"].is_default
    assert by_path["finance.costs.support_rate"].source == "Facts: C18, C4"
    assert by_path["company.horizon_years"].source == (
        "Set in this scenario; default 5 (Model convention)"
    )
    assert by_path["finance.costs.support_rate"].value == 0.15


def test_sections_in_order_technical_last(b2b: ReportData) -> None:
    rows = register(b2b.scenario, "en", option_name=b2b.option_name)
    order = list(dict.fromkeys(r.section_label for r in rows))
    assert order == [
        "Company",
        "Costs",
        "Benefits and levers",
        "Risk and schedule",
        "Discounting, horizon and conventions",
        "Technical settings",
    ]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_and_html_show_the_register_through_the_locale(b2b: ReportData, lang: Lang) -> None:
    """The table the PDF and the HTML print: one part per section, numbers in the language's
    style (18.0% / 18,0 %), every row of the register."""
    table = build_tables(b2b, lang)["assumptions"]
    parts = by_section(table)
    assert sum(len(p.df) for p in parts) == len(table.df)
    assert len({p.key for p in parts}) == len(parts) == 6  # one HTML id each
    shown = {row[0]: row[1] for p in parts for row in formatted(p, b2b.currency, lang)}
    label = "Discount rate" if lang == "en" else "Ставка дисконтирования"
    assert shown[label] == ("18.0%" if lang == "en" else "18,0\u00a0%")
    revenue = "Annual revenue" if lang == "en" else "Годовая выручка"
    assert shown[revenue] == (
        "RUB\u00a01,200,000,000" if lang == "en" else "1\u00a0200\u00a0000\u00a0000\u00a0₽"
    )


def test_every_kind_of_distribution_and_empty_lists_in_words(catalog: Catalog) -> None:
    """A scenario without exchange rates, integrations or correlations, with cost overrides of
    every distribution kind: one row each in words (or a number where the value is known)."""
    sc = load_scenario(B2B, catalog).model_dump(mode="json", by_alias=True)
    sc["exchange_rates"] = {}
    sc["exchange_rates_as_of"] = None
    sc["company"]["integrations"] = []
    fin = sc.setdefault("finance", {})
    fin["correlations"] = []
    option = sc["options"][0]["catalog_id"]
    fin["cost_overrides"] = {
        option: {
            "implementation": {"kind": "lognormal", "mean": 2_000_000, "sd": 500_000},
            "training": {"kind": "fixed", "value": 150_000},
            "support": {"kind": "triangular", "min": 100_000, "mode": 200_000, "max": 400_000},
            "add_ons": {"kind": "discrete", "values": [0, 50_000], "probabilities": [0.6, 0.4]},
        }
    }
    fin.setdefault("indirect", {})["data_entry_minutes"] = {"kind": "bernoulli", "p": 0.25}
    scenario = Scenario.model_validate(sc)
    rows = register(scenario, "en", option_name=lambda oid: f"Option {oid.upper()}")
    by_label = {r.label: r for r in rows}
    assert by_label["Exchange rates"].value == "none"
    assert by_label["Exchange rates"].unit == ""
    assert by_label["Exchange rates as of"].value == "not given"
    assert by_label["Integrations"].value == "none"
    assert by_label["Correlations between inputs"].value == "none"
    name = f"Option {option.upper()}"
    median = 2_000_000 / math.sqrt(1 + 0.25**2)  # exp(mu), mu = ln(m) - ln(1 + (s/m)^2) / 2
    assert by_label[f"Cost override: {name}, Implementation"].value == (
        f"lognormal, mean RUB\u00a02,000,000, standard deviation RUB\u00a0500,000, "
        f"median RUB\u00a0{median:,.0f}"
    )
    training = by_label[f"Cost override: {name}, Training"]
    assert (training.value, training.kind) == (150_000, "money")
    assert by_label[f"Cost override: {name}, Support"].value == (
        "triangular: min RUB\u00a0100,000, most likely RUB\u00a0200,000, max RUB\u00a0400,000"
    )
    assert by_label[f"Cost override: {name}, Add-on modules"].value == (
        "one of: RUB\u00a00 with probability 60%; RUB\u00a050,000 with probability 40%"
    )
    assert by_label["Users' extra data-entry time"].value == "yes with probability 25%"
    for lang in ("en", "ru"):
        for r in register(scenario, lang):
            assert r.label, r
            assert not r.label.startswith("assumptions."), r


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_seed_reads_as_typed_not_as_a_grouped_amount(bank: ReportData, lang: Lang) -> None:
    """A seed is an identifier: "20261125" in PDF, HTML and CSV, not "20,261,125" nor
    "20 261 125"; a count beside it keeps the language's grouping."""
    rows = {r.path: r for r in register(bank.scenario, lang, option_name=bank.option_name)}
    seed = rows["finance.simulation.seed"]
    assert seed.kind == "code"
    typed = str(bank.scenario.finance.simulation.seed)
    assert len(typed) > 4  # long enough to be grouped if it were an amount
    assert format_value(seed.value, seed.kind, "RUB", lang) == typed
    assert format_value(12345, "count", "RUB", lang) == (
        "12,345" if lang == "en" else "12\u00a0345"
    )
