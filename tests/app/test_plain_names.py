"""Names and descriptions are shown as plain text: Markdown in them never becomes markup.

A decision whose name, description, company, option, criterion and raters carry an image
link, bold markers, a colour directive and math is opened on every page: no element that
renders Markdown (titles, captions, alerts, metric, tab, expander and widget labels) gets an
unescaped image or link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import AlertBase, Block, HeadingBase, Markdown, Node

from crm_select.models.loader import load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.store.api import create_workspace, open_database
from crm_select.ui.plain_text import plain
from tests.app.conftest import WORKFLOW_PAGES

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

APP = str(Path(__file__).resolve().parents[2] / "app.py")
IMAGE = "![x](https://example.invalid/p.png)"
EVIL = f"{IMAGE} **b** :red[r] $x$"
PAGES = [*WORKFLOW_PAGES, "views/committee_board.py"]
MARKUP = re.compile(r"(?<!\\)!\[|(?<!\\)\]\(")  # an image, or a link target, left active


def hostile() -> Scenario:
    catalog = load_catalog()
    base = load_scenario(EXAMPLE_SCENARIO, catalog)
    by_id = {o.id: o for o in catalog.options}
    entries = [
        entry.model_copy(
            update={
                "id": entry.option_id,
                "catalog_id": None,
                "inline": by_id[entry.option_id].model_copy(
                    update={"name": f"{by_id[entry.option_id].name} {EVIL}"}
                ),
            }
        )
        for entry in base.options
    ]
    tree = base.criteria
    groups = [
        g.model_copy(
            update={
                "criteria": [
                    c.model_copy(update={"name": {"en": f"Crit {EVIL}", "ru": f"Крит {EVIL}"}})
                    if c.id == tree.groups[0].criteria[0].id
                    else c
                    for c in g.criteria
                ]
            }
        )
        for g in tree.groups
    ]
    return base.model_copy(
        update={
            "name": f"Deal {EVIL}",
            "description": f"About {EVIL}",
            "company": base.company.model_copy(update={"name": f"Co {EVIL}"}),
            "options": entries,
            "criteria": tree.model_copy(update={"groups": groups}),
            "raters": [r.model_copy(update={"name": f"{r.name} {EVIL}"}) for r in base.raters],
        }
    )


@pytest.fixture
def opened(fresh_data: Path) -> Iterator[AppTest]:  # noqa: ARG001
    ws = create_workspace(open_database(), hostile(), f"Chair {EVIL}").workspace_id
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["ws"] = ws
    yield at
    st.cache_resource.clear()


def markdown_texts(root: Block) -> Iterator[str]:
    """Every string of the tree that Streamlit renders as Markdown."""
    node: Node
    for node in root:
        label = getattr(node, "label", None)
        if isinstance(label, str):
            yield label
        if isinstance(node, Markdown | HeadingBase | AlertBase):
            yield str(node.value)


def test_plain_escapes_every_markdown_construct() -> None:
    escaped = plain(f"{EVIL}\nnext <b>&amp;</b> # 1. - _i_ `c` | ~s~")
    assert "\n" not in escaped
    assert not MARKUP.search(escaped)
    unescaped = re.sub(r"\\(.)", r"\1", escaped)
    assert unescaped == f"{EVIL} next <b>&amp;</b> # 1. - _i_ `c` | ~s~"


@pytest.mark.parametrize("page", PAGES)
def test_no_name_becomes_markup(opened: AppTest, page: str) -> None:
    at = opened
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = [*markdown_texts(at.main), *markdown_texts(at.sidebar)]
    if page == "views/home.py":  # the name is there, escaped
        assert any(plain(f"Deal {EVIL}") in s for s in shown), shown
    active = [s for s in shown if MARKUP.search(s)]
    assert not active, active
