"""`t()` for pages: the message catalog in the language chosen in the sidebar."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from crm_select import locales
from crm_select.locales import LANGS, Lang
from crm_select.locales.warning_text import warning_text as localised_warning


def lang() -> Lang:
    """The session's language; first visit: the link's ``?lang=`` (a rater's join link carries
    the language chosen for the rater), else the browser's locale if Russian, else English."""
    chosen = st.session_state.get("lang")
    if chosen in LANGS:
        return chosen
    linked = st.query_params.get("lang")
    if linked in LANGS:
        return linked
    browser = (st.context.locale or "en").lower()
    return "ru" if browser.startswith("ru") else "en"


def t(key: str, **fmt: object) -> str:
    return locales.translate(key, lang(), **fmt)


def money(value: float, currency: str, digits: int = 0) -> str:
    return locales.money(value, currency, lang(), digits)


def number(value: float, digits: int = 0) -> str:
    return locales.number(value, lang(), digits)


def day(value: dt.date) -> str:
    return locales.day(value, lang())


def moment(value: dt.datetime) -> str:
    return locales.moment(value, lang())


def percent(value: float, digits: int = 0) -> str:
    return locales.percent(value, lang(), digits)


def period(key: str) -> str:
    """A stored period key (2027-03, 2026-Q4) as the session's language writes it."""
    return locales.period(key, lang())


def compact_money(value: float, currency: str, digits: int = 1) -> str:
    """12,3 млн ₽ / RUB 12.3M."""
    return locales.compact_money(value, currency, lang(), digits)


def language_switch() -> None:
    """Sidebar radio that switches every label at once."""
    st.radio(
        "Language / Язык",
        LANGS,
        index=LANGS.index(lang()),
        key="lang",
        format_func=lambda code: {"en": "English", "ru": "Русский"}[code],
        horizontal=True,
    )


def warning_text(code: str, where: str, message: str) -> str:
    """A scoring warning in the current language: translated headline, where, English detail."""
    return localised_warning(code, where, message, lang())
