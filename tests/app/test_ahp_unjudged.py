"""An uploaded decision whose weighting method is AHP but which carries no pairwise
judgements: every page still works and says what is missing and how to fix it; the report
builds and says which weights it used (issue 18, AHP on real decisions)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from crm_select.models.criteria import WeightingMethod
from crm_select.models.loader import dump_scenario, load_catalog, load_scenario
from crm_select.models.paths import EXAMPLE_SCENARIO
from crm_select.models.scenario import Scenario
from crm_select.store.api import create_workspace, open_database
from tests.app.conftest import fix_language

pytestmark = pytest.mark.slow  # AppTest runs whole pages: kept out of `make test-fast`

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HINT = {"en": "do not yet link every item", "ru": "пока связывают не все элементы"}


def _scenario() -> Scenario:
    base = load_scenario(EXAMPLE_SCENARIO, load_catalog())
    tree = base.criteria.model_copy(update={"method": WeightingMethod.AHP, "group_pairwise": []})
    tree = tree.model_copy(
        update={"groups": [g.model_copy(update={"pairwise": []}) for g in tree.groups]}
    )
    return base.model_copy(update={"criteria": tree})


def _unjudged_ahp(fresh_data: Path) -> None:  # noqa: ARG001
    create_workspace(open_database(), _scenario(), "Chair")
    st.cache_resource.clear()


def _shown(at: AppTest) -> str:
    return "\n".join(
        str(e.value) for e in (*at.warning, *at.info, *at.caption, *at.markdown, *at.error)
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_works_and_says_what_the_ahp_weights_miss(
    fresh_data: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    _unjudged_ahp(fresh_data)
    fix_language(monkeypatch, lang)
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    for page in ("views/scoring.py", "views/ranking.py", "views/report.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        shown = _shown(at)
        assert "ahp_not_connected" not in shown, page
        assert HINT[lang] in shown, page
    # the scoring page still shows the decision matrix
    at.switch_page("views/scoring.py").run()
    assert at.dataframe or at.table


def test_the_command_line_ranks_exports_and_names_the_pair_to_judge(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from crm_select.cli.main import app

    path = tmp_path / "ahp.yaml"
    path.write_text(dump_scenario(_scenario()), encoding="utf-8")
    runner = CliRunner()
    ranked = runner.invoke(app, ["rank", str(path)])
    assert ranked.exit_code == 0, ranked.output
    assert "ahp_not_connected" not in ranked.output
    # named as the pages name them (the level, the pair), not by ids
    line = next(x for x in ranked.stderr.splitlines() if "(Functionality) — 0 of the 15" in x)
    assert line.startswith("warning [ahp_incomplete] ")
    assert line.endswith("judge Contact management vs Sales management next")
    html, csv = tmp_path / "report.html", tmp_path / "csv"
    exported = runner.invoke(
        app,
        ["export", str(path), "--html", str(html), "--csv", str(csv), "--lang", "ru",
         "--trials", "200"],
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    # the caveat says which weights were used; the warnings table which level and why
    assert "метод взвешивания — МАИ" in html.read_text(encoding="utf-8")
    warned = (csv / "warnings.csv").read_text(encoding="utf-8")
    assert "Функциональность,Суждения МАИ пока связывают не все элементы" in warned
