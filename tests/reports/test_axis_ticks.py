"""Value axes along a chart's width tick on round steps that leave every label room (issue 18:
the report's score axis read "0,000,05 0,10"; the tornado's money labels fell on 4 млн steps
because every other label of a 2 млн step was hidden).

Vega's scene graph (vl-convert) gives each label's text, position and alignment; Pillow measures
its width in DejaVu Sans at the page's label size (:data:`cs.AXIS_FONT`, larger than the
report's), so a collision on a page or in the report fails here.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import cache
from typing import Any

import pandas as pd
import pytest
import vl_convert as vlc
from PIL import ImageFont

from crm_select.locales import Lang
from crm_select.locales.formats import parse_number
from crm_select.reports import chart_specs as cs
from crm_select.reports.render import FONT_DIR

GAP = 4
"""Pixels between two neighbouring labels, at least."""
UNITS = {"тыс.": 1e3, "млн": 1e6, "млрд": 1e9, "K": 1e3, "M": 1e6, "B": 1e9}


@cache
def font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(f"{FONT_DIR}/DejaVuSans.ttf", cs.AXIS_FONT)


def bottom_labels(chart: Any, width: int, lang: Lang) -> list[dict[str, Any]]:
    """The labels of the chart's bottom axis, as Vega lays them out at ``width`` pixels."""
    spec = cs.localised(chart.properties(width=width), lang).to_dict()
    found: list[dict[str, Any]] = []

    def walk(node: Any, bottom: bool) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n, bottom)
        elif isinstance(node, dict):
            if node.get("role") == "axis-label" and bottom:
                found.extend(node["items"])
                return
            if node.get("role") == "axis":
                bottom = node["items"][0].get("orient") == "bottom"
            for v in node.values():
                walk(v, bottom)

    walk(vlc.vegalite_to_scenegraph(spec), False)
    return found


def value_of(label: str, lang: Lang) -> float:
    """A label's number: "2,5 млн" -> 2.5e6, "−500K" -> -5e5, "20 %" -> 0.2, "0,1" -> 0.1."""
    match = re.fullmatch(r"(.*?)\s*(тыс\.|млн|млрд|K|M|B|%)?", label.strip())
    assert match is not None, label
    digits, unit = match.groups()
    scale = 0.01 if unit == "%" else UNITS.get(unit or "", 1.0)
    return parse_number(digits, lang) * scale


def assert_readable(labels: list[dict[str, Any]], lang: Lang) -> list[float]:
    """Every label shown, none within :data:`GAP` px of the next, on one round step; their values."""
    assert len(labels) >= 2, labels
    assert all(item.get("opacity", 1) == 1 for item in labels), "a label was hidden for overlap"
    spans = []
    for item in sorted(labels, key=lambda i: i["x"]):
        width = font().getlength(item["text"])
        left = {"left": 0.0, "right": width}.get(item.get("align", "center"), width / 2)
        spans.append((item["x"] - left, item["x"] - left + width, item["text"]))
    for (_, end, text), (start, _, following) in itertools.pairwise(spans):
        assert start - end >= GAP, f"{text!r} and {following!r} are {start - end:.1f} px apart"
    values = [value_of(text, lang) for _, _, text in spans]
    steps = {round(b - a, 9) for a, b in itertools.pairwise(values)}
    assert len(steps) == 1, f"uneven steps {sorted(steps)}: {[t for *_, t in spans]}"
    [step] = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5), f"step {step} is not 1, 2 or 5 x 10^k"
    return values


def scores(top: float) -> Any:
    names = ["Bitrix24 (cloud)", "amoCRM", "1C:CRM"]
    df = pd.DataFrame({"label": names, "score": [top, top * 0.8, top * 0.6]})
    return cs.ranking_bars(df, names, "Score")


def tornado(base: float, low: float, high: float, lang: Lang) -> Any:
    rows = [
        {"input": f"Input {k}", "side": side, "npv": npv, "swing": high - low - k}
        for k in range(4)
        for side, npv in (
            ("low", low + k * (base - low) / 4),
            ("high", high - k * (high - base) / 4),
        )
    ]
    return cs.tornado(pd.DataFrame(rows), base, "T", "NPV, RUB", ("low", "high"), lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_reports_score_axis_steps_by_a_tenth(lang: Lang) -> None:
    # the report's ranking: 420 px for 0..0.6 (the example's leader scores 0.575); at least
    # 44 px a tick means a step of at least 0.6 * 44 / 420 = 0.063, so 0.1: seven labels
    labels = [i["text"] for i in bottom_labels(scores(0.575), 420, lang)]
    decimal = "," if lang == "ru" else "."
    assert labels == [f"0{decimal}{k}" for k in range(7)]


@pytest.mark.parametrize(
    ("lang", "expected"), [("ru", ["0", "10\u00a0млн", "20\u00a0млн"]), ("en", ["0", "10M", "20M"])]
)
def test_the_reports_tornado_steps_by_ten_million(lang: Lang, expected: list[str]) -> None:
    # the example's tornado: base 20.8M, its ends from -2.1M to 24.2M on 420 px (a domain of
    # about 30M): 84 px a tick stand for 6M, the next round step is 10M
    labels = bottom_labels(tornado(20.8e6, -2.1e6, 24.2e6, lang), 420, lang)
    assert [i["text"] for i in labels] == expected
    assert_readable(labels, lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(
    ("width", "base", "low", "high"),
    [
        (300, 20.8e6, -2.1e6, 24.2e6),
        (640, 600e3, 150e3, 1.3e6),
        (900, -0.4e6, -1.2e6, 0.5e6),
        (420, 2.1e9, 1.2e9, 3e9),
    ],
    ids=["millions at 300 px", "thousands to a million at 640 px", "around zero at 900 px",
         "billions at 420 px"],
)  # fmt: skip
def test_a_tornado_reads_on_round_steps_at_any_width(
    lang: Lang, width: int, base: float, low: float, high: float
) -> None:
    values = assert_readable(bottom_labels(tornado(base, low, high, lang), width, lang), lang)
    if low < 0 < high:
        assert 0.0 in values


@pytest.mark.parametrize(
    ("make", "width"),
    [
        (lambda _lang: scores(0.575), 300),
        (lambda _lang: scores(0.09), 900),
        (lambda lang: cs.npv_range(
            pd.DataFrame({"label": ["A", "B"], "p5": [-1.2e6, 0.3e6], "p50": [1e6, 2e6],
                          "p95": [3.4e6, 5.1e6]}),
            ["A", "B"], "NPV", "RUB", lang,
        ), 560),
        (lambda lang: cs.cost_stack(
            pd.DataFrame({"option": ["A", "B"], "category": ["Licences"] * 2,
                          "value": [780e3, 420e3]}),
            "option", ["Licences"], "TCO", "RUB", lang, horizontal=True,
        ), 420),
        (lambda _lang: cs.group_balance(
            pd.DataFrame({"group": ["Functionality", "Budget"], "share": [0.62, 0.38]}), "W"
        ), 300),
        (lambda _lang: cs.gradient_lines(
            pd.DataFrame({"label": ["A", "A"], "share": [0.0, 1.0], "score": [0.3, 0.7]}), ["A"],
            0.4, pd.DataFrame(columns=["share", "score", "before", "after"]), "G", "Share", "Score",
        ), 640),
    ],
    ids=["score", "small scores", "npv range", "tco in thousands", "weight shares", "gradient"],
)  # fmt: skip
def test_value_axes_read_on_round_steps(make: Any, width: int) -> None:
    # Russian: the wider labels ("−500 тыс.", "0,55", "100 %")
    assert_readable(bottom_labels(make("ru"), width, "ru"), "ru")
