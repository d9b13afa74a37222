"""The Scoring and Ranking pages' one message about what the ranking leaves out: criteria
nobody scored (by name, with why and the weight they carried) and the unscored cells (a count
and a compact list by option), instead of one warning per cell."""

from __future__ import annotations

import streamlit as st

from crm_select.models.ranking_settings import RankingSettings
from crm_select.models.scenario import Scenario
from crm_select.services.score_gaps import LeftOut, Reason
from crm_select.ui.compute import score_gaps
from crm_select.ui.i18n import percent, t
from crm_select.ui.labels import criterion_names, option_names
from crm_select.ui.plain_text import plain


def _why(item: LeftOut, options: dict[str, str]) -> str:
    if item.reason is Reason.UNSCORED:
        return t("gaps.why_unscored", options=", ".join(plain(options[o]) for o in item.options))
    return t(f"gaps.why_{item.reason.value}")


def show_gaps(scenario: Scenario, settings: RankingSettings | None = None) -> None:
    """Draw the criteria left out and the cells nobody scored (nothing when there are none)."""
    gaps = score_gaps(scenario, settings)
    options = option_names(scenario)
    criteria = criterion_names(scenario)
    if not gaps.left_out and not gaps.unscored:
        return
    parts: list[str] = []
    if gaps.left_out:
        lost = gaps.lost_weight
        tail = "" if lost is None else " " + t("gaps.rescaled", w=percent(lost, 1))
        parts.append(t("gaps.left_out", n=len(gaps.left_out)) + tail)
        parts.append(
            "\n".join(
                f"- **{plain(criteria[x.criterion])}**: {_why(x, options)}"
                + ("" if x.weight is None else f" ({t('gaps.weight', w=percent(x.weight, 1))})")
                for x in gaps.left_out
            )
        )
    by_option = gaps.unscored_by_option()
    if gaps.unscored:
        parts.append(t("gaps.unscored", n=len(gaps.unscored), options=len(by_option)))
    st.warning("\n\n".join(parts))
    if gaps.unscored:
        with st.expander(t("gaps.unscored_list", n=len(gaps.unscored))):
            st.dataframe(
                {
                    t("common.option"): [options[o] for o in by_option],
                    t("gaps.criteria_col"): [
                        ", ".join(criteria[c] for c in cs) for cs in by_option.values()
                    ],
                },
                hide_index=True,
                width="stretch",
            )
