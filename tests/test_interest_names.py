"""The four interests have one name each, in each language, wherever they are shown: the board
and the rater form, the pages, the reports and the deck read them from one table (``group``)
of the locale catalogs. (The board used to call the last one "Project risk" while the deck
and the reports said "Risk".)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crm_select import locales
from crm_select.models.criteria import Interest
from crm_select.reports.tables import group_label

ROOT = Path(__file__).resolve().parents[1]
NAMES = {"en": ("Functionality", "Deadlines", "Budget", "Risk")}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_one_table_names_the_interests(lang: locales.Lang) -> None:
    catalog = locales.catalog(lang)
    ids = [g.value for g in Interest]
    tables = {
        key.rsplit(".", 1)[0]
        for key in catalog
        if key.rsplit(".", 1)[-1] == ids[-1]
        and all(f"{key.rsplit('.', 1)[0]}.{g}" in catalog for g in ids)
    }
    assert tables - {"confidence.input"} == {"group"}  # that one names the weights' shares
    for g in ids:
        assert group_label(g, lang) == catalog[f"group.{g}"]  # the deck's and the reports'
    if lang in NAMES:
        assert tuple(catalog[f"group.{g}"] for g in ids) == NAMES[lang]


def test_no_page_or_report_asks_for_another_name() -> None:
    code = [*ROOT.glob("crm_select/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"]
    asking = re.compile(r"""["'](committee|report)\.group\.""")
    assert [str(p.relative_to(ROOT)) for p in code if asking.search(p.read_text("utf-8"))] == []
