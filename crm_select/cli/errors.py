"""No traceback reaches a user of the command line: every refusal is one line and exit 2.

The root command group runs each command inside :class:`GuardedGroup`, which turns what a
user can cause (a bad file, a path that is a folder, a database that is locked, a run too
large for the memory budget) into a line on stderr naming what is wrong and exit code 2.
Anything else is a bug: one line saying so and exit 1 (``CRM_SELECT_DEBUG=1`` shows the
traceback).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer._click.core import Context
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from crm_select.models.errors import InputError, PathError, format_path
from crm_select.services.errors import ScoringError
from crm_select.services.workspace import StoreError

USER_ERROR = 2
BUG = 1


class UserError(Exception):
    """A refusal already worded for the user (a path that cannot be written, ...)."""


def explain(err: BaseException) -> tuple[list[str], int] | None:
    """The lines to print and the exit code for ``err``; None for click's own exits."""
    if isinstance(err, typer.Exit | typer.Abort | ClickException):
        return None
    if isinstance(err, InputError):
        return [str(p) for p in err.problems], USER_ERROR
    if isinstance(err, PathError):
        return [f"error: {format_path(err.path)}: {err.message}"], USER_ERROR
    if isinstance(err, ScoringError):
        where = f"{err.where}: " if err.where else ""
        return [f"error: {where}{err.message} [{err.code}]"], USER_ERROR
    if isinstance(err, StoreError | UserError):
        return [f"error: {err}"], USER_ERROR
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        return [f"error: {where}{err.strerror or err}"], USER_ERROR
    if isinstance(err, MemoryError):
        return [
            "error: not enough memory for this run; lower the trials or samples, or shorten "
            "the shortlist (docs/scenario.md lists the limits)"
        ], USER_ERROR
    if isinstance(err, KeyboardInterrupt):
        return ["interrupted"], 130
    return [
        f"internal error: {type(err).__name__}: {err} (a bug; CRM_SELECT_DEBUG=1 shows where)"
    ], BUG


class GuardedGroup(TyperGroup):
    """The root group: every command's failure becomes one clear line and an exit code."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (Exception, KeyboardInterrupt) as err:
            shown = explain(err)
            if shown is None or os.environ.get("CRM_SELECT_DEBUG"):
                raise
            lines, code = shown
            for line in lines:
                print(line, file=sys.stderr)
            raise typer.Exit(code=code) from None
