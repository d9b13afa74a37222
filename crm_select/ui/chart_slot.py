"""The one place a page draws an altair chart: a chart that cannot be built or serialised
becomes a message in its place, and the rest of the page is still drawn.

(The browser renders in-app charts, so their data cannot crash the server; the report's
offline images are guarded in reports/render.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import altair as alt
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from crm_select.reports.chart_specs import AXIS_FONT, localised
from crm_select.ui.i18n import lang, t

AnyChart: TypeAlias = (
    alt.Chart
    | alt.LayerChart
    | alt.HConcatChart
    | alt.VConcatChart
    | alt.ConcatChart
    | alt.FacetChart
    | alt.RepeatChart
)


def show_chart(build: Callable[[], AnyChart], where: DeltaGenerator | None = None) -> None:
    """Draw ``build()`` full width in ``where`` (default: the page); a warning if it fails.

    The container sets the width only ("fit-x"): each chart keeps the height it asks for, so
    rows keep their pixels (with Streamlit's default "fit", the axes and legend come out of that
    height and four bars end up in a few pixels). Numbers in the session's locale, labels at
    13 px for a projector.
    """
    target = where if where is not None else st.container()
    try:
        chart = build().properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        drawn = (
            localised(chart, lang())
            .configure_axis(labelFontSize=AXIS_FONT, titleFontSize=AXIS_FONT)
            .configure_legend(labelFontSize=13)
            .configure_title(fontSize=15)
        )
        target.altair_chart(drawn, width="stretch")
    except Exception as e:  # any failure costs this chart only
        target.warning(t("common.chart_failed", reason=f"{type(e).__name__}: {e}"))
