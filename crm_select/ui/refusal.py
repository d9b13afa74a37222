"""A run a service refuses (over the memory budget, outside the trial limits): the progress
bar goes, the reason shows in the user's language, the page stops; never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from crm_select.services.errors import PathError, refusal_text
from crm_select.ui.i18n import lang


@contextmanager
def stop_if_refused(bar: DeltaGenerator) -> Iterator[None]:
    try:
        yield
    except PathError as e:
        bar.empty()
        st.error(refusal_text(e, lang()))
        st.stop()
