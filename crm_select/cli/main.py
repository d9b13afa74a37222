"""Entry point of the `crm-select` console script: one module per command group."""

from __future__ import annotations

import typer

from crm_select.cli import (
    committee_weights,
    confidence,
    export,
    inputs,
    rank,
    realisation,
    serve,
    workspace,
)
from crm_select.cli import simulate as simulate_cmd
from crm_select.cli.errors import GuardedGroup

app = typer.Typer(
    name="crm-select",
    help="Choose a CRM system and prove the choice with money.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=GuardedGroup,
)

app.command("validate")(inputs.validate)
app.command("catalog")(inputs.catalog)
app.command("new-scenario")(inputs.new_scenario)
app.command("simulate")(simulate_cmd.simulate)
app.command("rank")(rank.rank_command)
app.command("sensitivity")(rank.sensitivity)
app.command("confidence")(confidence.confidence)
app.command("shortlist")(rank.shortlist)
app.command("weights")(rank.weights_command)
app.command("committee")(rank.committee)
app.command("export")(export.export)
app.add_typer(workspace.app, name="workspace")
app.add_typer(realisation.app, name="realisation")
app.command("app")(serve.app_command)
workspace.app.command("weights")(committee_weights.weights)
workspace.app.command("adopt-weights")(committee_weights.adopt_weights)
