"""Vega-Lite specifications to PNG offline, in a child process, with every string made visible.

The renderer (vl-convert, Rust) aborts its whole process on some inputs (a control character
in a label panics it: exit 134). Two guards: every string in a spec passes :func:`visible`
first (one place), and the rendering runs in a child process (``python -m
crm_select.reports.render``: JSON specs on stdin, base64 PNGs on stdout), so a crash costs the
charts it was drawing, never the app or the CLI. When the child dies, each chart is retried
alone, so only the chart that kills the renderer is missing; it is named in
:attr:`ChartSet.failed` and the report shows a message in its place.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Any

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
TIMEOUT_S = 180.0

JsonSpec = dict[str, Any]


@dataclass(frozen=True)
class ChartSet:
    """Rendered charts by key, the keys that could not be drawn with the reason, and the
    order to show them in."""

    images: dict[str, bytes] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    order: tuple[str, ...] = ()

    def get(self, key: str) -> bytes | None:
        return self.images.get(key)


def _shown(ch: str) -> bool:
    """False for control characters, surrogates and Unicode non-characters."""
    code = ord(ch)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return False
    return unicodedata.category(ch) not in ("Cc", "Cs")


def visible(text: str) -> str:
    """``text`` without control characters and non-characters (tabs and newlines become spaces)."""
    if text.isprintable():
        return text
    spaced = text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return "".join(ch for ch in spaced if _shown(ch))


def sanitised(spec: Any) -> Any:
    """The spec with :func:`visible` applied to every string, keys included."""
    if isinstance(spec, str):
        return visible(spec)
    if isinstance(spec, dict):
        return {visible(str(k)): sanitised(v) for k, v in spec.items()}
    if isinstance(spec, list | tuple):
        return [sanitised(v) for v in spec]
    return spec


def _child(specs: dict[str, JsonSpec], scale: float) -> tuple[dict[str, bytes], dict[str, str]]:
    """Render in one child process; raises RuntimeError if the child dies or hangs."""
    payload = json.dumps({"specs": specs, "scale": scale}, allow_nan=False)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crm_select.reports.render"],
            input=payload.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise RuntimeError(f"the chart renderer did not finish in {TIMEOUT_S:.0f} s") from e
    if done.returncode != 0:
        raise RuntimeError(f"the chart renderer stopped (exit code {done.returncode})")
    answer = json.loads(done.stdout)
    images = {k: base64.b64decode(v) for k, v in answer["images"].items()}
    return images, dict(answer["failed"])


def render_pngs(specs: dict[str, JsonSpec], scale: float = 2.0) -> ChartSet:
    """PNG bytes of every spec (sanitised), drawn in a child process; failures named, not raised."""
    clean = {k: sanitised(v) for k, v in specs.items()}
    if not clean:
        return ChartSet()
    try:
        images, failed = _child(clean, scale)
    except (RuntimeError, ValueError) as whole:
        if len(clean) == 1:
            return ChartSet({}, {k: str(whole) for k in clean})
        images, failed = {}, {}
        for key, spec in clean.items():
            try:
                one, why = _child({key: spec}, scale)
            except (RuntimeError, ValueError) as e:
                failed[key] = str(e)
                continue
            images.update(one)
            failed.update(why)
    return ChartSet(images, failed, tuple(k for k in clean if k in images or k in failed))


def _main() -> None:
    """The child: specs in (JSON on stdin), base64 PNGs and per-chart errors out (stdout)."""
    import vl_convert as vlc

    request = json.loads(sys.stdin.buffer.read())
    with contextlib.suppress(Exception):  # no fonts there: vl-convert uses its own
        vlc.register_font_directory(FONT_DIR)
    images: dict[str, str] = {}
    failed: dict[str, str] = {}
    for key, spec in request["specs"].items():
        try:
            png = vlc.vegalite_to_png(spec, scale=request["scale"])
        except Exception as e:  # any renderer error costs this chart only
            failed[key] = f"{type(e).__name__}: {e}"
            continue
        images[key] = base64.b64encode(png).decode("ascii")
    sys.stdout.write(json.dumps({"images": images, "failed": failed}))


if __name__ == "__main__":
    _main()
