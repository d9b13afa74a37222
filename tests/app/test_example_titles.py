"""The examples are titled in the user's language: the Overview and the Decision page name the
open decision in it, and the Decision page's example picker lists the examples by their titles
(not their file names). The reference is each example file itself, read as YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from crm_select.locales import Lang
from tests.app.conftest import ROOT, app_in

pytestmark = pytest.mark.slow  # AppTest runs whole pages

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def example(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def shown(at: AppTest, kind: str) -> list[str]:
    """The page's texts of ``kind`` as read (Markdown's escapes of ``:`` and the like dropped)."""
    return [str(e.value).replace("\\", "") for e in getattr(at, kind)]


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_examples_are_titled_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    b2b = example(ROOT / "examples" / "b2b-distributor.yaml")
    at = app_in(monkeypatch, lang)
    at.switch_page("views/home.py").run()
    assert f"**{b2b['name'][lang]}**" in shown(at, "markdown")
    assert " ".join(b2b["description"][lang].split()) in shown(at, "caption")
    at.switch_page("views/decision.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert f"**{b2b['name'][lang]}**" in shown(at, "markdown")
    picker = at.selectbox(key="example_file")
    assert picker.options == [example(p)["name"][lang] for p in EXAMPLES]


@pytest.mark.usefixtures("fresh_data")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_sidebar_names_the_open_decision_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    """The decision picker lists saved decisions by their title in the reader's language
    (stored with the workspace), not the language the scenario was first written in."""
    b2b = example(ROOT / "examples" / "b2b-distributor.yaml")
    at = app_in(monkeypatch, lang)
    at.switch_page("views/home.py").run()
    picker = at.sidebar.selectbox[0]
    assert picker.options == [f"{b2b['name'][lang]} · v1"]
    assert picker.value is not None
