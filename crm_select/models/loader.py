"""Load and dump catalog and scenario files, turning every problem into `file:line: path: message`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from crm_select.models import decision
from crm_select.models.catalog import Catalog
from crm_select.models.criteria import CriteriaTree
from crm_select.models.decision import resolve
from crm_select.models.errors import InputError, PathError, Problem
from crm_select.models.paths import CATALOG_PATH, DEFAULT_CRITERIA_PATH
from crm_select.models.problems import line_for, problems_from
from crm_select.models.repair import repair_scenario
from crm_select.models.scenario import Scenario
from crm_select.models.yaml_source import LineIndex, parse_text, read_document

M = TypeVar("M", bound=BaseModel)


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


def load_criteria(path: str | Path = DEFAULT_CRITERIA_PATH) -> CriteriaTree:
    """A criteria tree file (the default tree of a blank decision), validated."""
    data, lines = read_document(path)
    return _validate(CriteriaTree, data, lines, str(path))


def _scenario(
    data: Any, lines: LineIndex, name: str, catalog: Catalog | None, repairs: list[Problem] | None
) -> Scenario:
    catalog = catalog or load_catalog()
    references = [_problem(e, lines, name) for e in decision.unknown_references(data, catalog)]
    try:
        if repairs is None:
            scenario = _validate(Scenario, data, lines, name)
        else:
            if not isinstance(data, dict):
                _validate(Scenario, data, lines, name)
            scenario, repaired = repair_scenario(data, name, lines)
            repairs.extend(repaired)
    except InputError as e:  # every problem at once, in the order of the file
        seen = {p.path for p in e.problems}
        found = [*e.problems, *(p for p in references if p.path not in seen)]
        raise InputError(sorted(found, key=lambda p: p.line or 0)) from None
    if references:
        raise InputError(references)
    try:
        resolve(scenario, catalog)
    except PathError as e:
        raise InputError([_problem(e, lines, name)]) from None
    return scenario


def _problem(e: PathError, lines: LineIndex, name: str) -> Problem:
    return Problem(name, line_for(e.path, lines), e.path, e.message)


def parse_scenario(
    raw: bytes | str,
    name: str,
    catalog: Catalog | None = None,
    *,
    repairs: list[Problem] | None = None,
) -> Scenario:
    """A scenario from text in memory (an upload), validated and checked against the catalog.

    With a ``repairs`` list, names and texts the rules refuse (a file written under older
    rules) are cleaned instead of refused, and each repair is appended to the list.
    """
    data, lines = parse_text(raw, name)
    return _scenario(data, lines, name, catalog, repairs)


def load_scenario(
    path: str | Path, catalog: Catalog | None = None, *, repairs: list[Problem] | None = None
) -> Scenario:
    """A scenario file, validated and checked against the catalog (``repairs`` as in
    :func:`parse_scenario`)."""
    data, lines = read_document(path)
    return _scenario(data, lines, str(path), catalog, repairs)


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
