"""Make user text safe to export: no spreadsheet formulas, escaped HTML, harmless file names."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

#: Characters that make a spreadsheet treat a text cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)
}


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with ``'``; other values pass.

    ``"=cmd|' /C calc'!A0"`` becomes ``"'=cmd|' /C calc'!A0"``; numbers are left alone (a
    negative number is a number, not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def escape(value: object) -> str:
    """HTML-escape any value for text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_filename(name: str, default: str = "report", max_length: int = 100) -> str:
    """A file name without path separators, control or reserved characters.

    Letters of any script are kept (a Russian scenario name stays readable); everything else
    that is not a digit, ``-``, ``_`` or ``.`` becomes ``_``. Leading dots are removed so the
    result is never hidden or a parent reference, and Windows device names get a suffix.
    """
    name = unicodedata.normalize("NFC", name or "")
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE)
    cleaned = re.sub(r"_+", "_", cleaned).strip("._ ")
    cleaned = cleaned[:max_length].rstrip("._ ")
    if not cleaned:
        cleaned = default
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = f"{cleaned}_"
    return cleaned
