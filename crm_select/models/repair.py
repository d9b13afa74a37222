"""Reading work saved under older, looser rules: clean the refused texts, say what changed.

Stricter text rules (:mod:`crm_select.models.text`) must not lock anyone out of a decision
they already stored or a file they already have. :func:`repair_scenario` validates as usual;
when the only objections are to texts (a control character in a name, a note over the length
limit), it replaces exactly those strings with a cleaned copy, validates again and returns
the scenario with one `Problem` per repaired string. Numbers, ids and structure are never
touched, so every result computed from the scenario is unchanged; anything else that is
wrong is raised as before.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from pydantic import ValidationError

from crm_select.models.errors import InputError, Problem
from crm_select.models.problems import line_for, message_of, problems_from, real_path
from crm_select.models.scenario import Scenario
from crm_select.models.schema_version import upgrade
from crm_select.models.text import TEXT_REFUSED, TextKind, repaired
from crm_select.models.yaml_source import LineIndex

_PASSES = 8  # a model validator runs once its fields pass, so a few passes reach every text


def _repairable(err: Any) -> bool:
    return bool(err["type"] == TEXT_REFUSED and err.get("ctx", {}).get("text_kind") != "key")


def _replace(data: Any, path: tuple[str | int, ...], kind: TextKind) -> str | None:
    node = data
    for part in path[:-1]:
        node = node[part]
    old = node[path[-1]]
    if not isinstance(old, str):
        return None
    node[path[-1]] = new = repaired(old, kind)
    return new


def repair_scenario(
    data: Any, file: str, lines: LineIndex | None = None
) -> tuple[Scenario, list[Problem]]:
    """The scenario in ``data`` with refused texts cleaned, and one problem per repair.

    Raises `InputError` (every problem, with file and line) when anything other than a
    name or free text is wrong, exactly as strict validation would.
    """
    index = lines or {}
    work = copy.deepcopy(upgrade(data) if isinstance(data, dict) else data)
    found: list[Problem] = []
    for _ in range(_PASSES):
        try:
            return Scenario.model_validate(work), found
        except ValidationError as e:
            # a union (a name or a {en, ru} mapping) objects once per member: the text's
            # objection is the one that counts at that path
            by_path: dict[tuple[str | int, ...], list[Any]] = {}
            for err in e.errors():
                by_path.setdefault(real_path(tuple(err["loc"]), work), []).append(err)
            fixes = {p: [x for x in errs if _repairable(x)][:1] for p, errs in by_path.items()}
            if not all(fixes.values()):
                raise InputError(problems_from(e, work, index, file)) from None
            for path, (err,) in fixes.items():
                new = _replace(work, path, cast(TextKind, err["ctx"]["text_kind"]))
                if new is None:
                    raise InputError(problems_from(e, work, index, file)) from None
                shown = new if len(new) <= 80 else f"{new[:77]}..."
                message = f"{message_of(err)}; shown as {shown!r} until saved again"
                found.append(Problem(file, line_for(path, index), path, message))
    return Scenario.model_validate(work), found
