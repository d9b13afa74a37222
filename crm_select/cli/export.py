"""`crm-select export`: the comparison workbook, CSV tables, PDF and HTML report and the client
deck of a scenario."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from crm_select.cli.output import fail, output_file, output_folder, warn_repaired
from crm_select.models.errors import InputError
from crm_select.services import report
from crm_select.services.decision import load_decision


class Language(StrEnum):
    RU = "ru"
    EN = "en"


def export(
    scenario: Annotated[Path, typer.Argument(help="scenario file (YAML/JSON)")],
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="write the Excel workbook here")
    ] = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="write one CSV per table into this directory")
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="write the PDF report here")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="write the HTML report here")] = None,
    pptx: Annotated[
        Path | None, typer.Option("--pptx", help="write the client deck (PowerPoint) here")
    ] = None,
    lang: Annotated[
        Language | None, typer.Option("--lang", help="ru or en (default: the scenario's language)")
    ] = None,
    excel_ru: Annotated[
        bool, typer.Option("--csv-excel-ru", help="CSV with BOM, ';' and decimal commas")
    ] = False,
    trials: Annotated[
        int | None, typer.Option("--trials", min=100, help="override the Monte Carlo trial count")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="overwrite existing files")] = False,
) -> None:
    """Export the decision: Excel workbook, CSV tables, PDF and HTML report, client deck."""
    if not any((xlsx, csv, pdf, html, pptx)):
        typer.echo(
            "nothing to do: give at least one of --xlsx, --csv, --pdf, --html, --pptx", err=True
        )
        raise typer.Exit(code=2)
    for path in (xlsx, pdf, html, pptx):
        if path is not None:
            output_file(path, force)
    if csv is not None:
        output_folder(csv)
    try:
        decision = load_decision(scenario)
    except InputError as e:
        raise fail(e) from None
    warn_repaired(decision.repairs)
    language = lang.value if lang else decision.scenario.language
    data = report.report_data(decision, trials=trials)
    if xlsx:
        xlsx.write_bytes(report.xlsx(data, language))
        typer.echo(f"wrote {xlsx}")
    if csv:
        paths = report.csv_dir(data, language, csv, excel_ru=excel_ru)
        typer.echo(f"wrote {len(paths)} CSV files to {csv}")
    if pdf:
        pdf.write_bytes(report.pdf(data, language))
        typer.echo(f"wrote {pdf}")
    if html:
        html.write_text(report.html(data, language), encoding="utf-8")
        typer.echo(f"wrote {html}")
    if pptx:
        pptx.write_bytes(report.pptx(data, language))
        typer.echo(f"wrote {pptx}")
