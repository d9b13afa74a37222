"""Typed pickers: a selectbox or radio over a non-empty list always returns one of its options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

T = TypeVar("T")


def select_one(
    label: str,
    options: Sequence[T],
    *,
    format_func: Callable[[T], str],
    key: str,
    index: int = 0,
    where: DeltaGenerator | None = None,
) -> T:
    """``st.selectbox`` over ``options`` (never empty) that returns an option, never None."""
    selectbox = where.selectbox if where is not None else st.selectbox
    picked = selectbox(label, options, index=index, format_func=format_func, key=key)
    return options[index] if picked is None else picked


def radio_one(
    label: str,
    options: Sequence[T],
    *,
    format_func: Callable[[T], str],
    key: str,
    index: int = 0,
    horizontal: bool = False,
    disabled: bool = False,
) -> T:
    """``st.radio`` over ``options`` (never empty) that returns an option, never None."""
    picked = st.radio(
        label,
        options,
        index=index,
        format_func=format_func,
        key=key,
        horizontal=horizontal,
        disabled=disabled,
    )
    return options[index] if picked is None else picked
