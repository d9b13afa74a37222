"""A self-contained HTML report: inline CSS, charts as base64 PNG, every user text escaped."""

from __future__ import annotations

import base64

from crm_select.locales import translate
from crm_select.models.i18n_text import Lang, text
from crm_select.reports.brand import html_header
from crm_select.reports.charts import CHART_TITLES, ChartSet, report_charts
from crm_select.reports.narrative import (
    caveats,
    confidence_card,
    generated_line,
    recommendation,
)
from crm_select.reports.report_data import ReportData, in_report_language
from crm_select.reports.safe import escape
from crm_select.reports.table_parts import part_tables
from crm_select.reports.tables import Table, build_tables, by_section, formatted, tr

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;color:#222;
line-height:1.45;padding:0 1em}
h1{font-size:1.9em;margin-bottom:.2em}h2{border-bottom:2px solid #DDE5F0;padding-bottom:.2em;
margin-top:1.6em}.table{max-width:100%;overflow-x:auto;margin:.6em 0 1.2em}
table{border-collapse:collapse;font-size:.82em}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}th{background:#DDE5F0}
td:not(.num){overflow-wrap:anywhere}
td.num{text-align:right;white-space:nowrap}caption{text-align:left;font-weight:bold;padding:.3em 0}
.note{font-style:italic;color:#555;font-size:.85em}img{max-width:100%}
.rec{background:#F4F8FC;border-left:4px solid #4C78A8;padding:.6em 1em}
td.better{background:#C6EFCE}td.worse{background:#FFC7CE}
"""
WIDTH = 120
"""Characters of table text that fit a 1024 px window's page (about 8 px each at the table's
size, padding included; measured on the examples' tables in Chromium): a wider table is shown
in parts (:func:`~crm_select.reports.table_parts.column_parts`)."""


def _img(charts: ChartSet, key: str, lang: Lang) -> str:
    """The chart as an inline PNG; a note in its place if it could not be drawn."""
    alt = tr(lang)(CHART_TITLES[key])
    if key in charts.failed:
        return f'<p class="note">{escape(tr(lang)("chart_failed", chart=alt))}</p>'
    png = charts.get(key)
    if not png:
        return ""
    b64 = base64.b64encode(png).decode("ascii")
    return f'<p><img alt="{escape(alt)}" src="data:image/png;base64,{b64}"></p>'


def _one_table(table: Table, data: ReportData, lang: Lang) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.df.columns)
    body = []
    for r, row in enumerate(formatted(table, data.currency, lang)):
        cells = []
        for c, v in enumerate(row):
            classes = ["num"] if table.kind(r, c) != "text" else []
            classes += [table.marks[(r, c)]] if (r, c) in table.marks else []
            cls = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cls}>{escape(v)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (
        f'<div class="table"><table id="{escape(table.key)}"><caption>{escape(table.title)}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        f"{note}"
    )


def table_html(table: Table, data: ReportData, lang: Lang) -> str:
    """One table with escaped headers and cells, numbers formatted for the locale; a wide one
    in parts that fit the page (:func:`~crm_select.reports.table_parts.part_tables`), each in a
    box that scrolls by itself should a narrow window still not hold it."""
    rows = formatted(table, data.currency, lang)
    return "".join(_one_table(part, data, lang) for part in part_tables(table, rows, WIDTH))


def _risks(facts: Table, data: ReportData, lang: Lang) -> list[str]:
    """The risk facts table, then each shortlisted option's risk notes under its name."""
    parts = [f"<h2>{escape(translate('risks.heading', lang))}</h2>", table_html(facts, data, lang)]
    for r in data.risks:
        parts.append(f"<h3>{escape(r.name)}</h3>")
        if r.notes:
            parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in r.notes) + "</ul>")
        else:
            parts.append(f'<p class="note">{escape(translate("risks.no_notes", lang))}</p>')
    return parts


@in_report_language
def to_html(data: ReportData, lang: Lang, charts: bool = True) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    t = tr(lang)
    sc = data.scenario
    tables = build_tables(data, lang)
    png = report_charts(data, lang) if charts else ChartSet()
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(t('title'))}: {escape(sc.title(lang))}</title><style>{CSS}</style></head><body>",
        html_header(data, lang),
        f"<h1>{escape(t('title'))}</h1>",
        f"<p><strong>{escape(t('subtitle', name=sc.title(lang)))}</strong></p>",
    ]
    if sc.company.name:
        parts.append(f"<p>{escape(t('company', name=sc.company.name))}</p>")
    if sc.description:
        parts.append(f'<p class="note">{escape(text(sc.description, lang))}</p>')
    parts.append(f'<p class="note">{escape(generated_line(data, lang))}</p>')
    parts.append(f"<h2>{escape(t('recommendation'))}</h2><div class='rec'>")
    parts += [f"<p>{escape(line)}</p>" for line in recommendation(data, lang)]
    parts.append("</div>")
    heading, card = confidence_card(data, lang)
    if card:
        parts.append(f"<h2>{escape(heading)}</h2><div class='rec'>")
        parts += [f"<p>{escape(line)}</p>" for line in card]
        parts.append("</div>")
    parts.append(f"<h2>{escape(t('ranking'))}</h2>")
    parts.append(_img(png, "ranking", lang))
    parts.append(table_html(tables["summary"], data, lang))
    parts.append(table_html(tables["methods"], data, lang))
    parts.append(f"<h2>{escape(t('balance'))}</h2><p>{escape(t('balance_text'))}</p>")
    parts.append(_img(png, "balance", lang))
    for key in ("balance", "groups", "stability", "acceptability", "committee",
                "confidence_ranks", "confidence_pairs", "confidence_voi"):  # fmt: skip
        if key in tables:
            parts.append(table_html(tables[key], data, lang))
    parts.append(f"<h2>{escape(t('finance'))}</h2>")
    parts.append(_img(png, "tco", lang))
    parts.append(_img(png, "npv", lang))
    for key in ("tco_totals", "risk", "roi", "lever_shares"):
        parts.append(table_html(tables[key], data, lang))
    if "finance_scenarios" in tables:
        parts.append(f"<h2>{escape(t('finance_scenarios'))}</h2>")
        parts.append(table_html(tables["finance_scenarios"], data, lang))
    if png.get("tornado") or len(tables["tornado"].df):
        parts.append(f"<h2>{escape(t('tornado', option=data.option_name(data.winner)))}</h2>")
        parts.append(_img(png, "tornado", lang))
        parts.append(table_html(tables["tornado"], data, lang))
    if "realisation_kpis" in tables:
        parts.append(f"<h2>{escape(t('forecast_vs_actual'))}</h2>")
        for key in (
            "realisation_kpis",
            "realisation_levers",
            "realisation_npv",
            "realisation_spend",
        ):
            parts.append(table_html(tables[key], data, lang))
    parts += _risks(tables["risk_facts"], data, lang)
    parts.append(f"<h2>{escape(t('assumptions'))}</h2>")
    for key in ("option_inputs", "criteria", "anchors", "scores_consensus"):
        if key in tables:
            parts.append(table_html(tables[key], data, lang))
    register = tables["assumptions"]
    parts.append(f"<h3>{escape(register.title)}</h3>")
    parts.append(f'<p class="note">{escape(register.note)}</p>')
    parts += [table_html(part, data, lang) for part in by_section(register)]
    parts.append(table_html(tables["sources"], data, lang))
    parts.append(f"<h2>{escape(t('caveats'))}</h2><ul>")
    parts += [f"<li>{escape(line.lstrip('• '))}</li>" for line in caveats(data, lang)]
    parts.append("</ul></body></html>")
    return "\n".join(parts)
