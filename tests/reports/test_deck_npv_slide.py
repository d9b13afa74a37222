"""The deck's NPV slide is readable on a projector: the NPV chart spans the slide's content width
(it used to fill barely half of it, beside a column of text), inside the slide and under the
title, with each option's median NPV and P(NPV > 0) under the chart, not over it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from crm_select.reports.deck import CONTENT_W, HEIGHT, MARGIN, WIDTH
from crm_select.services import report
from crm_select.services.report import ReportData

pytestmark = pytest.mark.slow  # builds the report data and renders the charts


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Net present value"), ("ru", "Чистая приведённая стоимость")]
)
def test_the_npv_chart_fills_the_slide(b2b: ReportData, lang: str, title: str) -> None:
    deck = Presentation(io.BytesIO(report.pptx(b2b, lang)))  # type: ignore[arg-type]
    [slide] = [
        s for s in deck.slides if s.shapes.title is not None and title in s.shapes.title.text
    ]
    shapes: list[Any] = list(slide.shapes)
    [chart] = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert chart.width >= 0.95 * CONTENT_W  # the whole content width
    assert chart.left >= MARGIN - 1
    assert chart.left + chart.width <= WIDTH - MARGIN + 1
    assert chart.top > slide.shapes.title.top + slide.shapes.title.height
    assert chart.width * chart.height >= 0.4 * WIDTH * HEIGHT  # it used to be about a quarter
    lines = [s for s in shapes if s.has_text_frame and "P(NPV > 0)" in s.text_frame.text]
    assert lines, "each option's median and P(NPV > 0) are on the slide"
    for box in lines:
        assert box.top >= chart.top + chart.height - 1  # under the chart, not over it
        assert box.top + box.height <= HEIGHT  # on the slide
    said = " ".join(box.text_frame.text for box in lines)
    named = b2b.in_language(lang)  # type: ignore[arg-type]
    assert all(named.option_name(o) in said for o in b2b.option_ids)
