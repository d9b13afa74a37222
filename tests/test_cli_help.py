"""`crm-select ... --help` shows every help text as written: square brackets ("[default:
scenario's]", "[--type saas]") are text, not markup to be swallowed."""

from __future__ import annotations

from collections.abc import Iterator

import typer
from typer._click.core import Command, Context
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.testing import CliRunner

from crm_select.cli.main import app

runner = CliRunner()


def commands(
    group: TyperGroup, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Command]]:
    ctx = Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert cmd is not None
        yield (*path, name), cmd
        if isinstance(cmd, TyperGroup):
            yield from commands(cmd, (*path, name))


def flat(text: str) -> str:
    return " ".join(text.split())


ROOT = typer.main.get_command(app)
assert isinstance(ROOT, TyperGroup)
EVERY = list(commands(ROOT))


def test_every_help_text_is_shown_whole() -> None:
    bracketed = 0
    for path, cmd in EVERY:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0, (path, result.output)
        shown = flat(result.output)
        texts = [cmd.help or ""] + [p.help or "" for p in cmd.params if isinstance(p, TyperOption)]
        texts += [
            getattr(p, "help", None) or "" for p in cmd.params if isinstance(p, TyperArgument)
        ]
        for text in filter(None, texts):
            assert flat(text) in shown, (path, text)
            bracketed += "[" in text
    assert bracketed, "no help text with brackets left to check"


def test_the_method_default_is_shown_in_brackets() -> None:
    result = runner.invoke(app, ["sensitivity", "--help"], env={"COLUMNS": "100"})
    assert "[default: scenario's]" in flat(result.output)
