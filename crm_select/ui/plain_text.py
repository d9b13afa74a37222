"""User text (names, descriptions) shown literally where Streamlit renders Markdown.

Titles, headers, captions, alerts, metric and widget labels render Markdown: a name such as
``![x](https://example.com/p.png)`` would make every viewer's browser fetch that image, and
``**``, ``:red[...]`` or ``$...$`` would restyle the page. Every page passes user text through
:func:`plain` before it reaches one of these elements. (A bare URL in a name still shows as a
link, as in any text: a reader may click it; nothing is fetched by showing it.)
"""

from __future__ import annotations

import re

# ASCII punctuation that CommonMark, GitHub Markdown or Streamlit's extensions (colour and
# icon directives, math) read; CommonMark lets every one of them be backslash-escaped.
_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&])")
_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def plain(text: str) -> str:
    """``text`` as it should read in Markdown: active characters escaped, one line."""
    return _ACTIVE.sub(r"\\\1", _BREAKS.sub(" ", text))
