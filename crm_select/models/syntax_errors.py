"""Where a YAML or JSON syntax error starts: the line of its cause, not where the parser gave up.

A parser reports the place it stopped. An unclosed quote swallows the rest of the file, so
PyYAML names the end of the file; a missing comma is noticed at the next value, on the next
line. :func:`yaml_syntax` and :func:`json_syntax` name the line a person has to fix:

- a token that could not be read (an unclosed quote, a key without ``:``): where the token
  starts (PyYAML's ``context_mark``), else where reading failed (``problem_mark``);
- a structure error right after a quoted value running over several lines: the line the
  quote opened on (its closing quote is missing; the next quote closed it instead);
- inside brackets (a flow collection, any JSON): the last value before the error (the
  missing comma or bracket belongs after it);
- otherwise where the parser stopped (an indentation that does not match the lines above).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

_STRUCTURE = (
    yaml.StreamStartToken,
    yaml.StreamEndToken,
    yaml.BlockEndToken,
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.KeyToken,
)


@dataclass(frozen=True)
class SyntaxProblem:
    """The line (1-based) to fix and what is wrong there, in plain words."""

    line: int | None
    message: str


def _line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


def _token_before(text: str, index: int) -> yaml.Token | None:
    """The last token read completely before ``index`` (structure markers aside)."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            if token.end_mark.index <= index and not isinstance(token, _STRUCTURE):
                last = token
    except yaml.YAMLError:
        pass
    return last


def yaml_syntax(error: yaml.MarkedYAMLError, text: str) -> SyntaxProblem:
    """The line where ``error`` starts in ``text``, and a message naming the cause."""
    problem = error.problem or str(error)
    start, stop = error.context_mark, error.problem_mark
    if isinstance(error, yaml.scanner.ScannerError):
        if "'\\t'" in problem:
            return SyntaxProblem(_line(stop), "a tab character; YAML indents with spaces only")
        if start is not None and "quoted" in (error.context or "") and "end of stream" in problem:
            return SyntaxProblem(
                _line(start),
                f"the quote opened here has no closing quote (the file ends on line {_line(stop)})",
            )
        if "mapping values are not allowed" in problem:
            problem += " (wrong indentation, or a value containing ': ' that needs quotes)"
        return SyntaxProblem(_line(start or stop), problem)
    if stop is None:
        return SyntaxProblem(_line(start), problem)
    before = _token_before(text, stop.index)
    if (
        isinstance(before, yaml.ScalarToken)
        and not before.plain
        and before.end_mark.line > before.start_mark.line
    ):
        return SyntaxProblem(
            _line(before.start_mark),
            f"the quoted value opened here runs on to line {_line(before.end_mark)}: a closing "
            f"quote is missing? (there: {problem})",
        )
    if error.context is not None and "flow" in error.context and before is not None:
        # inside brackets a plain value runs over line ends: ``1`` and the next line's key
        # read as one value, so the comma is missing where that value starts
        return SyntaxProblem(
            _line(before.start_mark if isinstance(before, yaml.ScalarToken) else before.end_mark),
            f"{problem}: a comma or a closing bracket missing after this value? "
            f"(the bracket opened on line {_line(start)})",
        )
    if problem.startswith("expected <block end>"):
        problem += " (this line's indentation does not match the lines above)"
    return SyntaxProblem(_line(stop), problem)


def json_syntax(error: json.JSONDecodeError) -> SyntaxProblem:
    """The line to fix for a JSON decoding error: a missing comma or a comma before a closing
    bracket is reported by :mod:`json` at the next value, the cause is the last one before."""
    if error.msg.startswith("Expecting"):
        before = error.doc[: error.pos].rstrip()
        if before:
            return SyntaxProblem(before.count("\n") + 1, error.msg)
    return SyntaxProblem(error.lineno, error.msg)
