"""Monkey test: on every page, for both bundled examples and both languages, click every button and
pick every option of every select box and radio, and assert that no exception element appears.
Each page first opens as a user finds it: with its title (a workflow page), in Russian words
when the session is in Russian.

Each (language, example, page) starts a fresh app, so one page's saves do not steer another's.
Every widget is exercised once, in page order; after each click or pick, the widgets it revealed
are exercised at once (a method's parameters, an editor that opens), and a select box or radio
goes back to where it started. A widget an earlier action removed is reported, not failed. What is not
exercised is listed in the test's report (``-rA`` or the junit properties): file uploads,
download buttons, free-text and number inputs, sliders (other tests move them), options beyond
:data:`MAX_OPTIONS` of one widget, and actions beyond :data:`MAX_ACTIONS` on one page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import PAGES as WORKFLOW

pytestmark = pytest.mark.slow  # 40 cases, about 3 minutes: kept out of `make test-fast`
SPREAD_OVER_WORKERS = True
"""The cases are independent (each starts a fresh app): pytest-xdist deals them out one by one
(tests/conftest.py)."""

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*WORKFLOW, "views/committee_board.py", "views/committee_rate.py"]
EXAMPLES = ["b2b-distributor.yaml", "bank-500.yaml"]
MAX_OPTIONS = 24
"""Options picked per select box or radio: all up to this many, else the first and last halves."""
MAX_ACTIONS = 160
"""Actions per page: enough for every page's widgets on the examples."""
KINDS = ("button", "selectbox", "radio", "checkbox", "toggle")
"""What the monkey clicks and picks; the other input kinds are counted in the report."""
LEFT_OUT = ("text_input", "number_input", "slider", "select_slider", "multiselect", "text_area",
            "date_input", "color_picker")  # fmt: skip


@dataclass
class Monkey:
    """Drives one page and records what it did and what it left out."""

    at: AppTest
    page: str
    done: int = 0
    seen: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)

    def run(self, what: str) -> None:
        self.at.run()
        self.done += 1
        assert not self.at.exception, (self.page, what, [e.value for e in self.at.exception])

    def widgets(self) -> list[Any]:
        """The page's buttons, select boxes and radios (the sidebar's only on the home page)."""
        sidebar = {w.id for kind in KINDS for w in getattr(self.at.sidebar, kind)}
        found = [w for kind in KINDS for w in getattr(self.at, kind)]
        if self.page != "views/home.py":
            found = [w for w in found if w.id not in sidebar]
        return found

    def find(self, wid: str) -> Any | None:
        return next((w for w in self.widgets() if w.id == wid), None)

    def exercise(self, wid: str, label: str) -> None:
        w = self.find(wid)
        if w is None:
            self.skipped.append(f"{label!r}: gone after earlier actions")
            return
        if w.disabled:
            self.skipped.append(f"{label!r}: disabled")
            return
        if w.type in ("checkbox", "toggle"):
            for value in (not w.value, w.value):
                box = self.find(wid)
                if box is None:
                    self.skipped.append(f"{label!r}: gone after earlier actions")
                    return
                box.set_value(value)
                self.run(f"set {label!r} to {value}")
                self.explore()
            return
        if w.type == "button":
            w.click()
            self.run(f"click {label!r}")
            self.explore()
            return
        n = len(w.options)
        start = w.index
        picks = list(range(n))
        if n > MAX_OPTIONS:
            picks = picks[: MAX_OPTIONS // 2] + picks[-MAX_OPTIONS // 2 :]
            self.skipped.append(f"{label!r}: {n - MAX_OPTIONS} of {n} options")
        for k in picks:
            if self.done >= MAX_ACTIONS:
                self.skipped.append(f"{label!r}: options from {k + 1} (action limit)")
                return
            w = self.find(wid)
            if w is None or k >= len(w.options):
                self.skipped.append(f"{label!r}: options from {k + 1} gone after earlier picks")
                return
            pick(w, k)
            self.run(f"pick {label!r} option {k + 1}: {w.options[k]!r}")
            self.explore()
        w = self.find(wid)
        if start is not None and w is not None and start < len(w.options):
            pick(w, start)  # back to where the page started, so what depends on it shows again
            self.run(f"pick {label!r} back to option {start + 1}")

    def explore(self) -> None:
        """Exercise, once each, the widgets on the page not exercised yet (those an action
        revealed too: a method's parameters, an editor that opens)."""
        while True:
            fresh = [(w.id, w.label) for w in self.widgets() if w.id not in self.seen]
            if not fresh:
                return
            wid, label = fresh[0]
            self.seen.add(wid)
            if self.done >= MAX_ACTIONS:
                self.skipped.append(f"{label!r}: action limit")
                continue
            self.exercise(wid, label)


def pick(widget: Any, index: int) -> None:
    """Choose option ``index`` as the browser does (by its shown text), whatever the values are:
    AppTest's own setters need the option's value, which the page's format_func hides."""
    base = type(widget)
    widget.__class__ = type(f"Picked{base.__name__}", (base,), {"index": property(lambda _: index)})


def outside_runs_speak(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest formats widget values between runs, outside any script run, where the session's
    language is not visible (the pages' format functions would answer in English and AppTest
    would not find the Russian option). Outside a run, the test's language answers."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from crm_select.ui import i18n

    in_run = i18n.lang
    monkeypatch.setattr(i18n, "lang", lambda: in_run() if get_script_run_ctx() else lang)


def open_app(lang: str, example: str, page: str) -> AppTest:
    """A fresh session on ``page`` (the first run opens it: the router serves every page), the
    second example opened first on the Decision page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    if example != EXAMPLES[0]:
        at.switch_page("views/decision.py").run()
        assert not at.exception, [e.value for e in at.exception]
        at.selectbox(key="example_file").set_value(ROOT / "examples" / example)
        at.button(key="open_example").click().run()
        assert not at.exception, [e.value for e in at.exception]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_monkey(
    fresh_data: Path,  # noqa: ARG001
    lang: str,
    example: str,
    page: str,
    record_property: Callable[[str, object], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outside_runs_speak(lang, monkeypatch)
    at = open_app(lang, example, page)
    if page in WORKFLOW:
        assert at.title, page
    if lang == "ru":
        shown = [e.value for kind in ("title", "header", "subheader", "caption", "info")
                 for e in getattr(at, kind)]  # fmt: skip
        shown += [e.label for e in at.tabs] + [e.label for e in at.selectbox]
        assert any(re.search("[а-яА-ЯёЁ]{3}", text) for text in shown), (page, shown)
    inputs = {kind: len(getattr(at, kind)) for kind in LEFT_OUT if len(getattr(at, kind))}
    monkey = Monkey(at, page)
    monkey.explore()
    left_out = ", ".join(f"{n} {kind}" for kind, n in inputs.items())
    record_property("actions", monkey.done)
    record_property("skipped", "; ".join(monkey.skipped))
    record_property("not exercised", left_out)
    print(f"{page} [{lang}, {example}]: {monkey.done} actions; skipped: {monkey.skipped or 'none'}"
          f"; not exercised: {left_out or 'none'}")  # fmt: skip
    assert at.title or at.header or at.error, page  # the page drew something
