"""Minting a rater's id from their name: readable, unique, valid for ``Rater.id``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"
_CYRILLIC = {
    ch: ("" if lat == "_" else lat)
    for ch, lat in zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN.split(), strict=True)
}


def rater_id_for(name: str, taken: Iterable[str]) -> str:
    """A readable, unique rater id (``[a-z0-9][a-z0-9_.-]*``) made from a person's name.

    Cyrillic is transliterated, other letters lose their accents, everything else becomes
    ``-``; a name with nothing left gives ``rater``; a taken id gets ``-2``, ``-3``, ...
    """
    low = name.strip().lower()
    low = "".join(_CYRILLIC.get(ch, ch) for ch in low)
    ascii_ = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:40] or "rater"
    if not base[0].isalnum():
        base = f"r{base}"
    used = set(taken)
    out, n = base, 2
    while out in used:
        out, n = f"{base}-{n}", n + 1
    return out
