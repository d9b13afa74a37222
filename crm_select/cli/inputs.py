"""Commands on input files: validate, show the catalog, write a new scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from crm_select.cli.output import fail, output_file
from crm_select.models.catalog import DeliveryType
from crm_select.models.errors import InputError
from crm_select.models.loader import dump_scenario, load_catalog, load_scenario, validate_files
from crm_select.models.paths import EXAMPLE_SCENARIO, EXAMPLES_DIR


def validate(
    files: Annotated[list[Path], typer.Argument(help="catalog or scenario files (YAML/JSON)")],
) -> None:
    """Check files; exit 0 when all are valid, else 2 with one line per problem."""
    problems = validate_files(files)
    if problems:
        raise fail(InputError(problems))
    for f in files:
        typer.echo(f"{f}: ok")


def catalog(
    type_: Annotated[
        DeliveryType | None, typer.Option("--type", help="only this delivery type")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """List the bundled catalog of CRM options."""
    try:
        cat = load_catalog()
    except InputError as e:
        raise fail(e) from None
    options = [o for o in cat.options if type_ is None or o.delivery_type == type_]
    if as_json:
        typer.echo(
            json.dumps([o.model_dump(mode="json") for o in options], ensure_ascii=False, indent=2)
        )
        return
    for o in options:
        ed = o.edition()
        typer.echo(
            f"{o.id:28} {o.delivery_type.value:13} {o.country}  {o.name} "
            f"[{ed.name}: {ed.pricing.model}, {ed.pricing.currency.value}]"
        )


def new_scenario(
    out: Annotated[Path, typer.Argument(help="where to write the scenario (.yaml or .json)")],
    example: Annotated[
        str,
        typer.Option(
            "--example",
            help="bundled example to start from: "
            + ", ".join(p.stem for p in sorted(EXAMPLES_DIR.glob("*.yaml"))),
        ),
    ] = EXAMPLE_SCENARIO.stem,
    force: Annotated[bool, typer.Option("--force", help="overwrite an existing file")] = False,
) -> None:
    """Write a complete, valid example decision to start from."""
    examples = {p.stem: p for p in sorted(EXAMPLES_DIR.glob("*.yaml"))}
    if example not in examples:
        typer.echo(f"--example: no bundled example {example!r}; known: {list(examples)}", err=True)
        raise typer.Exit(code=2)
    output_file(out, force)
    scenario = load_scenario(examples[example])
    out.write_text(dump_scenario(scenario, "json" if out.suffix == ".json" else "yaml"), "utf-8")
    typer.echo(f"wrote {out}")
