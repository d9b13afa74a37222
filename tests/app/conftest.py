"""AppTest fixtures: every test gets a fresh SQLite data directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW_PAGES = [
    "views/home.py",
    "views/decision.py",
    "views/criteria.py",
    "views/options.py",
    "views/scoring.py",
    "views/ranking.py",
    "views/finance.py",
    "views/report.py",
    "views/after_go_live.py",
]
"""The workflow's pages in menu order (the committee's two follow them in the menu)."""


@pytest.fixture
def fresh_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A new data dir, and no cached database engine from an earlier test.

    The computations' caches (``st.cache_data``, the simulation store) stay warm from test to
    test: their answers depend only on their arguments (the scenario, the settings, the seed),
    so the second test on the example's report reuses the first one's confidence run. A test
    that patches anything (``monkeypatch.setattr``, ``setenv`` ...; the session language
    aside) empties every cache as it patches and again when it ends: its patched code runs, and
    what it computed is served to no other test.
    """
    import streamlit as st

    from crm_select.ui.state import database

    monkeypatch.setenv("CRM_SELECT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(ROOT)
    database.clear()
    patched = False

    def forget_all() -> None:
        st.cache_data.clear()
        st.cache_resource.clear()

    def forgetting(patch: Callable[..., None]) -> Callable[..., None]:
        def patch_and_forget(*args: Any, **kwargs: Any) -> None:
            nonlocal patched
            patch(*args, **kwargs)
            if "lang" not in args:  # the session language (fix_language) changes no result
                patched = True
                forget_all()

        return patch_and_forget

    for name in ("setattr", "delattr", "setitem", "delitem", "setenv", "delenv"):
        setattr(monkeypatch, name, forgetting(getattr(monkeypatch, name)))
    yield tmp_path
    database.clear()
    if patched:
        forget_all()


@pytest.fixture
def fresh_data_dir(fresh_data: Path) -> Iterator[Path]:
    """:func:`fresh_data` with every Streamlit cache emptied before and after the test: the
    committee's tests start from nothing cached at all."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    yield fresh_data
    st.cache_resource.clear()
    st.cache_data.clear()


def ok(at: AppTest, *, strict: bool = False) -> AppTest:
    """``at`` after a run that raised nothing; ``strict``: and showed no ``st.error`` either."""
    assert not at.exception, [e.message for e in at.exception]
    if strict:
        assert not at.error, [e.value for e in at.error]
    return at


def click(at: AppTest, label: str, *, strict: bool = False) -> AppTest:
    """Click the one button labelled ``label`` and run; checked as :func:`ok` does."""
    [button] = [b for b in at.button if b.label == label]
    return ok(button.click().run(), strict=strict)


def rater_page(ws: str, token: str, lang: str | None = None, *, strict: bool = False) -> AppTest:
    """A committee member's page opened from their join link (workspace ``ws``, ``token``), in
    ``lang`` (the app's default without one); every run checked as :func:`ok` does."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["ws"] = ws
    at.query_params["token"] = token
    if lang is not None:
        at.session_state["lang"] = lang
    ok(at.run(), strict=strict)
    return ok(at.switch_page("views/committee_rate.py").run(), strict=strict)


def join_link_form(ws: str, token: str, lang: str, *, strict: bool = False) -> AppTest:
    """A member's join link opened in ``lang``: the form is the link's first page. Unlike
    :func:`rater_page` no page switch follows (after one, Streamlit 1.67 draws the text boxes of
    a form that is not yet submitted empty in AppTest, ``ui/number_field.py``'s ones included);
    checked as :func:`ok` does."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["ws"] = ws
    at.query_params["token"] = token
    at.session_state["lang"] = lang
    return ok(at.run(), strict=strict)


@pytest.fixture
def app(fresh_data: Path) -> AppTest:  # noqa: ARG001
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def fix_language(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """Fix the session language for a whole test, in every module that imported ``lang``.

    AppTest formats widget values in the test's thread, which has no session (so there the
    language falls back to English) and may set the sidebar's language radio back: with the
    language fixed, labels and options match in Russian too.
    """
    import importlib
    import pkgutil
    import sys

    import crm_select.ui
    from crm_select.ui import i18n

    for info in pkgutil.walk_packages(crm_select.ui.__path__, "crm_select.ui."):
        importlib.import_module(info.name)  # bound to the original before it is replaced
    original = i18n.lang
    for module in list(sys.modules.values()):
        if getattr(module, "lang", None) is original:
            monkeypatch.setattr(module, "lang", lambda: lang)


def app_in(monkeypatch: pytest.MonkeyPatch, lang: str) -> AppTest:
    """The app run once in ``lang`` (fixed for the whole test, see :func:`fix_language`) on the
    test's data dir."""
    fix_language(monkeypatch, lang)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_page(page: str, lang: str = "en") -> AppTest:
    """A fresh session on ``page`` in ``lang`` (chosen before the first run: AppTest keeps
    formatted widget values), checked for exceptions."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
