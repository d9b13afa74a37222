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

from crm_select.ui.i18n import t

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
    """Draw ``build()`` full width in ``where`` (default: the page); a warning if it fails."""
    target = where if where is not None else st.container()
    try:
        target.altair_chart(build(), width="stretch")
    except Exception as e:  # any failure costs this chart only
        target.warning(t("common.chart_failed", reason=f"{type(e).__name__}: {e}"))
