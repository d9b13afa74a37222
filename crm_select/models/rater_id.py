"""Minting an id from a display name: readable, unique, valid for ``Rater.id`` or
``Criterion.id``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"
_CYRILLIC = {
    ch: ("" if lat == "_" else lat)
    for ch, lat in zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN.split(), strict=True)
}


def key_for(name: str, taken: Iterable[str], *, sep: str = "-", fallback: str = "rater") -> str:
    """A readable, unique key (``[a-z0-9][a-z0-9<sep>]*``, at most 40 characters before a
    suffix) made from a display name.

    Cyrillic is transliterated, other letters lose their accents, everything else becomes
    ``sep``; a name with nothing left gives ``fallback``; a taken key gets ``<sep>2``,
    ``<sep>3``, ...
    """
    low = name.strip().lower()
    low = "".join(_CYRILLIC.get(ch, ch) for ch in low)
    ascii_ = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", sep, ascii_).strip(sep)[:40].strip(sep) or fallback
    if not base[0].isalnum():
        base = f"r{base}"
    used = set(taken)
    out, n = base, 2
    while out in used:
        out, n = f"{base}{sep}{n}", n + 1
    return out


def rater_id_for(name: str, taken: Iterable[str]) -> str:
    """A readable, unique rater id (``[a-z0-9][a-z0-9_.-]*``) made from a person's name
    (:func:`key_for` with ``-``; a name with nothing left gives ``rater``)."""
    return key_for(name, taken)


def criterion_id_for(name: str, taken: Iterable[str]) -> str:
    """A readable, unique criterion id (``[a-z0-9][a-z0-9_]*``) made from its name
    (:func:`key_for` with ``_``; a name with nothing left gives ``criterion``)."""
    return key_for(name, taken, sep="_", fallback="criterion")
