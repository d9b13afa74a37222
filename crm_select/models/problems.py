"""Pydantic's validation errors as `Problem` lines: plain words, the real field path, the line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from crm_select.models.errors import PathError, Problem
from crm_select.models.yaml_source import LineIndex


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def message_of(err: Mapping[str, Any]) -> str:
    """Say what was expected and what was given, in plain words."""
    kind, ctx, given = err["type"], err.get("ctx", {}), err.get("input")
    shown = repr(given) if not isinstance(given, dict | list) else type(given).__name__
    match kind:
        case "greater_than_equal":
            return f"must be >= {_num(ctx['ge'])}, got {shown}"
        case "greater_than":
            return f"must be > {_num(ctx['gt'])}, got {shown}"
        case "less_than_equal":
            return f"must be <= {_num(ctx['le'])}, got {shown}"
        case "less_than":
            return f"must be < {_num(ctx['lt'])}, got {shown}"
        case "finite_number":
            return f"must be a finite number, got {shown}"
        case "missing":
            return "required field is missing"
        case "extra_forbidden":
            return "unknown field (a typo?); see docs/scenario.md for the allowed fields"
        case "enum" | "literal_error":
            return f"must be {ctx.get('expected')}, got {shown}"
        case "union_tag_invalid":
            return f"{ctx.get('discriminator')} must be {ctx.get('expected_tags')}, got {ctx.get('tag')!r}"
        case "union_tag_not_found":
            return f"needs the field {ctx.get('discriminator')} to say which kind it is"
        case "text_refused":
            return str(err["msg"])
        case "value_error":
            error = ctx.get("error")
            return str(getattr(error, "message", error))
    return f"{err['msg'][0].lower()}{err['msg'][1:]}, got {shown}"


def real_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Drop pydantic's discriminator and union-member tags from a location by walking the
    data it came from (below a plain value, every further part is such a tag)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if path and isinstance(node, str | int | float | bool):
            break
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
                continue
            if _is_tag(part, node):
                continue
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
            continue
        path.append(part)
        node = None
    return tuple(path)


def _is_tag(part: Any, node: dict[str, Any]) -> bool:
    return isinstance(part, str) and any(node.get(k) == part for k in ("kind", "model"))


def line_for(path: tuple[str | int, ...], lines: LineIndex) -> int | None:
    for n in range(len(path), -1, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None


def problems_from(
    exc: ValidationError, data: Any, lines: LineIndex, file: str, prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    """One Problem per pydantic error, with the file line of the offending field.

    Where a union's members object to one value (a name, or a mapping of names by language),
    the text rule's objection is the one shown.
    """
    found = []
    errors = [(real_path(tuple(err["loc"]), data), err) for err in exc.errors()]
    text_refused = {path for path, err in errors if err["type"] == "text_refused"}
    for path, err in errors:
        if path in text_refused and err["type"] != "text_refused":
            continue
        error = err.get("ctx", {}).get("error")
        if isinstance(error, PathError):
            path = (*path, *error.path)
        full = (*prefix, *path)
        found.append(Problem(file, line_for(full, lines), full, message_of(err)))
    return found
