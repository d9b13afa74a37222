"""`crm-select realisation ...`: the benefits-realisation record of a workspace after go-live
(docs/realisation.md). The command line acts as the workspace operator.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from crm_select.cli.errors import UserError
from crm_select.cli.export import Language
from crm_select.cli.output import output_file
from crm_select.models.realisation import PeriodKind
from crm_select.services import realisation as svc
from crm_select.services import report as report_service
from crm_select.services import workspace as ws_api

app = typer.Typer(
    help="After go-live: the baseline, actuals against the forecast, the record for the next "
    "decision.",
    no_args_is_help=True,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="database URL (default: $DATABASE_URL or the SQLite data dir)"),
]
ForceOption = Annotated[bool, typer.Option("--force", help="overwrite an existing file")]
TrialsOption = Annotated[
    int | None, typer.Option("--trials", help="simulation trials (default: the scenario's)")
]


def _date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what}: expected a date as YYYY-MM-DD, got {text!r}") from None


@app.command()
def start(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    decision_date: Annotated[str, typer.Option(help="year 0 of the forecast, YYYY-MM-DD")],
    go_live: Annotated[str | None, typer.Option(help="go-live date, YYYY-MM-DD")] = None,
    period: Annotated[PeriodKind, typer.Option(help="reporting period")] = PeriodKind.QUARTER,
    option: Annotated[
        str | None, typer.Option(help="the chosen option (default: the ranking's winner)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record the baseline from the company profile (replaces an earlier baseline; actuals
    stay)."""
    database = ws_api.open_database(db)
    try:
        rec = svc.start(
            database,
            ws_api.Actor.operator(workspace_id),
            _date(decision_date, "--decision-date") or dt.date.today(),
            go_live=_date(go_live, "--go-live"),
            period=period,
            option_id=option,
        )
    finally:
        database.dispose()
    typer.echo(f"baseline of {rec.baseline.option_id}: {len(rec.baseline.kpis)} KPIs")


@app.command("invite-owner")
def invite_owner(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    owner_id: Annotated[str, typer.Argument(help="the project owner's id")],
    name: Annotated[str, typer.Option(help="display name")] = "",
    email: Annotated[str | None, typer.Option(help="e-mail to sign in with")] = None,
    db: DbOption = None,
) -> None:
    """Invite a project owner (enters actuals, never scores); prints the join token once."""
    database = ws_api.open_database(db)
    try:
        token = svc.invite_owner(
            database, ws_api.Actor.operator(workspace_id), owner_id, name or owner_id, email=email
        )
    finally:
        database.dispose()
    typer.echo(f"join token {owner_id}: {token}  (shown once; only its hash is stored)")


@app.command()
def add(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    csv_file: Annotated[
        Path, typer.Option("--csv", help="actuals as CSV (or .xlsx); see `template`")
    ],
    db: DbOption = None,
) -> None:
    """Add actuals from a file; any bad row refuses the whole file (file:line: field: ...)."""
    if not csv_file.is_file():
        raise UserError(f"{csv_file}: no such file")
    database = ws_api.open_database(db)
    try:
        up = svc.upload(
            database, ws_api.Actor.operator(workspace_id), str(csv_file), csv_file.read_bytes()
        )
    finally:
        database.dispose()
    typer.echo(f"stored {len(up.actuals)} KPI actuals and {len(up.spend)} spend rows")


@app.command()
def template(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    out: Annotated[Path | None, typer.Option("--out", help="file (default: stdout)")] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """A CSV to fill in for the next period."""
    target = output_file(out, force) if out is not None else None
    database = ws_api.open_database(db)
    try:
        text = svc.template(database, ws_api.Actor.operator(workspace_id))
    finally:
        database.dispose()
    if target is None:
        typer.echo(text, nl=False)
    else:
        target.write_text(text, encoding="utf-8")


@app.command()
def show(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    trials: TrialsOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="the NPV re-forecast as JSON (the page's figures)")
    ] = False,
    db: DbOption = None,
) -> None:
    """Actuals against the forecast: percentiles, alerts, the realised benefit and the NPV
    forecast again with the evidence."""
    database = ws_api.open_database(db)
    try:
        wr = svc.workspace_analysis(database, ws_api.Actor.operator(workspace_id), trials=trials)
    finally:
        database.dispose()
    r = wr.analysis
    if as_json:
        typer.echo(json.dumps(svc.reforecast_summary(r.reforecast), indent=2))
        return
    for t in r.tracks:
        for p in t.points:
            pct = "" if p.percentile is None else f"  P{100 * p.percentile:.0f}"
            value = f"{p.actual:,.0f}" if t.unit == "money" else f"{p.actual:.4g}"
            typer.echo(f"{t.kpi:22s} {p.period}  {value}{pct}")
    ref = r.reforecast
    typer.echo(f"realised benefit so far: {r.realised_benefit:,.0f} {wr.currency}")
    typer.echo(
        f"NPV forecast {ref.npv_forecast:,.0f}, re-forecast {ref.npv:,.0f} "
        f"(P10 {ref.p10:,.0f}, P50 {ref.p50:,.0f}, P90 {ref.p90:,.0f}; {ref.trials:,} trials) "
        f"{wr.currency}"
    )
    typer.echo(
        f"go-live {ref.go_live} ({'actual' if ref.go_live_actual else 'the forecast'}), "
        f"forecast median {ref.go_live_forecast}: {12 * ref.delay_years:+.1f} months"
    )
    typer.echo(
        f"NPV moved by the go-live date {ref.schedule_effect:,.0f}, the spend "
        f"{ref.cost_effect:,.0f}, the benefits {ref.benefit_effect:,.0f} {wr.currency}"
    )
    for v in ref.spend:
        ratio = "" if v.overrun is None else f"  x{v.overrun:.2f}"
        typer.echo(f"spend {v.category:18s} {v.actual:,.0f} against {v.forecast:,.0f}{ratio}")
    for a in r.alerts:
        typer.echo(f"alert: {a.kpi} in {a.period}")


@app.command("export")
def export_(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    out: Annotated[Path | None, typer.Option("--out", help="JSON file (default: stdout)")] = None,
    force: ForceOption = False,
    trials: TrialsOption = None,
    db: DbOption = None,
) -> None:
    """The record for the next decision: realised uplifts, overruns and adoption as JSON
    (the format is in docs/realisation.md)."""
    target = output_file(out, force) if out is not None else None
    database = ws_api.open_database(db)
    try:
        wr = svc.workspace_analysis(database, ws_api.Actor.operator(workspace_id), trials=trials)
    finally:
        database.dispose()
    text = json.dumps(svc.lessons(wr).model_dump(mode="json"), indent=2, ensure_ascii=False)
    if target is None:
        typer.echo(text)
    else:
        target.write_text(text + "\n", encoding="utf-8")


@app.command()
def report(
    workspace_id: Annotated[str, typer.Argument(help="workspace id")],
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Excel workbook")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="PDF report")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="HTML report")] = None,
    lang: Annotated[
        Language | None, typer.Option("--lang", help="ru or en (default: the scenario's language)")
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """The decision's report with its "forecast vs actual" section (Excel, PDF, HTML)."""
    if not any((xlsx, pdf, html)):
        raise UserError("nothing to do: give at least one of --xlsx, --pdf, --html")
    targets = [output_file(p, force) if p is not None else None for p in (xlsx, pdf, html)]
    database = ws_api.open_database(db)
    op = ws_api.Actor.operator(workspace_id)
    try:
        decision = svc.workspace_decision(database, op)
        record = svc.record(database, op)
    finally:
        database.dispose()
    language = lang.value if lang else decision.scenario.language
    data = report_service.report_data(decision, realisation=record)
    x, p, h = targets
    if x is not None:
        x.write_bytes(report_service.xlsx(data, language))
        typer.echo(f"wrote {x}")
    if p is not None:
        p.write_bytes(report_service.pdf(data, language))
        typer.echo(f"wrote {p}")
    if h is not None:
        h.write_text(report_service.html(data, language), encoding="utf-8")
        typer.echo(f"wrote {h}")
