"""Structured warnings and errors of the scoring package.

Warnings carry a stable ``code`` (for the UI to translate), an English ``message`` and
``where`` (the criterion, option, rater or judgement concerned). Errors are
:class:`ScoringError`, a ``ValueError`` subclass with the same three parts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoringWarning:
    """Something the user should know about a result; the result is still valid.

    Attributes
    ----------
    code : str
        Stable identifier, e.g. ``"zero_variance_criterion"`` (docs/scoring.md lists them all).
    message : str
        One English sentence.
    where : str
        What it concerns: a criterion id, option id, rater id, ``"a/b"`` judgement, or ``""``.
    """

    code: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"[{self.code}] {self.where + ': ' if self.where else ''}{self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "where": self.where}


class ScoringError(ValueError):
    """An input the scoring package cannot rank; ``code`` and ``where`` as for warnings."""

    def __init__(self, code: str, message: str, where: str = "") -> None:
        super().__init__(f"{where + ': ' if where else ''}{message}")
        self.code = code
        self.message = message
        self.where = where
