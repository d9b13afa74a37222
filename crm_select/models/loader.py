"""Load and dump catalog and scenario files, turning every problem into `file:line: path: message`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from crm_select.models.catalog import Catalog
from crm_select.models.decision import resolve
from crm_select.models.errors import InputError, PathError, Problem
from crm_select.models.paths import CATALOG_PATH
from crm_select.models.scenario import Scenario
from crm_select.models.yaml_source import LineIndex, parse_text, read_document

M = TypeVar("M", bound=BaseModel)


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _message(err: Mapping[str, Any]) -> str:
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
        case "value_error":
            error = ctx.get("error")
            return str(getattr(error, "message", error))
    return f"{err['msg'][0].lower()}{err['msg'][1:]}, got {shown}"


def _real_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Drop pydantic's discriminator tags from a location by walking the data it came from."""
    path: list[str | int] = []
    node = data
    for part in loc:
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


def _line_for(path: tuple[str | int, ...], lines: LineIndex) -> int | None:
    for n in range(len(path), -1, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None


def problems_from(
    exc: ValidationError, data: Any, lines: LineIndex, file: str, prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    """One Problem per pydantic error, with the file line of the offending field."""
    found = []
    for err in exc.errors():
        path = _real_path(tuple(err["loc"]), data)
        error = err.get("ctx", {}).get("error")
        if isinstance(error, PathError):
            path = (*path, *error.path)
        full = (*prefix, *path)
        found.append(Problem(file, _line_for(full, lines), full, _message(err)))
    return found


def _validate(cls: type[M], data: Any, lines: LineIndex, file: str) -> M:
    if not isinstance(data, dict):
        raise InputError(
            [Problem(file, 1, (), f"expected a mapping at the top, got {type(data).__name__}")]
        )
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        raise InputError(problems_from(e, data, lines, file)) from None


def load_catalog(path: str | Path = CATALOG_PATH) -> Catalog:
    """The catalog file, validated."""
    data, lines = read_document(path)
    return _validate(Catalog, data, lines, str(path))


def parse_scenario(raw: bytes | str, name: str, catalog: Catalog | None = None) -> Scenario:
    """A scenario from text in memory (an upload), validated and checked against the catalog."""
    data, lines = parse_text(raw, name)
    scenario = _validate(Scenario, data, lines, name)
    try:
        resolve(scenario, catalog or load_catalog())
    except PathError as e:
        raise InputError([Problem(name, _line_for(e.path, lines), e.path, e.message)]) from None
    return scenario


def load_scenario(path: str | Path, catalog: Catalog | None = None) -> Scenario:
    """A scenario file, validated and checked against the catalog."""
    data, lines = read_document(path)
    scenario = _validate(Scenario, data, lines, str(path))
    try:
        resolve(scenario, catalog or load_catalog())
    except PathError as e:
        raise InputError(
            [Problem(str(path), _line_for(e.path, lines), e.path, e.message)]
        ) from None
    return scenario


def dump_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """Serialise a scenario so that loading it again gives an equal model."""
    data = scenario.model_dump(mode="json", by_alias=True)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def validate_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in the given files; a file with `options:` at the top is taken as a catalog."""
    found: list[Problem] = []
    catalog: Catalog | None = None
    for path in paths:
        try:
            data, _ = read_document(path)
            if isinstance(data, dict) and "options" in data and "company" not in data:
                load_catalog(path)
            else:
                if catalog is None:
                    catalog = load_catalog()
                load_scenario(path, catalog)
        except InputError as e:
            found.extend(e.problems)
    return found
