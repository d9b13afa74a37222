"""Shared CLI plumbing: load inputs or exit 2 with one line per problem; check output paths
before any work is done."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import typer

from crm_select.cli.errors import UserError
from crm_select.models.catalog import Catalog
from crm_select.models.errors import InputError, Problem
from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.scenario import Scenario


def fail(err: InputError) -> typer.Exit:
    """Print each problem on its own line to stderr; the caller raises the returned Exit(2)."""
    for problem in err.problems:
        print(problem, file=sys.stderr)
    return typer.Exit(code=2)


def open_scenario(path: Path) -> tuple[Scenario, Catalog]:
    """The scenario and the catalog it refers to, or exit 2 naming every problem (names and
    texts written under older rules are cleaned, each with a warning)."""
    repairs: list[Problem] = []
    try:
        catalog = load_catalog()
        scenario = load_scenario(path, catalog, repairs=repairs)
    except InputError as e:
        raise fail(e) from None
    warn_repaired(repairs)
    return scenario, catalog


def warn_repaired(repairs: Iterable[Problem]) -> None:
    """One ``warning:`` line on stderr per name or text cleaned on opening."""
    for problem in repairs:
        print(f"warning: {problem}", file=sys.stderr)


def output_file(path: Path, force: bool) -> Path:
    """``path`` if a file can be written there; else `UserError` saying why (checked before
    the work, so a long run never ends in a refusal to write)."""
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name to write")
    if path.exists() and not force:
        raise UserError(f"{path}: exists; pass --force to overwrite it")
    if path.exists() and not path.is_file():
        raise UserError(f"{path}: is not a regular file; give a file name to write")
    _writable_folder(path.parent, path)
    return path


def output_folder(path: Path) -> Path:
    """``path`` if it is (or can become) a folder to write files into; else `UserError`."""
    if path.exists() and not path.is_dir():
        raise UserError(f"{path}: is a file, not a folder; give a folder to write into")
    _writable_folder(path if path.exists() else path.parent, path)
    return path


def _writable_folder(folder: Path, target: Path) -> None:
    folder = folder if str(folder) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{target}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"{target}: the folder {folder} is not writable")
