"""Read a YAML or JSON file safely and remember the line of every field.

Refuses, with a clear message and before building anything: files over the size limit,
binary data, empty files, nesting deeper than the limit, duplicate keys, and alias
bombs (a document whose aliases would expand past the node limit).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from crm_select.models.errors import InputError, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
MAX_NODES = 200_000

LineIndex = dict[tuple[str | int, ...], int]


def _fail(file: str, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(file, line, (), message)])


class _Walker:
    """Counts the expanded size of a node graph and records the line of every path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: LineIndex = {}
        self.nodes = 0

    def walk(self, node: yaml.Node, path: tuple[str | int, ...], depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _fail(
                self.file,
                f"document expands to more than {MAX_NODES:,} values (an alias bomb or a far "
                "too large file); refused",
            )
        if depth > MAX_DEPTH:
            raise _fail(self.file, f"nesting deeper than {MAX_DEPTH} levels; refused", _line(node))
        self.lines.setdefault(path, _line(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    raise _fail(
                        self.file,
                        f"duplicate key {key!r} (first on line {seen[key]})",
                        _line(key_node),
                    )
                seen[key] = _line(key_node)
                self.lines[(*path, key)] = _line(key_node)
                self.walk(value_node, (*path, key), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.walk(item, (*path, i), depth + 1)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def read_document(path: str | Path) -> tuple[Any, LineIndex]:
    """Parse a YAML/JSON file into plain Python data plus a path -> line index."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise _fail(name, f"cannot read file: {e.strerror}") from None
    if size > MAX_BYTES:
        raise _fail(
            name, f"file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB; refused"
        )
    raw = path.read_bytes()
    return parse_text(raw, name)


def parse_text(raw: bytes | str, name: str) -> tuple[Any, LineIndex]:
    """Parse bytes or text already in memory (an upload) with the same checks as a file."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise _fail(name, f"file is {len(raw) / 1e6:.1f} MB; the limit is 5 MB; refused")
        if b"\x00" in raw:
            raise _fail(name, "binary data, not a YAML or JSON text file")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise _fail(
                name, f"not UTF-8 text (byte {e.start}): expected a YAML or JSON file"
            ) from None
    else:
        text = raw
    if not text.strip():
        raise _fail(name, "file is empty: expected a YAML or JSON document")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(name, "file holds no document (only comments?)")
        walker = _Walker(name)
        walker.walk(node, (), 0)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise _fail(name, f"not valid YAML/JSON: {e.problem or e}", line) from None
    except yaml.YAMLError as e:
        raise _fail(name, f"not valid YAML/JSON: {e}") from None
    finally:
        loader.dispose()
    return data, walker.lines
