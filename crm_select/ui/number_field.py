"""A number input that shows and reads numbers as the user's language writes them.

``st.number_input`` formats its value with a fixed sprintf pattern ("26000.00" in Russian too).
:func:`number_field` is a text box instead: it shows the value through the locale layer
("26 000,5" / "26,000.5") and reads what is typed with Babel (``locales.formats.parse_number``).
Text that is not a number, a fraction where a whole number is needed (an ``int`` field) or a
value outside the bounds shows an error under the box naming the field and what it expects,
and the field keeps its previous value. The box has no +/- buttons: ``step`` sets how many
fraction digits are shown, and an ``int`` field takes whole numbers only.

In a form, draw the fields inside :func:`number_form`: its :meth:`NumberForm.submitted` refuses
the submit, naming the fields, while one of them holds refused text (a plain ``st.form`` would
save the box's last good value).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, overload

import streamlit as st

from crm_select import locales
from crm_select.locales.formats import editable_number, parse_number
from crm_select.ui.i18n import lang, t

_FORM: ContextVar[NumberForm | None] = ContextVar("number_form", default=None)


@dataclass
class NumberForm:
    """The form being drawn: the labels of its number fields refused in this run."""

    refused: list[str] = field(default_factory=list)

    def submitted(self, label: str, *, where: Any = None, **options: Any) -> bool:
        """``st.form_submit_button``: True when pressed, unless a field of the form was refused
        (then an error names the fields and nothing is to be saved)."""
        pressed = (st if where is None else where).form_submit_button(label, **options)
        if pressed and self.refused:
            st.error(t("number_field.form_refused", fields="; ".join(self.refused)))
            return False
        return bool(pressed)


@contextmanager
def number_form(key: str, **options: Any) -> Iterator[NumberForm]:
    """``st.form(key, **options)`` that knows its refused number fields (see the module)."""
    form = NumberForm()
    token = _FORM.set(form)
    try:
        with st.form(key, **options):
            yield form
    finally:
        _FORM.reset(token)


def _digits(step: float | None, whole: bool) -> int:
    """Fraction digits shown: none for a whole number, as many as the step has (2 without one,
    as ``st.number_input`` shows a float)."""
    if whole:
        return 0
    if step is None:
        return 2
    return max(0, -math.floor(math.log10(step))) if 0 < step < 1 else 0


@overload
def number_field(
    label: str,
    value: int,
    *,
    key: str,
    min_value: int | None = None,
    max_value: int | None = None,
    step: int | None = None,
    help: str | None = None,
    where: Any = None,
    grouped: bool = True,
) -> int: ...


@overload
def number_field(
    label: str,
    value: float,
    *,
    key: str,
    min_value: float | None = None,
    max_value: float | None = None,
    step: float | None = None,
    help: str | None = None,
    where: Any = None,
    grouped: bool = True,
) -> float: ...


def number_field(
    label: str,
    value: float,
    *,
    key: str,
    min_value: float | None = None,
    max_value: float | None = None,
    step: float | None = None,
    help: str | None = None,
    where: Any = None,
    grouped: bool = True,
) -> float:
    """A text box with ``value`` in the user's number format; the number typed in it, or the
    previous one (with an error under the box) when the text is not a number or out of bounds.

    A whole-number field: ``value`` an ``int`` (and the bounds, if given); it returns an
    ``int``. ``where``: the column or container to draw in (the page by default). A new
    ``value`` from the caller (a saved edit, another option picked) replaces the text.
    ``grouped=False``: a whole number shown without group separators (an identifier such as a
    random seed, "20261125"); what is typed is read as any number.
    """
    box = st if where is None else where
    whole = isinstance(value, int) and not isinstance(value, bool)
    digits = _digits(step, whole)
    language = lang()
    shown = f"{key}:shown"  # the value and language the text box was last filled from
    kept = f"{key}:value"  # the last number the box held
    # refill the box from ``value`` when it is new, was dropped (the user left the page: Streamlit
    # forgets the text of a widget it did not draw), or the caller's value or language changed
    if key not in st.session_state or st.session_state.get(shown) != (value, language):
        if key in st.session_state and st.session_state.get(shown, (None,))[0] == value:
            previous = st.session_state.get(kept, value)  # only the language changed
        else:
            previous = value
        st.session_state[key] = (
            editable_number(previous, language, digits)
            if grouped or not whole
            else str(int(previous))
        )
        st.session_state[shown] = (value, language)
        st.session_state[kept] = previous
    text = box.text_input(label, key=key, help=help)
    previous = st.session_state.get(kept, value)
    problem = _problem(text, whole, min_value, max_value)
    if problem is not None:
        if (form := _FORM.get()) is not None:
            form.refused.append(label)
        box.error(
            t(
                f"number_field.{problem}",
                field=label,
                text=text,
                example=editable_number(12_345.5 if not whole else 12_345, language, digits),
                lo=_bound(min_value, digits),
                hi=_bound(max_value, digits),
                kept=editable_number(previous, language, digits),
            )
        )
        return previous
    got = parse_number(text, language)
    result: float = round(got) if whole else got
    st.session_state[kept] = result
    return result


def _bound(bound: float | None, digits: int) -> str:
    return "" if bound is None else locales.number(bound, lang(), digits if bound % 1 else 0)


def _problem(text: str, whole: bool, lo: float | None, hi: float | None) -> str | None:
    """What is wrong with ``text`` (its message's key under ``number_field``), or None."""
    try:
        got = parse_number(text, lang())
    except ValueError:
        return "not_number"
    if whole and got != round(got):
        return "not_whole"
    if (lo is not None and got < lo) or (hi is not None and got > hi):
        if lo is not None and hi is not None:
            return "range"
        return "at_least" if lo is not None else "at_most"
    return None
