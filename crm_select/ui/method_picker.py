"""The ranking-method picker the Ranking and Options pages share: every method, named in the
reader's language, starting at the decision's own."""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from crm_select.models.ranking_settings import Method
from crm_select.ui.i18n import t
from crm_select.ui.pickers import select_one


def pick_method(current: Method, *, key: str, where: DeltaGenerator | None = None) -> Method:
    """A selectbox over the ranking methods, ``current`` chosen at first."""
    methods = list(Method)
    return select_one(
        t("common.method"),
        methods,
        index=methods.index(current),
        format_func=lambda m: t(f"method.{m}"),
        key=key,
        where=where,
    )
