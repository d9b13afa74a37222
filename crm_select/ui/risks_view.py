"""The shortlisted options' risks on a page: one expander per option, its catalog risk facts
on one line, then its risk notes (the Options page's Risks tab, the Report's presentation mode)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from crm_select.services.risks import FACTS, OptionRisks, fact_labels
from crm_select.ui.i18n import lang, t
from crm_select.ui.plain_text import plain


def show_risks(risks: Sequence[OptionRisks], *, expanded: bool = True) -> None:
    """Each option's facts and notes as :func:`~crm_select.services.risks.shortlist_risks`
    gives them (in the user's language); names and notes shown literally (:func:`plain`)."""
    labels = fact_labels(lang())
    for r in risks:
        with st.expander(
            t("risks.notes_label", option=plain(r.name), n=len(r.notes)), expanded=expanded
        ):
            facts = r.fact_text()
            st.markdown(" · ".join(f"**{labels[f]}:** {plain(facts[f])}" for f in FACTS))
            if r.notes:
                st.markdown("\n".join(f"- {plain(note)}" for note in r.notes))
            else:
                st.caption(t("risks.no_notes"))
