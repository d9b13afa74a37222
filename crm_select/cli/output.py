"""Shared CLI plumbing: load inputs or exit 2 with one line per problem."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from crm_select.models.catalog import Catalog
from crm_select.models.errors import InputError
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.scenario import Scenario


def fail(err: InputError) -> typer.Exit:
    """Print each problem on its own line to stderr; the caller raises the returned Exit(2)."""
    for problem in err.problems:
        print(problem, file=sys.stderr)
    return typer.Exit(code=2)


def open_scenario(path: Path) -> tuple[Scenario, Catalog]:
    """The scenario and the catalog it refers to, or exit 2 naming every problem."""
    try:
        catalog = load_catalog()
        return load_scenario(path, catalog), catalog
    except InputError as e:
        raise fail(e) from None
