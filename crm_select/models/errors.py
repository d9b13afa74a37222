"""Validation problems that know where they are: file, line, field path, what was expected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Path = tuple[str | int, ...]


class PathError(ValueError):
    """A ValueError raised inside a model validator that points below the model, e.g. ``options[3].id``.

    A refusal a page shows also carries ``key``, its locale key, and ``params``, the values
    the text names (numbers unformatted), so the page says it in the user's language;
    ``message`` is the English text (files, the command line).
    """

    def __init__(
        self,
        path: Path,
        message: str,
        *,
        key: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.key = key
        self.params = dict(params or {})


def format_path(path: Path) -> str:
    """``("options", 3, "pricing")`` -> ``options[3].pricing``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "<root>"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    line: int | None
    path: Path
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if not self.path:  # the file as a whole
            return f"{where}: {self.message}"
        return f"{where}: {format_path(self.path)}: {self.message}"


class InputError(Exception):
    """A file could not be accepted; carries every problem found, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
