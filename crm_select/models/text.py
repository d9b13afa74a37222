"""The text types every model field uses: names, free text and keys, one rule each.

A string reaches a chart renderer, a PDF, a spreadsheet, a terminal and a database column, so
each kind is checked once, here:

- ``Name`` (a person, option, vendor, criterion, decision; at most 200 characters, the
  database column): bidirectional overrides and zero-width characters are removed (they make
  look-alike names), and control characters (line breaks included), Unicode non-characters,
  lone surrogates and line/paragraph separators are refused.
- ``Text`` (a description, a note, a source; at most 10,000 characters): the same refusals,
  but tabs and line breaks are allowed and bidirectional marks are kept (right-to-left text).
- ``Key`` (an id or a reference to one; at most 64 characters, the database column): as a
  name, and never altered, since other rows point to it.

A refusal is a ``PydanticCustomError`` of type ``text_refused`` whose context says which kind
of text it was, so a lenient reader of stored work (:mod:`crm_select.models.repair`) can clean
exactly the refused strings and report each one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

TextKind = Literal["name", "text", "key"]

NAME_MAX = 200
TEXT_MAX = 10_000
KEY_MAX = 64
NOTE_MAX = 2_000

TEXT_REFUSED = "text_refused"

_NONCHARS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_SURROGATES = "\ud800-\udfff"
_C0_C1 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Refused anywhere: control characters but tab / LF / CR, non-characters, lone surrogates.
_BAD_IN_TEXT = re.compile(f"[{_C0_C1}{_NONCHARS}{_SURROGATES}]")
# Refused in a name or key: also tab, line breaks and the Unicode line/paragraph separators.
_BAD_IN_NAME = re.compile(f"[\t\n\r\u2028\u2029{_C0_C1}{_NONCHARS}{_SURROGATES}]")
# Removed from names: bidirectional embeddings, overrides, isolates and marks; zero-width
# spaces and joiners, word joiner, invisible operators, BOM, Mongolian vowel separator.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

_WHAT = {"name": "a name", "text": "a text", "key": "an id"}
_REFUSED = {
    "name": "control characters, line breaks or Unicode non-characters",
    "text": "control characters (other than tabs and line breaks) or Unicode non-characters",
    "key": "control characters, line breaks or Unicode non-characters",
}


def _describe(ch: str) -> str:
    code = ord(ch)
    if ch in "\t\n\r\u2028\u2029":
        return f"a line break or tab (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X})"
    if code < 0xA0:
        return f"a control character (U+{code:04X})"
    return f"a Unicode non-character (U+{code:04X})"


@dataclass(frozen=True)
class TextRule:
    """The check one kind of text gets (the marker a test looks for on every string field)."""

    kind: TextKind
    limit: int

    def __call__(self, value: str) -> str:
        if self.kind == "name":
            visible = INVISIBLE.sub("", value).strip()
            if value and not visible:
                raise PydanticCustomError(
                    TEXT_REFUSED,
                    "holds only invisible characters; a name must show something",
                    {"text_kind": self.kind},
                )
            value = visible
        bad = (_BAD_IN_TEXT if self.kind == "text" else _BAD_IN_NAME).search(value)
        if bad is not None:
            raise PydanticCustomError(
                TEXT_REFUSED,
                "holds {what} at character {at}; {kind} may not contain {refused}",
                {
                    "what": _describe(bad.group()),
                    "at": bad.start() + 1,
                    "kind": _WHAT[self.kind],
                    "refused": _REFUSED[self.kind],
                    "text_kind": self.kind,
                },
            )
        if len(value) > self.limit:
            raise PydanticCustomError(
                TEXT_REFUSED,
                "is {length} characters long; {kind} may have at most {limit}",
                {
                    "length": f"{len(value):,}",
                    "limit": f"{self.limit:,}",
                    "kind": _WHAT[self.kind],
                    "text_kind": self.kind,
                },
            )
        return value


NAME_RULE = TextRule("name", NAME_MAX)
TEXT_RULE = TextRule("text", TEXT_MAX)
KEY_RULE = TextRule("key", KEY_MAX)
EMAIL_RULE = TextRule("key", 320)
"""An e-mail address (the database column's width)."""
NOTE_RULE = TextRule("text", NOTE_MAX)
"""A rater's evidence note on one score."""

Name = Annotated[str, AfterValidator(NAME_RULE)]
"""A display name: at most 200 characters, no control characters, invisible ones removed."""

Text = Annotated[str, AfterValidator(TEXT_RULE)]
"""Free text (descriptions, notes, sources): at most 10,000 characters, no control characters
but tabs and line breaks."""

Key = Annotated[str, AfterValidator(KEY_RULE)]
"""An id or a reference to one: at most 64 characters, printable, never altered."""


def repaired(value: str, kind: TextKind) -> str:
    """``value`` made acceptable as ``kind``: refused characters dropped, cut to the limit.

    Only for reading stored work that was saved under older rules; a key is never repaired
    (other rows refer to it), so it comes back unchanged.
    """
    if kind == "key":
        return value
    rule: Callable[[str], str] = NAME_RULE if kind == "name" else TEXT_RULE
    pattern = _BAD_IN_NAME if kind == "name" else _BAD_IN_TEXT
    cleaned = pattern.sub(" ", INVISIBLE.sub("", value) if kind == "name" else value)
    cleaned = re.sub(r" {2,}", " ", cleaned).strip()[: NAME_MAX if kind == "name" else TEXT_MAX]
    return rule(cleaned.strip() or "?")


def checked(value: str, rule: TextRule, field: str) -> str:
    """``value`` under ``rule`` outside a model (an argument of a store call, a form field);
    ``ValueError`` naming ``field`` and what is wrong."""
    try:
        return rule(value)
    except PydanticCustomError as e:
        raise ValueError(f"{field} {e.message()}") from None
