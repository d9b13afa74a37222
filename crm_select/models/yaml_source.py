"""Read a YAML or JSON file safely and remember the line of every field.

Refuses, with a clear message and before building anything: a path that is a folder, a
named pipe or a device, files over the size limit (never reading more than the limit),
binary data, empty files, nesting deeper than the limit (counted before anything recursive
goes past it), duplicate keys, a list or mapping used as a key, alias bombs (a document whose
aliases would expand past the node limit), and values their tag cannot build (``2026-13-45``,
``!!float abc``) with the line they are on.

A document is read by libyaml when it passes every check there (the bundled catalog in a
fifth of the time); anything libyaml or a check refuses is read again by PyYAML's pure-Python
loader, whose message and line the user sees (tests/models/test_fast_parser.py holds the two
to the same data and lines).

A ``.json`` file (or upload) is read by the :mod:`json` module instead: YAML 1.1 reads a raw
U+2028 or U+2029 inside a string as a line break (and ``1e+16`` as a string), JSON does not.
The same checks and the same path -> line index come from a walk over the text it accepted.
"""

from __future__ import annotations

import bisect
import json
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from crm_select.models.errors import InputError, Problem
from crm_select.models.syntax_errors import json_syntax, yaml_syntax

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
                if not isinstance(key_node, yaml.ScalarNode):
                    kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                    raise _fail(
                        self.file,
                        f"a {kind} used as a key; keys must be plain names",
                        _line(key_node),
                    )
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


_TAGS = {
    "tag:yaml.org,2002:timestamp": "a date (YYYY-MM-DD)",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:int": "a whole number (at most 4,300 digits)",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:binary": "base64 data",
}


class _Constructing:
    """What both loaders build differently from the safe loader: a value its tag cannot build
    is a YAML error at that value's line (and strings go through :func:`_construct_str`)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, TypeError, AttributeError, OverflowError, KeyError) as e:
            if isinstance(node, yaml.ScalarNode):
                shown = node.value if len(node.value) <= 40 else f"{node.value[:37]}..."
                kind = _TAGS.get(node.tag, node.tag.rsplit(":", 1)[-1])
                problem = f"cannot read {shown!r} as {kind}"
            else:
                problem = f"cannot build this value ({e})"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


def _construct_str(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.ScalarNode) -> str:
    """A string, JSON's surrogate-pair escapes joined into the one character they mean."""
    value = str(loader.construct_scalar(node))
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return value


class _Loader(_Constructing, yaml.SafeLoader):
    """The pure-Python safe loader; nesting deeper than the limit is refused as it opens."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.file = file
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Refuse nesting deeper than the limit as each list or mapping opens, before the
        composer recurses into it (one pass over the text, no deep recursion)."""
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            line = event.start_mark.line + 1 if event.start_mark else None
            raise _fail(self.file, f"nesting deeper than {MAX_DEPTH} levels; refused", line)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)


if yaml.__with_libyaml__:  # PyYAML built without libyaml reads everything in Python

    class _FastLoader(_Constructing, yaml.CSafeLoader):
        """The same loader over libyaml's parser (about six times faster): used only for documents
        it accepts whole; anything it refuses is read again by :class:`_Loader`, whose messages and
        lines the user sees."""

    _FastLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def read_document(path: str | Path) -> tuple[Any, LineIndex]:
    """Parse a YAML/JSON file into plain Python data plus a path -> line index.

    Only a regular file is opened (a named pipe would block, a device never ends), and never
    more than the size limit is read, whatever the file claims.
    """
    path = Path(path)
    name = str(path)
    try:
        info = path.stat()
    except OSError as e:
        raise _fail(name, f"cannot read file: {e.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(name, "is a folder, not a file: give a YAML or JSON file")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(
            name, "is not a regular file (a named pipe or a device): give a YAML or JSON file"
        )
    if info.st_size > MAX_BYTES:
        raise _fail(name, _too_big(info.st_size))
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise _fail(name, f"cannot read file: {e.strerror}") from None
    return parse_text(raw, name)


def _too_big(size: int) -> str:
    return f"file is {size / 1e6:.1f} MB or more; the limit is {MAX_BYTES / 1e6:.0f} MB; refused"


def parse_text(raw: bytes | str, name: str) -> tuple[Any, LineIndex]:
    """Parse bytes or text already in memory (an upload) with the same checks as a file."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise _fail(name, _too_big(len(raw)))
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
    if name.lower().endswith(".json"):
        return _parsed_json(text, name)
    fast = _parsed_fast(text, name)
    return fast if fast is not None else _parsed(text, name)


def _within_depth(text: str) -> bool:
    """Whether no list or mapping nests deeper than the limit, from libyaml's events (no
    recursion), so its composer, which recurses per level in C, never sees a deeper one."""
    loader = yaml.CSafeLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return True


def _parsed_fast(text: str, name: str) -> tuple[Any, LineIndex] | None:
    """The document through libyaml when it passes every check, else None (the caller then
    reads it with the pure-Python loader, which says what is wrong and where)."""
    if not yaml.__with_libyaml__:
        return None
    try:
        if not _within_depth(text):
            return None
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            walker = _Walker(name)
            walker.walk(node, (), 0)
            return loader.construct_document(node), walker.lines
        finally:
            loader.dispose()
    except (yaml.YAMLError, InputError):
        return None


def _parsed(text: str, name: str) -> tuple[Any, LineIndex]:
    loader = _Loader(text, name)
    walker = _Walker(name)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(name, "file holds no document (only comments?)")
        walker.walk(node, (), 0)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        cause = yaml_syntax(e, text)
        where = max((p for p, n in walker.lines.items() if n == cause.line), key=len, default=())
        raise InputError(
            [Problem(name, cause.line, where, f"not valid YAML/JSON: {cause.message}")]
        ) from None
    except yaml.YAMLError as e:
        raise _fail(name, f"not valid YAML/JSON: {e}") from None
    finally:
        loader.dispose()
    return data, walker.lines


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[{]|[\]}]')
"""A JSON string (its closing quote optional, so an unclosed one ends the scan) or a bracket."""
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = re.compile(
    r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity"
)
_STRING = json.JSONDecoder()
"""Reads one JSON string where it starts (:meth:`json.JSONDecoder.raw_decode`)."""
_LONG_INT = re.compile(r"\d{4301}")


def _parsed_json(text: str, name: str) -> tuple[Any, LineIndex]:
    """A JSON document read by the :mod:`json` module, with the YAML reader's checks (nesting,
    duplicate keys, size) and its path -> line index."""
    walker = _JsonWalker(text, name)
    walker.check_depth()  # before json recurses into it
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        cause = json_syntax(e)
        raise _fail(name, f"not valid JSON: {cause.message}", cause.line) from None
    except ValueError as e:  # an integer of more than 4,300 digits
        long = _LONG_INT.search(text)
        raise _fail(name, f"not valid JSON: {e}", long and walker.line(long.start())) from None
    walker.value(0, ())
    return data, walker.lines


class _JsonWalker:
    """Records the line of every path of a JSON text :func:`json.loads` accepted, refusing
    nesting deeper than the limit, duplicate keys, more values than the limit and the
    non-standard NaN and Infinity."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.lines: LineIndex = {}
        self.nodes = 0

    def line(self, index: int) -> int:
        return bisect.bisect_left(self.breaks, index) + 1

    def check_depth(self) -> None:
        """Refuse a list or mapping opening deeper than the limit (strings skipped)."""
        depth = 0
        for m in _JSON_TOKEN.finditer(self.text):
            token = m.group()
            if token in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise _fail(
                        self.file,
                        f"nesting deeper than {MAX_DEPTH} levels; refused",
                        self.line(m.start()),
                    )
            elif token in "]}":
                depth -= 1

    def _space(self, i: int) -> int:
        match = _JSON_SPACE.match(self.text, i)
        assert match is not None  # matches the empty string too
        return match.end()

    def value(self, i: int, path: tuple[str | int, ...]) -> int:
        """Walk the value starting at ``i`` (after any white space); returns where it ends."""
        i = self._space(i)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _fail(self.file, f"document holds more than {MAX_NODES:,} values; refused")
        self.lines.setdefault(path, self.line(i))
        opening = self.text[i]
        if opening == '"':
            return int(_STRING.raw_decode(self.text, i)[1])
        if opening == "[":
            return self._items(i, path)
        if opening == "{":
            return self._members(i, path)
        scalar = _JSON_SCALAR.match(self.text, i)
        assert scalar is not None  # json.loads read it
        if scalar.group() in ("NaN", "Infinity", "-Infinity"):
            raise InputError(
                [Problem(self.file, self.line(i), path, f"{scalar.group()} is not a JSON number")]
            )
        return scalar.end()

    def _items(self, i: int, path: tuple[str | int, ...]) -> int:
        i = self._space(i + 1)
        k = 0
        while self.text[i] != "]":
            i = self._space(self.value(i, (*path, k)))
            k += 1
            if self.text[i] == ",":
                i = self._space(i + 1)
        return i + 1

    def _members(self, i: int, path: tuple[str | int, ...]) -> int:
        seen: dict[str, int] = {}
        i = self._space(i + 1)
        while self.text[i] != "}":
            key, end = _STRING.raw_decode(self.text, i)
            line = self.line(i)
            if key in seen:
                raise _fail(self.file, f"duplicate key {key!r} (first on line {seen[key]})", line)
            seen[key] = line
            self.lines[(*path, key)] = line
            i = self._space(self.value(self._space(end) + 1, (*path, key)))
            if self.text[i] == ",":
                i = self._space(i + 1)
        return i + 1
