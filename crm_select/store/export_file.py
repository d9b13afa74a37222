"""Reading a workspace export file: bounded in size, JSON, a mapping at the top.

The content is then validated completely by `import_workspace` before anything is written.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from crm_select.models.syntax_errors import json_syntax
from crm_select.store.errors import InvalidInput

MAX_IMPORT_BYTES = 50 * 1024 * 1024
"""The largest export file `workspace import` reads (an export is a few MB per year of use)."""


def read_export_file(path: Path) -> dict[str, Any]:
    """The export in ``path`` as a dict; `InvalidInput` naming the file and what is wrong."""
    try:
        info = path.stat()
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read: {e.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{path}: is a folder; give the file `workspace export` wrote")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{path}: is not a regular file (a named pipe or a device)")
    limit = MAX_IMPORT_BYTES
    if info.st_size > limit:
        raise InvalidInput(
            f"{path}: {info.st_size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB"
        )
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read: {e.strerror}") from None
    if len(raw) > limit:
        raise InvalidInput(f"{path}: more than {limit / 1e6:.0f} MB; refused")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {e.start}); not an export") from None
    except json.JSONDecodeError as e:
        cause = json_syntax(e)
        raise InvalidInput(f"{path}:{cause.line}: not valid JSON: {cause.message}") from None
    except RecursionError:
        raise InvalidInput(f"{path}: JSON nested far too deeply; not an export") from None
    if not isinstance(data, dict):
        raise InvalidInput(
            f"{path}: holds a JSON {type(data).__name__}; an export is a JSON object "
            "(written by `crm-select workspace export`)"
        )
    return data
