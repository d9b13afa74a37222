"""What the points of each rating scale mean, beside the cells a rater fills in."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_select.models.criteria import RatingScale
from crm_select.models.i18n_text import text
from crm_select.ui.i18n import lang, number, t
from crm_select.ui.plain_text import plain


def scale_help(name: str, scale: RatingScale) -> str:
    """A score column's tooltip: the scale's range, then each anchor on a line of its own."""
    head = t("anchors.scale", name=plain(name), lo=f"{scale.min:g}", hi=f"{scale.max:g}")
    return "  \n".join([head, *(plain(line) for line in scale.anchor_lines(lang()))])


def anchors_frame(scales: dict[str, RatingScale], names: dict[str, str]) -> pd.DataFrame:
    """One row per anchored criterion, one column per anchored point (empty: none anchored)."""
    points = sorted({a.value for s in scales.values() for a in s.anchors})
    rows = [
        {
            t("anchors.criterion"): names[cid],
            **{
                number(p, 0 if float(p).is_integer() else 1): next(
                    (text(a.text, lang()) for a in s.anchors if a.value == p), ""
                )
                for p in points
            },
        }
        for cid, s in scales.items()
        if s.anchors
    ]
    return pd.DataFrame(rows)


def show_anchors(scales: dict[str, RatingScale], names: dict[str, str]) -> None:
    """The anchors of ``scales`` as a static table under a caption (long meanings wrap, unlike a
    data frame's cells); nothing when none is set."""
    frame = anchors_frame(scales, names)
    if frame.empty:
        return
    st.caption(t("anchors.caption"))
    st.table(frame.set_index(frame.columns[0]))
